"""Column maps for imports, loaded from ``resources/import_formats/<kind>.toml``.

Why data: ESR, Datix and home-made risk registers name their columns differently from trust
to trust and from one report version to the next (ecosystem-and-reliability.md A2). A format
file lists, per target field, the header synonyms to look for, whether the field is required,
its type and limits, and the accepted date styles; a new export layout is then a TOML edit,
not a code change. A saved :class:`~vpr_desktop.domain.models.MappingProfile` (field ->
the exact header a user picked in a mapping dialog) is applied on top with
:meth:`ImportFormat.with_columns`.

Format file layout::

    [format]
    kind = "risks"            # the file name without .toml
    name = "Risk register"    # shown to people
    version = 1
    header_search_rows = 20   # the header row is looked for in this many first rows
    max_rows = 20000          # refuse bigger files (a cap, not a guess)
    date_styles = ["iso", "dmy", "d-mon-y", "excel_serial"]
    no_date_words = ["No Expiry", "n/a"]
    list_separators = [";", "|", "\\n"]

    [fields.title]            # one table per target field, in the order to check them
    label = "Title"
    synonyms = ["Title", "Risk title"]   # the label is tried first unless listed here
    required = true
    type = "text"             # text | int | date | choice | list
    max_length = 500
    # int: minimum / maximum; choice: [fields.x.choices] value = ["synonym", ...]

    [options]                 # anything kind-specific the importer reads itself

Headers are compared after :func:`normalise_header` (case, punctuation, "&" vs "and" and
spacing ignored), so "Risk Ref." matches the synonym "risk ref".
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from functools import lru_cache
from importlib.resources import files
from typing import Any

from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.services.importing.values import DATE_STYLES
from vpr_desktop.services.importing.values import NO_DATE_WORDS

FIELD_TYPES = ("text", "int", "date", "choice", "list")
_FIELD_KEYS = {
    "label",
    "synonyms",
    "required",
    "type",
    "max_length",
    "minimum",
    "maximum",
    "choices",
    "help",
}
_FORMAT_KEYS = {
    "kind",
    "name",
    "version",
    "header_search_rows",
    "max_rows",
    "date_styles",
    "no_date_words",
    "list_separators",
    "description",
}


class FormatError(ValueError):
    """A format file that cannot be used (a packaging or trust-edit mistake)."""


def normalise_header(text: Any) -> str:
    """Compare headers ignoring case, punctuation, '&'/'and' and extra spaces."""
    if text is None:
        return ""
    s = str(text).casefold().replace("&", " and ")
    s = re.sub(r"[^0-9a-z]+", " ", s)
    return " ".join(s.split())


@dataclass(frozen=True)
class FieldSpec:
    """One target field: how to find its column and how to read its values."""

    key: str
    label: str
    synonyms: tuple[str, ...]  # normalised
    type: str = "text"
    required: bool = False
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    choices: Mapping[str, str] = field(default_factory=dict)  # normalised synonym -> value
    help: str = ""


@dataclass(frozen=True)
class HeaderMatch:
    """Where each field is in a header row (0-based column indexes)."""

    columns: dict[str, int]
    headers: dict[str, str]  # field key -> header text as written in the file
    missing_required: tuple[str, ...]
    unmapped: tuple[str, ...]  # non-blank header cells no field uses

    @property
    def complete(self) -> bool:
        """True when every required field has a column."""
        return not self.missing_required

    @property
    def score(self) -> int:
        """How many fields found a column: the best candidate header row has the most."""
        return len(self.columns)


@dataclass(frozen=True)
class ImportFormat:
    """How to read one kind of file (fields, header aliases, limits), loaded from a TOML file so
    trusts can adapt it without code."""

    kind: str
    name: str
    version: int
    fields: tuple[FieldSpec, ...]
    header_search_rows: int = 20
    max_rows: int = 200_000
    date_styles: tuple[str, ...] = DATE_STYLES
    no_date_words: frozenset[str] = NO_DATE_WORDS
    list_separators: tuple[str, ...] = (";", "\n", "|")
    options: Mapping[str, Any] = field(default_factory=dict)
    description: str = ""
    source: str = ""
    #: The person's layout choice (a workbook's sheet, the header's row number); None: found.
    sheet: str | None = None
    header_row: int | None = None

    def with_layout(self, sheet: str | None, header_row: int | None) -> ImportFormat:
        """This format reading the named sheet and taking ``header_row`` as the header (as
        chosen in a sheet / header-row step) instead of searching for them."""
        return replace(self, sheet=sheet or None, header_row=header_row or None)

    def field(self, key: str) -> FieldSpec:
        """The field with this key; KeyError for an unknown key (a programming error)."""
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    @property
    def required(self) -> tuple[FieldSpec, ...]:
        """The fields a file must have a column for."""
        return tuple(f for f in self.fields if f.required)

    def match_header(self, cells: Sequence[Any]) -> HeaderMatch:
        """Assign header cells to fields: first field (in file order) to claim a column wins."""
        normal = [normalise_header(c) for c in cells]
        columns: dict[str, int] = {}
        used: set[int] = set()
        for spec in self.fields:
            for synonym in spec.synonyms:
                hit = next(
                    (i for i, h in enumerate(normal) if h == synonym and i not in used), None
                )
                if hit is not None:
                    columns[spec.key] = hit
                    used.add(hit)
                    break
        headers = {k: str(cells[i]).strip() for k, i in columns.items()}
        missing = tuple(f.key for f in self.fields if f.required and f.key not in columns)
        unmapped = tuple(str(c).strip() for i, c in enumerate(cells) if i not in used and normal[i])
        return HeaderMatch(columns, headers, missing, unmapped)

    def with_columns(self, overrides: Mapping[str, str]) -> ImportFormat:
        """This format with ``field -> exact header`` choices (a saved mapping) put first."""
        taken = {normalise_header(h) for h in overrides.values()}
        fields = []
        for f in self.fields:
            if f.key in overrides:
                fields.append(replace(f, synonyms=(normalise_header(overrides[f.key]),)))
            else:
                fields.append(replace(f, synonyms=tuple(s for s in f.synonyms if s not in taken)))
        unknown = set(overrides) - {f.key for f in self.fields}
        if unknown:
            raise FormatError(
                f"No such field(s) in the {self.name} format: " + ", ".join(sorted(unknown))
            )
        return replace(self, fields=tuple(fields))

    def looked_for(self, key: str, limit: int = 6) -> str:
        """ "title, risk title, risk name" -- the headers tried, for 'no column' problems."""
        names = self.field(key).synonyms
        more = ", ..." if len(names) > limit else ""
        return ", ".join(names[:limit]) + more


def check_mapping(fmt: ImportFormat, mapping: Mapping[str, Any] | None) -> dict[str, str]:
    """A person's column choices (field key -> exact header), checked and stripped.

    Unlike :meth:`ImportFormat.with_columns` (whose ``FormatError`` is a packaging mistake),
    this is input from a dialog or a saved profile, so mistakes are a
    :class:`ValidationError` naming the field: an unknown key, a blank or non-text header, or
    one header chosen for two fields (the second would silently get nothing).
    """
    if not mapping:
        return {}
    known = {f.key: f for f in fmt.fields}
    out: dict[str, str] = {}
    used: dict[str, str] = {}
    for key, header in mapping.items():
        if key not in known:
            raise ValidationError(
                f"'{key}' is not a field of the {fmt.name} format.",
                "Use one of: " + ", ".join(f"{f.key} ({f.label})" for f in fmt.fields) + ".",
            )
        label = known[key].label
        if not isinstance(header, str) or not header.strip():
            raise ValidationError(
                f"No column heading was given for {label}.",
                "Choose the file's column for it, or leave it unmapped.",
            )
        norm = normalise_header(header)
        if norm in used:
            raise ValidationError(
                f"The column '{header.strip()}' is chosen for both {known[used[norm]].label} "
                f"and {label}.",
                "Choose a different column for one of them.",
            )
        used[norm] = key
        out[key] = header.strip()
    return out


def apply_mapping(fmt: ImportFormat, mapping: Mapping[str, Any] | None) -> ImportFormat:
    """``fmt`` with a person's checked column choices put first (see :func:`check_mapping`)."""
    checked = check_mapping(fmt, mapping)
    return fmt.with_columns(checked) if checked else fmt


