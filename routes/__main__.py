"""`python -m routes …` runs the command line."""

import sys

from routes.cli import main

sys.exit(main())
