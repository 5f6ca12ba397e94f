"""The violence risk register (views)."""
