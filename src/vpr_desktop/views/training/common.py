"""What every tab of the Training page shares: how a tab loads and writes (who may do what
is ``training.access``).

A tab loads in a background job on the read pool the first time it is shown (and again when
it is shown after something changed), applies the result on the GUI thread, and shows a known
problem (``VprError``) in words at its top — never a traceback. Writes run one at a time on
the write pool; the page then marks every tab stale so each reloads when next shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.errors import error_words
from vpr_desktop.views.common.errors import known_words
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.common.worker import JobRunner
from vpr_desktop.views.training.access import Access

if TYPE_CHECKING:
    from vpr_desktop.services.training.service import TrainingService


class TrainingTab(QWidget):
    """A tab that loads itself in the background (see the module docstring).

    Why a base that builds: the page makes every tab the same way (its service, who may do
    what, the tab widget), so a tab says only its ``NAME`` (tests, the style sheet), its
    ``LOADING`` words and how it is built (:meth:`build`, run once the shared parts exist).

    Signals:
        written(): this tab changed the database (the page marks the other tabs stale).
    """

    written = Signal()

    #: The tab's object name (tests and the style sheet find it by this).
    NAME = "trainingTab"
    #: What the runner says while the tab loads.
    LOADING = "Loading…"

    def __init__(
        self, service: TrainingService, access: Access, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(self.NAME)
        self.service = service
        self.access = access
        self.loaded = False
        self.stale = True
        self.loads = 0  # finished loads (tests wait on it)
        self.reader = JobRunner(self, name="Loading training figures")
        self.writer = JobRunner(self, name="Saving training changes")
        self.problem = label("", self, name="pageError", selectable=True)
        self.problem.setAccessibleName("Problem")
        self.problem.hide()
        self.layout_ = vertical(
            self, self.reader, self.writer, self.problem, margins=(0, 8, 0, 0), spacing=8
        )
        self.build()

    def build(self) -> None:
        """Build the tab's own widgets under the problem line (each tab says how)."""

    # ------------------------------------------------------------------ loading

    def ensure_loaded(self) -> None:
        """Load if never loaded or changed since (a load still running from before the
        change is replaced: its figures would be out of date)."""
        if self.stale:
            self.load()

    def load(self) -> None:
        """Read again in the background (F5, first show, after a write)."""
        self.stale = False
        fetch = self.fetch()

        self.reader.read(
            lambda: fetch(),
            label=self.LOADING,
            on_done=self._loaded,
            on_error=self._load_failed,
        )

    def fetch(self) -> Callable[[], Any]:
        """A function (run off the GUI thread) returning what :meth:`show_data` needs.
        Every tab defines it (all five do); the base only names the contract."""
        raise TypeError(f"{type(self).__name__} must define fetch()")  # pragma: no cover

    def show_data(self, data: Any) -> None:
        """Put the fetched data on screen (GUI thread); every tab defines it."""
        raise TypeError(f"{type(self).__name__} must define show_data()")  # pragma: no cover

    def _loaded(self, data: Any) -> None:
        self.hide_problem()
        self.loaded = True
        self.show_data(data)
        self.loads += 1

    def _load_failed(self, exc: BaseException) -> None:
        self.loads += 1
        words = known_words(exc, self)
        if words is None:
            return
        self.show_problem(words)

    # ------------------------------------------------------------------ writing

    def write(
        self,
        fn: Callable[[], Any],
        *,
        doing: str,
        done: str,
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None] | None = None,
        on_conflict: Callable[[str], None] | None = None,
    ) -> bool:
        """Run ``fn`` on the write pool; a known error goes to ``on_error`` (or the tab's
        problem line), a stale save (``ConflictError``) to ``on_conflict`` when given."""
        if self.writer.is_busy():
            return False

        def succeeded(result: Any) -> None:
            self.hide_problem()
            on_done(result)
            self.written.emit()

        def failed(exc: BaseException) -> None:
            from vpr_desktop.domain.errors import ConflictError

            if on_conflict is not None and isinstance(exc, ConflictError):
                on_conflict(error_words(exc) or "")
                return
            words = known_words(exc, self)
            if words is None:
                words = "That could not be saved; the problem has been logged."
            (on_error or self.show_problem)(words)

        self.writer.write(fn, label=doing, on_done=succeeded, on_error=failed, done_note=done)
        return True

    # ------------------------------------------------------------------ problems

    def show_problem(self, text: str) -> None:
        """Show ``text`` above the tab's content."""
        self.problem.setText(text)
        self.problem.setAccessibleDescription(text)
        self.problem.show()

    def hide_problem(self) -> None:
        """Hide the problem line."""
        self.problem.hide()
        self.problem.setText("")
