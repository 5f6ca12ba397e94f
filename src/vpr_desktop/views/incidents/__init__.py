"""Incidents and post-incident support (views)."""
