"""Self-assessment against the VPR standard (views)."""
