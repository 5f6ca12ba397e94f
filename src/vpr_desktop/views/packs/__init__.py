"""Committee and board packs (views)."""
