"""Self-assessment against the VPR standard (services)."""
