"""A standard as data: the library file format, its validation, natural codes and RAG changes.

Why data and not code: NHS England's indicator wording and RAG definitions are not in our
material (vpr-standard.md §1.3, §1.4), so the product ships a *working summary written by us*,
visibly marked, and a trust replaces it with the published wording by loading a newer library
version. The format follows CISO Assistant's framework libraries (lessons-from-peers.md §4.1):
one versioned package with provenance, non-assessable headings (domains) and assessable items
(indicators) in a flat list pointing at their heading, and the rating scale defined once with
labels, descriptions and colours. A version that is not higher than the loaded one is refused
loudly (users found CISO Assistant's silent ignore confusing).

Everything here is pure (no database): parsing a TOML document into a :class:`Library`, the
checks a library must pass (all problems listed at once, so a person fixes a file in one go),
the thematic crosswalk between editions, the natural sort key (``1.10`` after ``1.9``) and the
classification of a rating change between two cycles.

Library file layout (``resources/standards/*.toml``)::

    [library]
    edition = "vpr-2024"          # stable id; lower-case letters, digits and '-'
    short_name = "2024"           # what people type ("standard show 2024")
    title = "..."                 # must carry WORKING_SUMMARY_MARK when working_summary
    publisher = "..."
    library_version = 1           # an integer; only a higher one updates a loaded edition
    publication_date = 2024-12-03 # of the standard itself
    provenance = "..."            # where every part came from
    working_summary = true        # true while any indicator wording is ours

    [[rating_scale]]              # exactly red, amber, green and not_rated
    id = "amber"
    label = "Amber"
    rank = 2                      # red < amber < green; not_rated 0
    description = "..."
    colour = "#FFB81C"
    text_colour = "#212B32"       # must reach WCAG AA contrast (4.5:1) on colour

    [[domains]]                   # in the official order
    code = "1"
    title = "Leadership and accountability"
    scope = "..."                 # optional help text

    [[indicators]]
    code = "1.1"
    domain = "1"
    text = "..."
    guidance = "..."              # optional
    typical_evidence = "..."      # optional
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.labelled_enum import LabelledEnum

WORKING_SUMMARY_MARK = "VPR Desktop working summary — replace with the published wording"

EDITION_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
COLOUR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")
MAX_CODE = 20
MAX_SORT_KEY = 60
MAX_TITLE = 500
MIN_CONTRAST = 4.5  # WCAG 2.x AA for normal text
SCALE_ORDER = (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NOT_RATED)

_LIBRARY_KEYS = {
    "edition",
    "short_name",
    "title",
    "publisher",
    "library_version",
    "publication_date",
    "provenance",
    "working_summary",
    "locale",
}
_SCALE_KEYS = {"id", "label", "rank", "description", "colour", "text_colour"}
_DOMAIN_KEYS = {"code", "title", "scope"}
_INDICATOR_KEYS = {"code", "domain", "text", "guidance", "typical_evidence"}
_TOP_KEYS = {"library", "rating_scale", "domains", "indicators"}


class LibraryError(ValueError):
    """A library (or crosswalk) that cannot be used; ``problems`` lists every reason."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = list(problems)
        shown = "; ".join(self.problems[:5]) + ("; ..." if len(self.problems) > 5 else "")
        super().__init__(f"{source}: {shown}")


# ------------------------------------------------------------------------------ codes


def natural_sort_key(code: str) -> str:
    """A string that sorts codes as people read them: ``1.2 < 1.9 < 1.10 < 2.1``.

    Each run of digits becomes its length then the digits (leading zeros dropped), so a
    longer number sorts after a shorter one whatever its first digit; other characters are
    compared case-blind. Stored in ``Indicator.sort_key``; sort in Python, not SQL (a
    database collation may ignore punctuation).
    """
    out: list[str] = []
    for digits, other in re.findall(r"(\d+)|(\D+)", code.strip()):
        if digits:
            number = digits.lstrip("0") or "0"
            if len(number) > 9:
                raise ValueError(f"code {code!r} has a number longer than 9 digits")
            out.append(f"{len(number)}{number}")
        else:
            out.append(other.casefold())
    key = "".join(out)
    if len(key) > MAX_SORT_KEY:
        raise ValueError(f"code {code!r} is too long to sort")
    return key


