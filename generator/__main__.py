"""`python -m generator`: the same command line as `gongkai`."""

import sys

from .cli import main

sys.exit(main())
