"""`python -m generator …` runs the same command line as `gongkai …` (where the script is not on PATH)."""

import sys

from .cli import main

if __name__ == "__main__":  # docs.load_all_codes imports every module: importing must not run the CLI
    sys.exit(main())
