"""Incidents and post-incident support (services)."""
