"""Behaviour of the main window's panes: they talk to services; the views only lay out widgets."""
