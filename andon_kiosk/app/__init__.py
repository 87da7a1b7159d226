"""Application services and view-models: what a button runs. QtCore at most, never QtWidgets."""
