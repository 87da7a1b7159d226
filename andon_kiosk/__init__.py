"""andon-kiosk: the touch-screen andon station that stands at every production line."""

__version__ = "0.1.0"
