"""The NHS 5x5 risk matrix (NPSA, "A risk matrix for risk managers", 2008) held as data.

Why data and not code: the NPSA guidance says trusts may adapt the model, and they do (their own
descriptor wording, band cut-offs and colours). So the matrix is a frozen dataclass with a
default (:data:`DEFAULT_MATRIX`) that a trust can change in settings; the service stores it in
the ``setting`` table under the key ``risk_matrix`` (:meth:`RiskMatrix.to_dict` /
:meth:`RiskMatrix.from_dict`). Everything here is pure: no database, no Qt.

Rules held here:

* score = likelihood x consequence (1-25; only 14 values are achievable);
* a score's band is the band with the highest ``min_score`` not above it (so the gaps 7, 11,
  13, 14 still fall somewhere if a trust's cut-offs put them there);
* a band is never shown by colour alone: :meth:`RiskMatrix.label` gives "Extreme 16"
  (WCAG 1.4.1), and each band carries the text colour that passes contrast on its fill
  (dark text on yellow and amber);
* the incident-informed likelihood rule (:meth:`RiskMatrix.likelihood_from_incidents`) maps
  the incidents of the last 12 months to the NPSA *time-framed* likelihood wording.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from enum import StrEnum
from typing import Any

SCALE = (1, 2, 3, 4, 5)
ACHIEVABLE_SCORES = tuple(sorted({lk * c for lk in SCALE for c in SCALE}))
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


class MatrixError(ValueError):
    """A matrix definition (from settings) that cannot be used; the message says why."""


@dataclass(frozen=True)
class Descriptor:
    """One row of the likelihood or consequence scale.

    ``min_events_per_year`` is used for likelihood only: the frequency from which the
    time-framed wording applies (the incident-informed prompt); ``None`` for consequence.
    """

    score: int
    label: str
    description: str = ""
    time_frame: str = ""
    probability: str = ""
    min_events_per_year: float | None = None


@dataclass(frozen=True)
class Band:
    """A grade of the matrix: scores from ``min_score`` up to the next band's start."""

    key: str
    label: str
    min_score: int
    colour: str
    text_colour: str


