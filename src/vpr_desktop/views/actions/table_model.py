"""The action log's table model: the lazy list model with the log's own words.

Status, source, priority and overdue are stored as codes; the list shows them as the log's
words (a proposal's status as who it waits for), so what is read matches the detail panel.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from typing import ClassVar

from vpr_desktop.domain.action_rules import PRIORITY_LABELS
from vpr_desktop.domain.action_rules import SOURCE_LABELS
from vpr_desktop.domain.action_rules import STATUS_LABELS
from vpr_desktop.domain.enums import ActionSource
from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.enums import Priority
from vpr_desktop.services.actions.listing import PROPOSAL_WORDS
from vpr_desktop.views.common.table_model import WordsTableModel


class ActionTableModel(WordsTableModel):
    """The lazy model with the log's own words for status, source, priority and overdue."""

    WORDS: ClassVar[dict[str, Callable[[Any], str]]] = {
        "status": lambda v: (
            PROPOSAL_WORDS[v] if v in PROPOSAL_WORDS else STATUS_LABELS[ActionStatus(v)]
        ),
        "source": lambda v: SOURCE_LABELS[ActionSource(v)],
        "priority": lambda v: PRIORITY_LABELS[Priority(v)],
        "overdue": lambda v: "Overdue" if v else "",
    }
