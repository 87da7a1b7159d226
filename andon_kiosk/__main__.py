import sys

from andon_kiosk.cli import gui_main

# gui_main is main that also runs without a console (the bundle's andon-kiosk-gui.exe)
sys.exit(gui_main())
