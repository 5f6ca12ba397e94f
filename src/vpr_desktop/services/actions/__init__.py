"""The joint management / staff-side action log (services)."""
