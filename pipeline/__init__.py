"""Reading Chinese government work reports by the numbers."""

__version__ = "0.1.0"