def sort_codes(codes: Iterable[str]) -> list[str]:
    """``codes`` in natural order (ties broken by the code itself)."""
    return sorted(codes, key=lambda c: (natural_sort_key(c), c))


def domain_of_code(code: str) -> str:
    """``"1.10"`` → ``"1"``: the part before the first dot (the whole code when none)."""
    return code.strip().split(".", 1)[0]


def is_working_summary(text: str | None) -> bool:
    return bool(text) and WORKING_SUMMARY_MARK in (text or "")


def strip_mark(text: str) -> str:
    """``text`` without the working-summary mark and the brackets around it (for a chip UI)."""
    cleaned = re.sub(r"\s*[\(\[]\s*" + re.escape(WORKING_SUMMARY_MARK) + r"\s*[\)\]]", "", text)
    cleaned = cleaned.replace(WORKING_SUMMARY_MARK, "")
    return re.sub(r"\s*—\s*$", "", cleaned).strip()


# ------------------------------------------------------------------------------ RAG changes


class Change(LabelledEnum):
    """How an indicator's rating moved since the previous cycle."""

    IMPROVED = "improved"
    DECLINED = "declined"
    UNCHANGED = "unchanged"
    NEW = "new"  # not rated before (or not in the previous cycle), rated now
    NOT_ASSESSED = "not_assessed"  # not rated in this cycle


RAG_RANK: Mapping[Rag, int] = {Rag.NOT_RATED: 0, Rag.RED: 1, Rag.AMBER: 2, Rag.GREEN: 3}


def classify_change(previous: Rag | None, current: Rag) -> Change:
    """Red → amber is improved, green → amber declined; no aggregation beyond that
    (vpr-standard.md §1.4: no official rule for combining ratings was found)."""
    if current is Rag.NOT_RATED:
        return Change.NOT_ASSESSED
    if previous is None or previous is Rag.NOT_RATED:
        return Change.NEW
    if RAG_RANK[current] > RAG_RANK[previous]:
        return Change.IMPROVED
    if RAG_RANK[current] < RAG_RANK[previous]:
        return Change.DECLINED
    return Change.UNCHANGED


# ------------------------------------------------------------------------------ library


@dataclass(frozen=True)
class ScaleLevel:
    """One rating: always shown as its label with the colour, never the colour alone."""

    id: Rag
    label: str
    description: str
    colour: str
    text_colour: str
    rank: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id.value,
            "label": self.label,
            "description": self.description,
            "colour": self.colour,
            "text_colour": self.text_colour,
            "rank": self.rank,
        }


@dataclass(frozen=True)
class DomainSpec:
    code: str
    title: str
    scope: str = ""


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    domain: str
    text: str
    guidance: str | None = None
    typical_evidence: str | None = None

    @property
    def sort_key(self) -> str:
        return natural_sort_key(self.code)


