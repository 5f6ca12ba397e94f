"""The home page and start screen (views)."""
