"""The demo trust generator (services)."""