@dataclass(frozen=True)
class Library:
    edition: str
    title: str
    publisher: str
    library_version: int
    published_on: dt.date | None
    provenance: str
    working_summary: bool
    scale: tuple[ScaleLevel, ...]
    domains: tuple[DomainSpec, ...]
    indicators: tuple[IndicatorSpec, ...]
    short_name: str = ""
    locale: str = "en-GB"

    def indicators_of(self, domain_code: str) -> list[IndicatorSpec]:
        """A domain's indicators in natural code order."""
        return sorted(
            (i for i in self.indicators if i.domain == domain_code),
            key=lambda i: (i.sort_key, i.code),
        )


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.x contrast ratio of two ``#RRGGBB`` colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    a, b = luminance(foreground), luminance(background)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def parse_scale(raw: Any, problems: list[str]) -> tuple[ScaleLevel, ...]:
    """The four levels in display order (red, amber, green, not rated); problems appended."""
    if not isinstance(raw, list) or not raw:
        problems.append(
            "rating_scale: give a [[rating_scale]] entry for each of red, amber, "
            "green and not_rated"
        )
        return ()
    levels: dict[Rag, ScaleLevel] = {}
    for _, item, where in table_entries(raw, "rating_scale", _SCALE_KEYS, problems, ""):
        try:
            rag = Rag(str(item.get("id", "")))
        except ValueError:
            problems.append(f"{where}: id must be one of red, amber, green, not_rated")
            continue
        if rag in levels:
            problems.append(f"{where}: {rag.value} is defined twice")
            continue
        label = text_field(item, "label", where, problems, max_length=40)
        colour = str(item.get("colour", ""))
        text_colour = str(item.get("text_colour", ""))
        for key, value in (("colour", colour), ("text_colour", text_colour)):
            if not COLOUR_RE.match(value):
                problems.append(f"{where}: {key} must be a colour like #FFB81C")
        if COLOUR_RE.match(colour) and COLOUR_RE.match(text_colour):
            ratio = contrast_ratio(text_colour, colour)
            if ratio < MIN_CONTRAST:
                problems.append(
                    f"{where}: text {text_colour} on {colour} has contrast "
                    f"{ratio:.1f}:1; at least {MIN_CONTRAST}:1 is needed "
                    "(use dark text on amber and yellow)"
                )
        rank = item.get("rank")
        if not isinstance(rank, int) or isinstance(rank, bool):
            problems.append(f"{where}: rank must be a whole number")
            rank = 0
        levels[rag] = ScaleLevel(
            rag,
            label,
            str(item.get("description", "")).strip(),
            colour.upper(),
            text_colour.upper(),
            rank,
        )
    missing = [r.value for r in SCALE_ORDER if r not in levels]
    if missing:
        problems.append("rating_scale: missing " + ", ".join(missing))
        return ()
    ranks = [levels[r].rank for r in SCALE_ORDER]
    if levels[Rag.NOT_RATED].rank != 0 or not (0 < ranks[0] < ranks[1] < ranks[2]):
        problems.append(
            "rating_scale: ranks must rise red < amber < green (all above 0) "
            "and not_rated must be 0"
        )
    return tuple(levels[r] for r in SCALE_ORDER)


def scale_from_json(raw: Any) -> tuple[ScaleLevel, ...]:
    """The scale stored on ``Standard.rating_scale`` (already checked when it was loaded)."""
    problems: list[str] = []
    levels = parse_scale(raw, problems)
    return levels or default_scale()


def default_scale() -> tuple[ScaleLevel, ...]:
    """Used only when a stored scale is damaged: plain labels, NHS colours, AA contrast."""
    return (
        ScaleLevel(Rag.RED, "Red", "", "#D5281B", "#FFFFFF", 1),
        ScaleLevel(Rag.AMBER, "Amber", "", "#FFB81C", "#212B32", 2),
        ScaleLevel(Rag.GREEN, "Green", "", "#007F3B", "#FFFFFF", 3),
        ScaleLevel(Rag.NOT_RATED, "Not assessed", "", "#D8DDE0", "#212B32", 0),
    )


