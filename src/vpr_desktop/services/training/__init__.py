"""Training records, needs analysis and compliance (services)."""
