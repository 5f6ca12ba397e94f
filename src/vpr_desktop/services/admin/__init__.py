"""Administration: users, backups, locations (services)."""
