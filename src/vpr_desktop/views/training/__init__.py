"""Training records, needs analysis and compliance (views)."""
