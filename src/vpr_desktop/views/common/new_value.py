"""The value step's "new value" dialog: what a value the file names becomes when it is created.

A location needs its name, code, site and setting type; a course its name, code, renewal months
and who needs it; a staff group only a name. The import's kind (``MappableKind``) says which
fields are typed in and which may be left blank; the value is only created if the import
succeeds.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.services.importing.value_map import MappableKind
from vpr_desktop.views.common.formatting import first_upper
from vpr_desktop.views.common.screen_fit import ScreenFitDialog
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import line_box
from vpr_desktop.views.common.widgets import set_role


class NewValueDialog(ScreenFitDialog):
    """Describe a new value to create (a location: its name, code, site and setting type; a
    course: its name, code, renewal months and who needs it; a staff group).

    The site box is editable: a name that is not a site yet becomes a new site. The kind
    says which fields are typed in and which may be left blank."""

    def __init__(self, kind: MappableKind, value: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        noun = kind.create or "value"
        self.setWindowTitle(f"New {noun}")
        self.setAccessibleName(f"Create a new {noun} for '{value}'")
        self.name = line_box(self, f"Name of the new {noun}", text=value)
        self.code = line_box(
            self, f"Code of the new {noun} (optional)", hint="Made from the name when left blank"
        )
        form = QFormLayout()
        form.addRow(f"{first_upper(noun)} name", self.name)
        form.addRow("Code", self.code)
        self.options: dict[str, QComboBox] = {}
        for key, targets in kind.create_options.items():
            combo = QComboBox(self)
            words = key.replace("_", " ")
            combo.setAccessibleName(f"{first_upper(words)} of the new {noun}")
            for t in targets:
                combo.addItem(t.label, t.key)
            if key == "site":
                combo.setEditable(True)
                combo.setToolTip("Choose a site, or type the name of a new one.")
                if not targets:
                    combo.setCurrentText("")
                    combo.lineEdit().setPlaceholderText("Type the name of a new site")
            self.options[key] = combo
            form.addRow(first_upper(words), combo)
        self.fields: dict[str, QLineEdit] = {}
        for key, caption in kind.fields.items():
            box = line_box(self, f"{caption} of the new {noun}")
            self.fields[key] = box
            form.addRow(caption, box)
        self.optional = set(kind.optional)
        self.problem = label("", self, name="fieldHint")
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(f"Use this new {noun}")
        ok.setAccessibleName(f"Use this new {noun}")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                f"'{value}' will be added as a new {noun} when the file is imported "
                "(not when it is only checked).",
                self,
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def new(self) -> dict[str, str]:
        """The fields of the new value, as the import service reads them."""
        out = {"name": self.name.text().strip(), "code": self.code.text().strip()}
        for key, combo in self.options.items():
            index = combo.findText(combo.currentText())
            data = combo.itemData(index) if index >= 0 else None
            out[key] = str(data) if data is not None else combo.currentText().strip()
        out.update({key: box.text().strip() for key, box in self.fields.items()})
        return {k: v for k, v in out.items() if v}

    def accept(self) -> None:  # Qt override: every field the import needs is filled in
        """Refuse (saying what is missing) until the name and every choice are given."""
        new = self.new()
        missing = [
            words
            for key, words in (
                ("name", "a name"),
                *((k, k.replace("_", " ")) for k in self.options),
            )
            if not new.get(key) and key not in self.optional
        ]
        if missing:
            self.problem.setText("Give " + ", ".join(missing) + ".")
            set_role(self.problem, "outcome", "problem")
            self.problem.show()
            return
        super().accept()
