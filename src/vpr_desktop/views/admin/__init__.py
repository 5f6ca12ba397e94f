"""Administration pages: the audit trail (users and settings to follow)."""