def parse_library(data: Mapping[str, Any], source: str = "<library>") -> Library:
    """Check a parsed library document; every problem is listed in one :class:`LibraryError`."""
    problems: list[str] = []
    check_unknown_keys(data, _TOP_KEYS, "top level", problems)
    head = data.get("library")
    if not isinstance(head, dict):
        raise LibraryError(source, ["missing the [library] table"])
    check_unknown_keys(head, _LIBRARY_KEYS, "[library]", problems)
    edition = str(head.get("edition", ""))
    if not EDITION_RE.match(edition):
        problems.append(
            "[library] edition must be 2-40 lower-case letters, digits or '-' (e.g. vpr-2024)"
        )
    title = text_field(head, "title", "[library]", problems, max_length=MAX_TITLE)
    publisher = text_field(head, "publisher", "[library]", problems, max_length=255)
    version = head.get("library_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.append("[library] library_version must be a whole number from 1")
        version = 0
    published = head.get("publication_date")
    if published is not None and (
        not isinstance(published, dt.date) or isinstance(published, dt.datetime)
    ):
        problems.append("[library] publication_date must be a date (2024-12-03)")
        published = None
    working = head.get("working_summary")
    if not isinstance(working, bool):
        problems.append("[library] working_summary must be true or false")
        working = True
    scale = parse_scale(data.get("rating_scale"), problems)
    domains = _parse_domains(data.get("domains"), problems)
    indicators = _parse_indicators(data.get("indicators"), {d.code for d in domains}, problems)
    library = Library(
        edition=edition,
        title=title,
        publisher=publisher,
        library_version=version,
        published_on=published,
        provenance=str(head.get("provenance", "")).strip(),
        working_summary=working,
        scale=scale,
        domains=domains,
        indicators=indicators,
        short_name=str(head.get("short_name", "")).strip(),
        locale=str(head.get("locale", "en-GB")),
    )
    problems.extend(check_marks(library))
    if problems:
        raise LibraryError(source, problems)
    return library


def check_marks(library: Library) -> list[str]:
    """Our wording must never pass as NHS England's: ``working_summary`` says whether any
    indicator text is ours (carries the mark), and while it is the title says so too."""
    marked = [i.code for i in library.indicators if is_working_summary(i.text)]
    problems = []
    if library.working_summary and not marked:
        problems.append(
            f"working_summary is true but no indicator carries the mark '{WORKING_SUMMARY_MARK}'"
        )
    if not library.working_summary and marked:
        problems.append(
            "working_summary is false but indicator(s) "
            + ", ".join(sort_codes(marked)[:10])
            + " still carry our working-summary wording"
        )
    if library.working_summary and not is_working_summary(library.title):
        problems.append(f"the title of a working summary must carry '{WORKING_SUMMARY_MARK}'")
    if not library.working_summary and is_working_summary(library.title):
        problems.append("the title carries the working-summary mark but working_summary is false")
    return problems


def loads_library(text: str, source: str = "<library>") -> Library:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LibraryError(source, [f"not valid TOML ({exc})"]) from exc
    return parse_library(data, source)


def _parse_domains(raw: Any, problems: list[str]) -> tuple[DomainSpec, ...]:
    out: list[DomainSpec] = []
    seen: set[str] = set()
    missing = "give at least one [[domains]] entry"
    for _, item, where in table_entries(raw, "domain", _DOMAIN_KEYS, problems, missing):
        code = _code(item.get("code"), where, problems)
        title = text_field(item, "title", where, problems, max_length=MAX_TITLE)
        if code in seen:
            problems.append(f"{where}: code {code} is used twice")
            continue
        seen.add(code)
        out.append(DomainSpec(code, title, str(item.get("scope", "")).strip()))
    return tuple(out)


def _parse_indicators(
    raw: Any, domains: set[str], problems: list[str]
) -> tuple[IndicatorSpec, ...]:
    out: list[IndicatorSpec] = []
    seen: set[str] = set()
    missing = "give at least one [[indicators]] entry"
    for n, item, where in table_entries(raw, "indicator", _INDICATOR_KEYS, problems, missing):
        code = _code(item.get("code"), where, problems)
        where = f"indicator {code or '#' + str(n)}"
        domain = str(item.get("domain", "")).strip()
        if domain not in domains:
            problems.append(f"{where}: domain {domain!r} is not one of the [[domains]]")
        text = text_field(item, "text", where, problems)
        if code in seen:
            problems.append(f"{where}: code {code} is used twice")
            continue
        seen.add(code)
        out.append(
            IndicatorSpec(
                code,
                domain,
                text,
                _optional(item.get("guidance")),
                _optional(item.get("typical_evidence")),
            )
        )
    return tuple(out)


def check_indicator_code(code: str) -> str | None:
    """Why ``code`` cannot be an indicator code, or None when it can."""
    if not code:
        return "is empty"
    if len(code) > MAX_CODE:
        return f"is longer than {MAX_CODE} characters"
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.\-]*", code):
        return "may only hold letters, digits, '.' and '-' (e.g. 1.10)"
    try:
        natural_sort_key(code)
    except ValueError as exc:
        return str(exc)
    return None


