"""`python -m generator …` runs the same command line as `gongkai …` (where the script is not on PATH)."""

import sys

from .cli import main

sys.exit(main())
