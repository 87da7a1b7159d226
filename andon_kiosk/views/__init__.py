"""Qt widgets: passive views over the view-models in `andon_kiosk.app`."""
