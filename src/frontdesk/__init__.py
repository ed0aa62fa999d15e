"""物业客服前台 frontdesk."""

__version__ = "0.1.0"
