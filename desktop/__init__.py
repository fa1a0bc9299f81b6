"""讲稿助手 (speechdraft)."""

__version__ = "0.1.0"
