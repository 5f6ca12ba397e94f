"""Parts every capability shares (views)."""