def _as_tuple(value: Any, what: str, source: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FormatError(f"{source}: {what} must be a list of strings")
    return tuple(value)


def parse_format(data: Mapping[str, Any], source: str = "<format>") -> ImportFormat:
    """Check and convert a parsed TOML document; mistakes raise :class:`FormatError`."""
    head = data.get("format")
    if not isinstance(head, dict):
        raise FormatError(f"{source}: missing [format] table")
    extra = set(head) - _FORMAT_KEYS
    if extra:
        raise FormatError(f"{source}: unknown [format] keys: {', '.join(sorted(extra))}")
    raw_fields = data.get("fields")
    if not isinstance(raw_fields, dict) or not raw_fields:
        raise FormatError(f"{source}: no [fields.*] tables")
    specs = []
    for key, spec in raw_fields.items():
        if not isinstance(spec, dict):
            raise FormatError(f"{source}: fields.{key} must be a table")
        bad = set(spec) - _FIELD_KEYS
        if bad:
            raise FormatError(f"{source}: fields.{key}: unknown keys {', '.join(sorted(bad))}")
        ftype = spec.get("type", "text")
        if ftype not in FIELD_TYPES:
            raise FormatError(f"{source}: fields.{key}: type must be one of {FIELD_TYPES}")
        label = str(spec.get("label", key.replace("_", " ").capitalize()))
        listed = [
            normalise_header(s)
            for s in _as_tuple(spec.get("synonyms", []), f"fields.{key}.synonyms", source)
        ]
        # The label is tried first unless the synonyms list places it (order = preference).
        ordered = (
            listed if normalise_header(label) in listed else [normalise_header(label), *listed]
        )
        synonyms = tuple(dict.fromkeys(s for s in ordered if s))
        choices: dict[str, str] = {}
        if ftype == "choice":
            raw_choices = spec.get("choices")
            if not isinstance(raw_choices, dict) or not raw_choices:
                raise FormatError(f"{source}: fields.{key} is a choice without [choices]")
            for value, words in raw_choices.items():
                for word in (value, *_as_tuple(words, f"fields.{key}.choices", source)):
                    choices[" ".join(word.split()).casefold()] = value
        specs.append(
            FieldSpec(
                key=key,
                label=label,
                synonyms=synonyms,
                type=ftype,
                required=bool(spec.get("required", False)),
                max_length=spec.get("max_length"),
                minimum=spec.get("minimum"),
                maximum=spec.get("maximum"),
                choices=choices,
                help=str(spec.get("help", "")),
            )
        )
    styles = _as_tuple(head.get("date_styles", list(DATE_STYLES)), "date_styles", source)
    if set(styles) - set(DATE_STYLES):
        raise FormatError(f"{source}: date_styles may only use {DATE_STYLES}")
    words = head.get("no_date_words")
    no_date = (
        NO_DATE_WORDS
        if words is None
        else frozenset({""} | {w.casefold() for w in _as_tuple(words, "no_date_words", source)})
    )
    seps = _as_tuple(head.get("list_separators", [";", "\n", "|"]), "list_separators", source)
    rows = int(head.get("header_search_rows", 20))
    cap = int(head.get("max_rows", 200_000))
    if rows < 1 or cap < 1:
        raise FormatError(f"{source}: header_search_rows and max_rows must be positive")
    return ImportFormat(
        kind=str(head.get("kind", "")),
        name=str(head.get("name", head.get("kind", ""))),
        version=int(head.get("version", 1)),
        fields=tuple(specs),
        header_search_rows=rows,
        max_rows=cap,
        date_styles=styles,
        no_date_words=no_date,
        list_separators=seps,
        options=dict(data.get("options", {})),
        description=str(head.get("description", "")),
        source=source,
    )


def _formats_dir() -> Any:
    return files("vpr_desktop.resources").joinpath("import_formats")


@lru_cache(maxsize=16)
def load_format(kind: str) -> ImportFormat:
    """The shipped format for ``kind`` (``risks``, later ``staff``, ``training``, ...)."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", kind):
        raise FormatError(f"not a format name: {kind!r}")
    resource = _formats_dir().joinpath(f"{kind}.toml")
    if not resource.is_file():
        raise FormatError(f"There is no import format called {kind!r}.")
    try:
        data = tomllib.loads(resource.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise FormatError(f"import_formats/{kind}.toml: not valid TOML ({exc})") from exc
    fmt = parse_format(data, f"import_formats/{kind}.toml")
    if fmt.kind != kind:
        raise FormatError(f"import_formats/{kind}.toml declares kind {fmt.kind!r}")
    return fmt


def available_formats() -> list[str]:
    """The import format names shipped with the app (the TOML files present)."""
    return sorted(p.name[:-5] for p in _formats_dir().iterdir() if p.name.endswith(".toml"))
