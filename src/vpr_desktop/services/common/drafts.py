"""Drafts: long text being typed, kept every half-minute so a crash never loses it.

A draft is the person's own scratch copy of what is in a form (an incident's narrative, say),
keyed by who, which form and which record ("new" for one not saved yet). It is written in its
own short transaction and deliberately NOT through a unit of work: the audit trail records
changes to records, and a draft is not one -- auditing it would keep, forever and append-only,
text the person may decide to throw away, and would wake every other window's live refresh
twice a minute while someone types. Saving the record, cancelling the edit, or closing the
window cleanly removes the draft; whatever is left at the next start is what a crash left.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement
from sqlalchemy import delete
from sqlalchemy import select
from sqlalchemy import update

from vpr_desktop.domain.base import aware
from vpr_desktop.domain.base import utcnow
from vpr_desktop.domain.models import Draft
from vpr_desktop.services.common.processes import process_alive
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.common.unit_of_work import translate

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database


#: A draft kept on another computer is only offered here once it is this old (the person may
#: still be typing there).
OTHER_COMPUTER_AFTER = dt.timedelta(hours=12)


@dataclass(frozen=True)
class SavedDraft:
    """A draft as found at start: which form and record, what was typed, when, and by which
    running copy of the app (process id and computer)."""

    form: str
    record_key: str
    fields: dict[str, str]
    saved_at: dt.datetime
    pid: int = 0
    host: str = ""

    def left_by_a_crash(self, now: dt.datetime | None = None) -> bool:
        """Whether the copy of the app that kept it has gone (so nobody is still typing)."""
        if self.host != socket.gethostname():
            return (now or utcnow()) - aware(self.saved_at) >= OTHER_COMPUTER_AFTER
        return not process_alive(self.pid)


class DraftStore:
    """One person's drafts in one database."""

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor

    def save(self, form: str, record_key: str, fields: dict[str, str]) -> None:
        """Keep ``fields`` (name → text) as the draft of ``form``/``record_key``."""
        if self.db.read_only:
            return
        payload = {"fields": fields, "pid": os.getpid(), "host": socket.gethostname()}
        key = (Draft.username == self.actor.username) & (Draft.form == form)
        key = key & (Draft.record_key == record_key)
        try:
            with self.db.session() as session, session.begin():
                changed = session.execute(
                    update(Draft).where(key).values(payload=payload, updated_at=utcnow())
                )
                if not getattr(changed, "rowcount", 0):
                    session.add(
                        Draft(
                            username=self.actor.username,
                            form=form,
                            record_key=record_key,
                            payload=payload,
                        )
                    )
        except Exception as exc:
            _raise_plain(exc)

    def discard(self, form: str, record_key: str) -> None:
        """Forget the draft (the record was saved, or the edit cancelled)."""
        self._delete(
            (Draft.username == self.actor.username)
            & (Draft.form == form)
            & (Draft.record_key == record_key)
        )

    def discard_these(self, drafts: list[SavedDraft]) -> None:
        """Forget ``drafts`` (offered back and declined)."""
        for draft in drafts:
            self.discard(draft.form, draft.record_key)

    def discard_this_session(self) -> None:
        """Forget the drafts this running app kept (a clean close); another window's stay."""
        here = socket.gethostname()
        self.discard_these([d for d in self.mine() if d.pid == os.getpid() and d.host == here])

    def mine(self) -> list[SavedDraft]:
        """This person's drafts, newest first: what a crash left behind."""
        with reading(self.db) as session:
            rows = session.scalars(
                select(Draft)
                .where(Draft.username == self.actor.username)
                .order_by(Draft.updated_at.desc())
            ).all()
        out = []
        for r in rows:
            payload = r.payload or {}
            fields = payload.get("fields")
            out.append(
                SavedDraft(
                    r.form,
                    r.record_key,
                    {str(k): str(v) for k, v in fields.items()} if isinstance(fields, dict) else {},
                    r.updated_at,
                    int(payload.get("pid") or 0),
                    str(payload.get("host") or ""),
                )
            )
        return out

    def left_by_a_crash(self) -> list[SavedDraft]:
        """This person's drafts whose app has gone: what to offer back at start."""
        return [d for d in self.mine() if d.fields and d.left_by_a_crash()]

    def _delete(self, where: ColumnElement[bool]) -> None:
        if self.db.read_only:
            return
        try:
            with self.db.session() as session, session.begin():
                session.execute(delete(Draft).where(where))
        except Exception as exc:
            _raise_plain(exc)


def _raise_plain(exc: Exception) -> None:
    translated = translate(exc)
    if translated is exc:
        raise exc
    raise translated from exc
