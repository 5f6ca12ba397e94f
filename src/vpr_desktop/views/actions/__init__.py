"""The joint management / staff-side action log (views)."""
