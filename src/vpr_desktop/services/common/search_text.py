"""What a person types in a search box, as a SQL LIKE pattern that finds it anywhere.

One function for every search (list pages, the risk owner picker, the training people search)
because each must escape the same way: a person searching for "50%" or "A_1" means those
characters, not LIKE's wildcards, and a pattern escaped one way in one place and another way
elsewhere would find different rows for the same words.
"""

from __future__ import annotations


def like_anywhere(term: str) -> str:
    """A LIKE pattern matching ``term`` anywhere in a value, with ``%``, ``_`` and ``\\`` in it
    taken literally; the query must say ``escape="\\"``."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
