"""Roles and responsibilities (views)."""
