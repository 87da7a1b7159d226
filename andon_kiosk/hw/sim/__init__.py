"""Simulated devices: the far end of a pseudo-terminal or a TCP port behaving like a tower,
a counter or a badge reader. Used by `--demo`, `andon-kiosk simulate-device` and the tests;
the kiosk talks to them exactly as to real hardware."""
