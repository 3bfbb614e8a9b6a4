import sys

from bodyscan.cli import main

sys.exit(main())
