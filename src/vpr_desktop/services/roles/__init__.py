"""Roles and responsibilities (services)."""
