"""The one filter bar every list page uses: a search box that waits for a pause in typing, and
the page's filters declared as combo boxes, check boxes and date boxes.

A page declares its controls in order (``add_search``, ``add_combo``, ``add_check``, …) with
the filter key each one sets; the bar then knows how to turn itself into the list source's
``filters`` dictionary, whether it shows its defaults, how to clear itself with one
``changed``, and its Tab order. What a filter means stays with the page's own subclass (an
action's "Live" status, a risk's overdue date), through ``filters()``.

The controls sit in a wrapping ``FlowLayout``, so at 150–200% scaling or in a narrow window
they go onto another line instead of being clipped. On a short page (1366 x 768 at 150% leaves
a list page under :data:`COMPACT_BELOW` logical pixels) the bar collapses to the search box, a
"More filters" button and Clear filters, so the list keeps its rows; the button says how many
of the filters it hides are in use, and opens them.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLayout
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button

SEARCH_DELAY_MS = 250
#: A list page shorter than this (logical pixels) shows its other filters behind "More filters".
COMPACT_BELOW = 600

#: Turns a control's value into the value its filter key takes (``[value]``, a tuple's list).
Convert = Callable[[Any], Any]


def captioned(
    caption: str, widget: QWidget, parent: QWidget, *, name: str = "fieldName"
) -> QWidget:
    """A control with its caption to the left, kept together when the bar wraps."""
    box = QWidget(parent)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    text = label(caption, box, name=name, wrap=False)
    text.setBuddy(widget)
    row.addWidget(text)
    row.addWidget(widget)
    return box


def refill_combo(
    combo: QComboBox,
    first: str,
    items: Iterable[tuple[str, Any]],
    *,
    tips: Sequence[str] = (),
) -> None:
    """Fill ``combo`` with ``first`` (no filter) then ``items`` as (text, value), each with its
    tip if ``tips`` gives one, keeping the value chosen before; no ``currentIndexChanged``.

    Why: a filter bar refills its lists when the page reloads (new people, locations, users),
    and must neither lose the person's choice nor run the filters again while it does.
    """
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(first, None)
    for index, (text, value) in enumerate(items):
        combo.addItem(text, value)
        if index < len(tips):
            combo.setItemData(combo.count() - 1, tips[index], Qt.ItemDataRole.ToolTipRole)
    combo.setCurrentIndex(max(0, combo.findData(chosen)))
    combo.blockSignals(False)


def _flow(parent: QWidget, spacing: int) -> QLayout:
    from vpr_desktop.views.common.flow import FlowLayout

    return FlowLayout(parent, spacing=spacing)


class FilterBar(QWidget):
    """Search and filters for one list, declared by the page; see the module docstring.

    Signals:
        changed(): a filter changed, or the search did (after a pause in typing, or Enter).
    """

    changed = Signal()

    #: The filters the bar asks for before anyone touches it (``is_default`` compares).
    default_filters: dict[str, Any] = {}

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        spacing: int = 14,
        flow: Callable[[QWidget], QLayout] | None = None,
        problem_line: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        self.char = self.fontMetrics().averageCharWidth()
        holder: QWidget = self
        self.problem = None
        if problem_line:  # a line under the controls for a filter typed badly
            outer = QVBoxLayout(self)
            outer.setContentsMargins(0, 0, 0, 0)
            outer.setSpacing(4)
            holder = QWidget(self)
            outer.addWidget(holder)
            self.problem = label("", self, name="fieldError")
            self.problem.hide()
            outer.addWidget(self.problem)
        self.holder = holder
        self._flow = flow(holder) if flow is not None else _flow(holder, spacing)
        self._controls: list[tuple[str | None, QWidget, Convert | None]] = []
        self._edits: list[QLineEdit] = []
        self.search = QLineEdit(holder)
        self.clear_button: QPushButton | None = None
        #: (control, what the flow holds: the control or its captioned box), in order.
        self._items: list[tuple[QWidget, QWidget]] = []
        self.more = QPushButton("More filters", holder)
        self.more.setObjectName("moreFilters")
        self.more.setCheckable(True)
        self.more.hide()
        self.more.toggled.connect(lambda _on: self._arrange())
        self._compact = False
        self._not_offered: set[QWidget] = set()  # controls the page hides (not for this user)
        self._word_more()
        self.changed.connect(self._word_more)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.changed.emit)

    # ------------------------------------------------------------------ declaring controls

    def add(self, widget: QWidget, caption: str = "", *, caption_name: str = "fieldName") -> None:
        """Put a control on the bar (with a caption to its left, if given)."""
        control = widget
        if caption:
            widget = captioned(caption, widget, self.holder, name=caption_name)
        self._flow.addWidget(widget)
        self._items.append((control, widget))
        if control is self.search:  # "More filters" follows the search box
            self._flow.addWidget(self.more)

    def add_trailing(self, widget: QWidget) -> None:
        """Put ``widget`` after the controls, shown whatever the bar's mode (a list's count
        "Showing 210 of 210", beside "More filters" on a short page, so it needs no line of
        its own). A label stands as tall as the search box, its text on one line centred on
        it (no room left on the line: the count starts the next one)."""
        if isinstance(widget, QLabel):
            widget.setWordWrap(False)
            widget.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            widget.setMinimumHeight(self.search.sizeHint().height())
        self._flow.addWidget(widget)

    def add_search(
        self, placeholder: str, accessible: str, description: str = "", *, chars: int = 34
    ) -> QLineEdit:
        """The search box: it filters once typing pauses (:data:`SEARCH_DELAY_MS`), or on Enter."""
        search = self.search
        search.setObjectName("searchBox")
        search.setPlaceholderText(placeholder)
        search.setAccessibleName(accessible)
        if description:
            search.setAccessibleDescription(description)
        search.setClearButtonEnabled(True)
        search.setMinimumWidth(self.char * chars)
        self.watch_text(search, on_finish=False)
        search.returnPressed.connect(self._now)
        self.add(search)
        return search

    def watch_text(self, edit: QLineEdit, *, on_finish: bool = True) -> None:
        """Typing in ``edit`` filters after a pause; leaving it filters at once."""
        if edit is not self.search:
            self._edits.append(edit)
        edit.textChanged.connect(lambda _t: self._timer.start())
        if on_finish:
            edit.editingFinished.connect(self._now)

    def add_combo(
        self,
        key: str | None,
        accessible: str,
        choices: Iterable[tuple[str, Any]] = (),
        *,
        caption: str = "",
        max_chars: int = 0,
        convert: Convert | None = None,
    ) -> QComboBox:
        """A drop-down whose chosen item's data is the filter's value (None: no filter).

        ``key`` None: the page reads the combo itself in ``filters()``.
        """
        combo = QComboBox(self.holder)
        combo.setAccessibleName(accessible)
        for text, data in choices:
            combo.addItem(text, data)
        if max_chars:
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMaximumWidth(self.char * max_chars)
        combo.currentIndexChanged.connect(self._now)
        self._controls.append((key, combo, convert))
        self.add(combo, caption)
        return combo

    def add_check(self, key: str | None, text: str, accessible: str) -> QCheckBox:
        """A check box that sets ``key`` to True while ticked."""
        check = QCheckBox(text, self.holder)
        check.setAccessibleName(accessible)
        check.toggled.connect(self._now)
        self._controls.append((key, check, None))
        self.add(check)
        return check

    def add_clear_button(self) -> QPushButton:
        """Add a button that resets every filter and the search."""
        button = push_button(
            "Clear filters", self.holder, self.clear, spoken="Clear filters and search"
        )
        self.clear_button = button
        self.add(button)
        return button

    # ------------------------------------------------------------------ reading

    def combos(self) -> tuple[QComboBox, ...]:
        """The bar's drop-down filters, in order."""
        return tuple(w for _k, w, _c in self._controls if isinstance(w, QComboBox))

    def checks(self) -> tuple[QCheckBox, ...]:
        """The bar's tick-box filters, in order."""
        return tuple(w for _k, w, _c in self._controls if isinstance(w, QCheckBox))

    def search_text(self) -> str:
        """The search text, trimmed."""
        return self.search.text().strip()

    def filters(self) -> dict[str, Any]:
        """The declared controls as list-source filters (subclasses add their own meanings)."""
        out: dict[str, Any] = {}
        for key, widget, convert in self._controls:
            if key is None:
                continue
            if isinstance(widget, QCheckBox):
                if widget.isChecked():
                    out[key] = True
            elif isinstance(widget, QComboBox):
                value = widget.currentData()
                if value is not None:
                    out[key] = convert(value) if convert is not None else value
        return out

    def is_default(self) -> bool:
        """True when nothing is searched and every filter has its default value."""
        return not self.search_text() and self.filters() == self.default_filters

    def show_problem(self, text: str) -> None:
        """Say in words why a filter is left out (a date typed badly); '' hides the line."""
        if self.problem is not None:
            self.problem.setText(text)
            self.problem.setVisible(bool(text))

    # ------------------------------------------------------------------ changing

    def _now(self, *_args: object) -> None:
        self._timer.stop()
        self.changed.emit()

    def clear(self) -> None:
        """Every control back to its first choice, no search; one ``changed``."""
        widgets: list[QWidget] = [self.search, *self._edits, *(w for _k, w, _c in self._controls)]
        for widget in widgets:
            widget.blockSignals(True)
        for edit in (self.search, *self._edits):
            edit.clear()
        for combo in self.combos():
            combo.setCurrentIndex(0)
        for check in self.checks():
            check.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self._now()

    def show_only(self, set_up: Callable[[], object]) -> None:
        """Every filter cleared, then ``set_up`` sets the ones wanted, with one ``changed``:
        what a Home card or a sidebar badge opens, so the list shows exactly its figure."""
        self.blockSignals(True)
        try:
            self.clear()
            set_up()
        finally:
            self.blockSignals(False)
        self._now()

    # ------------------------------------------------------------------ compact

    def set_compact(self, compact: bool) -> None:
        """Collapse the filters other than the search (and Clear filters) behind "More
        filters" (``compact``), or show them all."""
        if compact != self._compact:
            self._compact = compact
            self._arrange()

    def is_compact(self) -> bool:
        return self._compact

    def offer(self, control: QWidget, offered: bool) -> None:
        """Show ``control`` (``offered``) or keep it hidden whatever the bar's mode: a filter
        this user has no use for."""
        if offered:
            self._not_offered.discard(control)
        else:
            self._not_offered.add(control)
        self._arrange()

    def _secondary(self) -> list[tuple[QWidget, QWidget]]:
        return [
            (control, shown)
            for control, shown in self._items
            if control is not self.search and control is not self.clear_button
        ]

    def _arrange(self) -> None:
        hidden_away = self._compact and not self.more.isChecked()
        for control, shown in self._secondary():
            shown.setVisible(not hidden_away and control not in self._not_offered)
        offered = [c for c, _s in self._secondary() if c not in self._not_offered]
        self.more.setVisible(self._compact and bool(offered))
        self._word_more()

    def in_use_behind_more(self) -> int:
        """How many of the filters "More filters" holds are set away from their default."""
        count = 0
        for control, _shown in self._secondary():
            if control in self._not_offered:
                continue
            if isinstance(control, QComboBox):
                count += control.currentIndex() > 0
            elif isinstance(control, QCheckBox):
                count += control.isChecked()
            elif isinstance(control, QLineEdit):
                count += bool(control.text().strip())
        return count

    def _word_more(self) -> None:
        used = self.in_use_behind_more()
        if self.more.isChecked():
            text, spoken = "Fewer filters", "Hide the other filters"
        else:
            text = "More filters" + (f" ({used} in use)" if used else "")
            spoken = "Show the other filters" + (f"; {used} in use" if used else "")
        self.more.setText(text)
        self.more.setAccessibleName(spoken)

    def tab_chain(self) -> list[QWidget]:
        """The bar's controls in reading order (the page links them into its Tab order)."""
        chain: list[QWidget] = [self.search, self.more] if self.search.objectName() else []
        chain += [*self._edits, *(w for _k, w, _c in self._controls)]
        if self.clear_button is not None:
            chain.append(self.clear_button)
        return chain


def fold_for_height(page: Any, bar: FilterBar) -> bool:
    """On a page shorter than :data:`COMPACT_BELOW` the bar folds behind "More filters" and
    the page's purpose line moves into its title's tooltip, so its list keeps its rows.
    ``page`` is a :class:`~vpr_desktop.views.common.page.Page` (its ``header`` and ``spec``).
    Returns whether the page is short."""
    compact = bool(page.height() < COMPACT_BELOW)
    bar.set_compact(compact)
    page.header.purpose.setVisible(not compact)
    page.header.title.setToolTip(page.spec.purpose if compact else "")
    return compact
