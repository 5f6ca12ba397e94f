"""The violence risk register (services)."""