@dataclass(frozen=True)
class RiskScore:
    """A likelihood x consequence pair, checked on construction (both 1-5)."""

    likelihood: int
    consequence: int

    def __post_init__(self) -> None:
        for name in ("likelihood", "consequence"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
                raise ValueError(f"{name} must be a whole number from 1 to 5, not {value!r}")

    @property
    def score(self) -> int:
        return self.likelihood * self.consequence

    def as_list(self) -> list[int]:
        return [self.likelihood, self.consequence]


@dataclass(frozen=True)
class ScoreCell:
    """What a screen or a report needs to show one score: numbers, band, label and colours.

    ``str()`` is the text label ("Extreme 16"), so a plain table shows a meaningful cell even
    before a delegate paints the colour.
    """

    likelihood: int | None
    consequence: int | None
    score: int
    band_key: str
    band_label: str
    colour: str
    text_colour: str

    @property
    def label(self) -> str:
        return f"{self.band_label} {self.score}"

    def __str__(self) -> str:
        return self.label


class Trend(StrEnum):
    """Movement of the current score since the last review (the register's arrow)."""

    UP = "up"
    DOWN = "down"
    SAME = "same"
    NEW = "new"  # never reviewed: nothing to compare with

    @property
    def arrow(self) -> str:
        return {Trend.UP: "↑", Trend.DOWN: "↓", Trend.SAME: "→", Trend.NEW: "–"}[self]

    @property
    def label(self) -> str:
        words = {
            Trend.UP: "Up",
            Trend.DOWN: "Down",
            Trend.SAME: "Same",
            Trend.NEW: "Not yet reviewed",
        }[self]
        return f"{self.arrow} {words}"


def trend(previous_score: int | None, current_score: int) -> Trend:
    """Up when the score is now higher than at the last review (worse), down when lower."""
    if previous_score is None:
        return Trend.NEW
    if current_score > previous_score:
        return Trend.UP
    if current_score < previous_score:
        return Trend.DOWN
    return Trend.SAME


@dataclass(frozen=True)
class RiskMatrix:
    """A 5x5 matrix: descriptors for both axes, ordered bands, a name saying whose it is."""

    likelihood: tuple[Descriptor, ...]
    consequence: tuple[Descriptor, ...]
    bands: tuple[Band, ...]
    name: str = "NHS 5x5 risk matrix (NPSA 2008)"
    notes: str = ""
    _band_by_score: tuple[Band, ...] = field(default=(), init=False, repr=False, compare=False)
    _cells: dict[tuple[int, int], ScoreCell] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self._validate()
        table = tuple(self._find_band(s) for s in range(0, 26))
        object.__setattr__(self, "_band_by_score", table)
        # The 25 cells are made once: a register page shows 1,000 of them (performance).
        cells = {}
        for lk in SCALE:
            for c in SCALE:
                b = table[lk * c]
                cells[(lk, c)] = ScoreCell(lk, c, lk * c, b.key, b.label, b.colour, b.text_colour)
        object.__setattr__(self, "_cells", cells)

    # -- validation (a bad setting must fail loudly, never mis-grade a risk)
    def _validate(self) -> None:
        for axis, items in (("likelihood", self.likelihood), ("consequence", self.consequence)):
            if tuple(d.score for d in items) != SCALE:
                raise MatrixError(
                    f"The {axis} scale needs exactly five descriptors, scored 1-5 in order."
                )
            if any(not d.label.strip() for d in items):
                raise MatrixError(f"Every {axis} descriptor needs a label.")
        if not self.bands:
            raise MatrixError("The matrix needs at least one band.")
        starts = [b.min_score for b in self.bands]
        if starts[0] != 1 or starts != sorted(set(starts)) or starts[-1] > 25:
            raise MatrixError(
                "Bands must start at score 1 and rise in order, each starting at a "
                "different score no higher than 25."
            )
        keys = [b.key for b in self.bands]
        if len(set(keys)) != len(keys) or any(
            not k or not b.label.strip() for k, b in zip(keys, self.bands, strict=True)
        ):
            raise MatrixError("Each band needs its own key and a label.")
        for b in self.bands:
            for what in (b.colour, b.text_colour):
                if not _HEX.match(what):
                    raise MatrixError(f"Band {b.label}: colour {what!r} is not #RRGGBB.")
        rates = [d.min_events_per_year for d in self.likelihood]
        if any(r is not None and r < 0 for r in rates):
            raise MatrixError("Likelihood frequencies cannot be negative.")
        known = [r for r in rates if r is not None]
        if known != sorted(known):
            raise MatrixError("Likelihood frequencies must rise with the likelihood score.")

    def _find_band(self, score: int) -> Band:
        chosen = self.bands[0]
        for b in self.bands:
            if b.min_score <= score:
                chosen = b
        return chosen

    # -- scoring
    @staticmethod
    def score(likelihood: int, consequence: int) -> int:
        return RiskScore(likelihood, consequence).score

    def band_for(self, score: int) -> Band:
        """The band a score from 1 to 25 falls in; anything else is a programming error."""
        # Checked at run time too: imported and stored values reach here untyped.
        value: object = score
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 25:
            raise ValueError(f"a risk score is a whole number from 1 to 25, not {score!r}")
        return self._band_by_score[value]

    def band(self, likelihood: int, consequence: int) -> Band:
        return self.band_for(self.score(likelihood, consequence))

    def label(self, score: int) -> str:
        """The band as text with the score: "Extreme 16" (never colour alone)."""
        return f"{self.band_for(score).label} {score}"

    def cell(self, likelihood: int, consequence: int) -> ScoreCell:
        try:
            return self._cells[(likelihood, consequence)]
        except (KeyError, TypeError):
            RiskScore(likelihood, consequence)  # raises the reason
            raise

    def cell_for_score(
        self, score: int, likelihood: int | None = None, consequence: int | None = None
    ) -> ScoreCell:
        if likelihood is not None and consequence is not None:
            cell = self.cell(likelihood, consequence)
            if cell.score == score:
                return cell
        b = self.band_for(score)
        return ScoreCell(likelihood, consequence, score, b.key, b.label, b.colour, b.text_colour)

    def band_range(self, band_key: str) -> tuple[int, int]:
        """(lowest, highest) score of a band, for filtering in SQL."""
        for i, b in enumerate(self.bands):
            if b.key == band_key:
                top = self.bands[i + 1].min_score - 1 if i + 1 < len(self.bands) else 25
                return b.min_score, top
        raise KeyError(band_key)

    def band_scores(self, band_key: str) -> tuple[int, ...]:
        """The achievable scores in a band ("Low 1-3" lists 1, 2, 3)."""
        lo, hi = self.band_range(band_key)
        return tuple(s for s in ACHIEVABLE_SCORES if lo <= s <= hi)

    def band_summary(self) -> list[str]:
        """One line per band for help and report footers: "High 8-12"."""
        lines = []
        for b in self.bands:
            scores = self.band_scores(b.key)
            span = (
                f"{scores[0]}-{scores[-1]}"
                if len(scores) > 1
                else str(scores[0])
                if scores
                else "no achievable score"
            )
            lines.append(f"{b.label} {span}")
        return lines

    @property
    def top_band(self) -> Band:
        return self.bands[-1]

    def likelihood_label(self, value: int) -> str:
        return f"{value} {self.likelihood[value - 1].label}"

    def consequence_label(self, value: int) -> str:
        return f"{value} {self.consequence[value - 1].label}"

    # -- incident-informed likelihood (a prompt, never an automatic change)
    def likelihood_from_incidents(self, incidents: int, days: int = 365) -> int:
        """The likelihood the incident frequency suggests, on the NPSA time-framed wording.

        The rate is scaled to a year (``incidents * 365 / days``) and the highest likelihood
        whose ``min_events_per_year`` it reaches is returned. Default thresholds (NPSA 2008,
        vpr-standard.md §2.3 "time-framed" column): 5 at least daily (>= 365 a year),
        4 at least weekly (>= 52), 3 at least monthly (>= 12), 2 at least annually (>= 1),
        1 otherwise ("not expected for years").
        """
        if incidents < 0 or days <= 0:
            raise ValueError("incident count must be >= 0 and the period positive")
        per_year = incidents * 365 / days
        suggested = 1
        for d in self.likelihood:
            if d.min_events_per_year is not None and per_year >= d.min_events_per_year:
                suggested = d.score
        return suggested

    def likelihood_rule_text(self) -> str:
        """The rule above in words, built from the thresholds in use (for help and tooltips)."""
        parts = []
        for d in reversed(self.likelihood):
            if d.min_events_per_year is None:
                continue
            rate = d.min_events_per_year
            when = (
                "no incidents"
                if rate == 0
                else f"at least {_plural(rate)} a year"
                + (f" ({d.time_frame.lower()})" if d.time_frame else "")
            )
            parts.append(f"{d.score} {d.label} from {when}")
        return (
            "Incidents recorded at the risk's location in the last 12 months suggest a "
            "likelihood on the NPSA time-framed scale: " + "; ".join(parts) + ". When the "
            "suggestion is higher than the current likelihood, the register prompts a "
            "review; it never changes the rating by itself, because incidents at a location "
            "may come from other activities than the one assessed."
        )

    # -- settings round trip
    def to_dict(self) -> dict[str, Any]:
        def desc(d: Descriptor) -> dict[str, Any]:
            out: dict[str, Any] = {"score": d.score, "label": d.label, "description": d.description}
            if d.time_frame:
                out["time_frame"] = d.time_frame
            if d.probability:
                out["probability"] = d.probability
            if d.min_events_per_year is not None:
                out["min_events_per_year"] = d.min_events_per_year
            return out

        return {
            "name": self.name,
            "notes": self.notes,
            "likelihood": [desc(d) for d in self.likelihood],
            "consequence": [desc(d) for d in self.consequence],
            "bands": [
                {
                    "key": b.key,
                    "label": b.label,
                    "min_score": b.min_score,
                    "colour": b.colour,
                    "text_colour": b.text_colour,
                }
                for b in self.bands
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RiskMatrix:
        """Rebuild from settings; anything malformed raises :class:`MatrixError`."""
        try:

            def desc(item: Mapping[str, Any]) -> Descriptor:
                rate = item.get("min_events_per_year")
                return Descriptor(
                    int(item["score"]),
                    str(item["label"]),
                    str(item.get("description", "")),
                    str(item.get("time_frame", "")),
                    str(item.get("probability", "")),
                    None if rate is None else float(rate),
                )

            return cls(
                likelihood=tuple(desc(i) for i in data["likelihood"]),
                consequence=tuple(desc(i) for i in data["consequence"]),
                bands=tuple(
                    Band(
                        str(b["key"]),
                        str(b["label"]),
                        int(b["min_score"]),
                        str(b["colour"]),
                        str(b["text_colour"]),
                    )
                    for b in data["bands"]
                ),
                name=str(data.get("name", "Trust risk matrix")),
                notes=str(data.get("notes", "")),
            )
        except MatrixError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            raise MatrixError(f"The saved risk matrix is incomplete or malformed ({exc}).") from exc

    def with_bands(self, bands: tuple[Band, ...]) -> RiskMatrix:
        return replace(self, bands=bands)


def _plural(rate: float) -> str:
    n = int(rate) if float(rate).is_integer() else rate
    return f"{n} incident" if n == 1 else f"{n} incidents"


# NHS digital palette (ecosystem-and-reliability.md A3); text colours chosen for WCAG AA
# contrast: white on green 5.12 and on red 5.06; NHS text black on yellow and amber (8+ / 5.7).
NHS_TEXT_BLACK = "#212B32"
WHITE = "#FFFFFF"

DEFAULT_MATRIX = RiskMatrix(
    likelihood=(
        Descriptor(
            1, "Rare", "Probably never happens or recurs", "Not expected for years", "<0.1%", 0.0
        ),
        Descriptor(2, "Unlikely", "Not expected, but possible", "At least annually", "0.1-1%", 1.0),
        Descriptor(3, "Possible", "Might happen occasionally", "At least monthly", "1-10%", 12.0),
        Descriptor(
            4, "Likely", "Will probably happen, not persistent", "At least weekly", "10-50%", 52.0
        ),
        Descriptor(
            5,
            "Almost certain",
            "Will undoubtedly happen, possibly often",
            "At least daily",
            ">50%",
            365.0,
        ),
    ),
    consequence=(
        Descriptor(1, "Negligible", "Minimal injury, little or no treatment, no time off work"),
        Descriptor(2, "Minor", "Minor injury needing minor treatment; short absence"),
        Descriptor(
            3,
            "Moderate",
            "Needs professional treatment; 4-14 days off work; RIDDOR/agency-reportable",
        ),
        Descriptor(4, "Major", "Long-term incapacity or disability; more than 14 days off work"),
        Descriptor(5, "Catastrophic", "Death; multiple permanent injuries or irreversible effects"),
    ),
    bands=(
        Band("low", "Low", 1, "#007F3B", WHITE),
        Band("moderate", "Moderate", 4, "#FFEB3B", NHS_TEXT_BLACK),
        Band("high", "High", 8, "#ED8B00", NHS_TEXT_BLACK),
        Band("extreme", "Extreme", 15, "#D5281B", WHITE),
    ),
    notes="Injury or harm (physical/psychological) consequence domain. Score = likelihood x "
    "consequence.",
)
