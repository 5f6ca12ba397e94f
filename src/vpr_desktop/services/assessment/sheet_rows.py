"""The rows of a self-assessment workbook: each checked, then the changed ratings written.

Row rules (each failure is one report line naming the row, so "row 17: RAG 'Purple' ..." and
"row 30: Code '9.9' ..." come back together and nothing is written):

* the code must be an indicator of the cycle's edition, once per file;
* the RAG must be one of the edition's scale labels (also ``R``/``A``/``G``; blank is "not
  assessed");
* the work status, when the column is there, one of to do / in progress / in review / done.

Apart from finding the cycle and running the import (``sheet_import``) because these rules
are the import's meaning, where the other module is its plumbing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import select

from vpr_desktop.domain.base import utcnow
from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.enums import WorkStatus
from vpr_desktop.domain.models import AssessmentCycle
from vpr_desktop.domain.models import Indicator
from vpr_desktop.domain.models import Rating
from vpr_desktop.services.importing.batch import ImportContext
from vpr_desktop.services.importing.row_check import RowCheck
from vpr_desktop.services.importing.values import clean_text
from vpr_desktop.services.importing.values import parse_choice

if TYPE_CHECKING:
    from vpr_desktop.services.assessment.records import CycleInfo
    from vpr_desktop.services.assessment.service import AssessmentService


def rag_words(scale: Any) -> dict[str, Rag]:
    """Accepted RAG cell values (case-blind): the scale's labels, the ids, R/A/G."""
    words: dict[str, Rag] = {}
    for level in scale:
        for word in (level.label, level.id.value, level.id.value.replace("_", " ")):
            words[" ".join(word.split()).casefold()] = level.id
    words.update(
        {
            "r": Rag.RED,
            "a": Rag.AMBER,
            "g": Rag.GREEN,
            "not assessed": Rag.NOT_RATED,
            "not rated": Rag.NOT_RATED,
        }
    )
    return words


def ratings_body(service: AssessmentService, info: CycleInfo, words: dict[str, Rag]) -> Any:
    """The import ``body`` for cycle ``info``: every row checked (``words``: the RAG cell
    values accepted, from :func:`rag_words`), then the changed ratings written."""
    allowed = ", ".join(dict.fromkeys(level.label for level in service.summary(info.id).scale))

    def body(ctx: ImportContext) -> None:
        s = ctx.session
        cycle = s.get(AssessmentCycle, info.id)
        assert cycle is not None
        service._check_editable(s, cycle.id)
        ratings = {
            code: r
            for r, code in s.execute(
                select(Rating, Indicator.code)
                .join(Indicator, Indicator.id == Rating.indicator_id)
                .where(Rating.cycle_id == cycle.id)
            ).all()
        }
        fmt = ctx.table.format
        has_status, has_narrative = ctx.table.has("work_status"), ctx.table.has("narrative")
        seen: dict[str, int] = {}
        updates: list[tuple[Rating, Rag, WorkStatus, str | None]] = []
        for row in ctx.table.rows():
            ctx.rows_read += 1
            check = RowCheck(ctx, row)
            code = clean_text(row["code"])
            rating = None
            if code is None:
                check.problem("code", row["code"], "is empty; Code is required")
            elif check.first_use("code", code, seen, "the same code is"):
                rating = ratings.get(code)
                if rating is None:
                    check.problem(
                        "code",
                        code,
                        f"is not an indicator of the {info.edition} edition in '{info.name}'",
                    )
            raw_rag = clean_text(row["rag"])
            rag = Rag.NOT_RATED
            if raw_rag is not None:
                found = words.get(" ".join(raw_rag.split()).casefold())
                if found is None:
                    check.problem("rag", raw_rag, f"is not a rating; use {allowed}")
                else:
                    rag = found
            status = WorkStatus(rating.work_status) if rating is not None else WorkStatus.TO_DO
            if has_status:
                chosen = check.parse(
                    "work_status", lambda v: parse_choice(v, fmt.field("work_status").choices)
                )
                status = WorkStatus(chosen) if chosen else status
            narrative = rating.narrative if rating is not None else None
            if has_narrative:
                narrative = check.text("narrative", required=False)
            if not check.bad and rating is not None:
                updates.append((rating, rag, status, narrative))
        if ctx.problems:
            return
        now, changed = utcnow(), 0
        for rating, rag, status, narrative in updates:
            if (Rag(rating.rag), WorkStatus(rating.work_status), rating.narrative) == (
                rag,
                status,
                narrative,
            ):
                continue
            rating.rag, rating.work_status, rating.narrative = rag, status, narrative
            rating.carried_forward = rating.needs_reconfirm = False
            rating.rated_by, rating.rated_at = service.actor.username, now
            changed += 1
        s.flush()
        ctx.rows_ok = len(updates)
        ctx.counts.update({"ratings changed": changed, "unchanged": len(updates) - changed})
        if len(seen) < len(ratings):
            ctx.notes.append(
                f"{len(ratings) - len(seen)} indicator(s) of the cycle were not "
                "in the file and were left as they were."
            )

    return body
