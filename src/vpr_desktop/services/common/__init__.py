"""Parts every capability shares (services)."""
