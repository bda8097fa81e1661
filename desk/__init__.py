"""desk: the coordinator matching desk for vaccination venue staffing."""

__version__ = "0.1.0"
APP_NAME = "desk"
