"""Screens for work beyond one trust: the anonymised return."""