def _code(value: Any, where: str, problems: list[str]) -> str:
    code = "" if value is None else str(value).strip()
    why = check_indicator_code(code)
    if why:
        problems.append(f"{where}: code {code!r} {why}")
    return code


def text_field(
    item: Mapping[str, Any],
    key: str,
    where: str,
    problems: list[str],
    max_length: int | None = None,
) -> str:
    """A required text field with white space folded; a problem is noted rather than raised,
    so one pass over a file reports every fault (the crosswalk parser shares it)."""
    value = item.get(key)
    text = " ".join(str(value).split()) if isinstance(value, str) else ""
    if not text:
        problems.append(f"{where}: {key} is missing or empty")
    elif max_length is not None and len(text) > max_length:
        problems.append(f"{where}: {key} is longer than {max_length} characters")
    return text


def _optional(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def table_entries(
    raw: Any, label: str, keys: set[str], problems: list[str], missing: str
) -> Iterator[tuple[int, Mapping[str, Any], str]]:
    """Each table of an array of tables (``[[domains]]``) with its number from 1 and where it
    is for a problem ("domain #2"). A missing or empty array (``missing``, when given), an
    entry that is not a table and unknown keys are noted in ``problems``, so every such
    array in a library or crosswalk file is checked the same way."""
    if not isinstance(raw, list) or not raw:
        if missing:
            problems.append(missing)
        return
    for n, item in enumerate(raw, start=1):
        where = f"{label} #{n}"
        if not isinstance(item, dict):
            problems.append(f"{where}: must be a table")
            continue
        check_unknown_keys(item, keys, where, problems)
        yield n, item, where


def check_unknown_keys(
    item: Mapping[str, Any], allowed: set[str], where: str, problems: list[str]
) -> None:
    """Note keys a file has that its format does not: usually a misspelling, which would
    otherwise be silently ignored."""
    extra = set(item) - allowed
    if extra:
        problems.append(f"{where}: unknown key(s) {', '.join(sorted(extra))}")


_DOMAIN_WITH_TITLE = re.compile(
    r"^(?:domain\s*)?(\d{1,3}|[A-Za-z])\s*[.:)\-–—]?\s+(\S.*)$", re.IGNORECASE
)
_DOMAIN_CODE_ONLY = re.compile(r"^(?:domain\s*)?(\d{1,3}|[A-Za-z])[.:)]?$", re.IGNORECASE)


def split_domain_cell(text: str) -> tuple[str | None, str | None]:
    """A spreadsheet's domain cell as (code, title): ``"1 Leadership"`` → ("1", "Leadership"),
    ``"Domain 4"`` → ("4", None), ``"Data"`` → (None, "Data")."""
    cell = " ".join(text.split())
    if not cell:
        return None, None
    if m := _DOMAIN_CODE_ONLY.match(cell):
        return m[1].upper() if m[1].isalpha() else m[1], None
    if m := _DOMAIN_WITH_TITLE.match(cell):
        return m[1].upper() if m[1].isalpha() else m[1], m[2].strip()
    return None, cell
