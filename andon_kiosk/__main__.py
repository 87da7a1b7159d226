import sys

from andon_kiosk.cli import main

sys.exit(main())
