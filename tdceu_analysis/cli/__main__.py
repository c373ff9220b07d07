import sys

from tdceu_analysis.cli import main

sys.exit(main())
