"""Read the published figures and turn printed shares into the whole counts the register must hit."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

import pandas as pd

from ascc_analysis.config import DataPaths
from ascc_analysis.data.taxonomy import Taxonomy


@dataclass(frozen=True)
class Printed:
    """A percentage as printed: its text fixes the precision it was rounded to."""

    text: str

    @property
    def decimals(self) -> int:
        """Number of decimals printed."""
        return len(self.text.split(".")[1]) if "." in self.text else 0

    def matches(self, count: int, total: int) -> bool:
        """True when ``count / total * 100`` rounds (half up) to the printed value."""
        half = Fraction(1, 2 * 10 ** self.decimals)
        share = Fraction(100 * count, total)
        return Fraction(self.text) - half <= share < Fraction(self.text) + half


def count_for_share(total: int, printed: Printed) -> int | None:
    """Closest whole count whose share of ``total`` rounds to a printed percentage.

    Parameters
    ----------
    total : int
        The base of the percentage.
    printed : Printed
        The printed percentage.

    Returns
    -------
    int or None
        The count closest to ``printed * total / 100`` that rounds to the printed value
        (the smaller one on a tie), or None when no whole count does.
    """
    centre = Fraction(printed.text) * total / 100
    candidates = [n for n in range(max(0, math.floor(centre) - 2), min(total, math.ceil(centre) + 2) + 1)
                  if printed.matches(n, total)]
    return min(candidates, key=lambda n: (abs(n - centre), n)) if candidates else None


def count_for_rate(total: int, rates: list[Printed], printed_count: int | None) -> int:
    """Whole count behind a printed rate, reconciled with a printed count.

    Parameters
    ----------
    total : int
        The base of the rate.
    rates : list of Printed
        The printed versions of the rate (table and text); the most precise one rules.
    printed_count : int, optional
        The count printed beside the rate, if any.

    Returns
    -------
    int
        The printed count when it agrees with the rate; else the count the rate implies;
        else (no whole count gives the rate) the printed count.
    """
    best = max(rates, key=lambda r: r.decimals)
    if printed_count is not None and best.matches(printed_count, total):
        return printed_count
    derived = count_for_share(total, best)
    if derived is not None:
        return derived
    if printed_count is None:
        raise ValueError(f"no whole count of {total} gives {best.text}% and no count is printed")
    return printed_count


@dataclass
class CharTarget:
    """Published targets of one Characteristic."""

    code: str
    activities: int
    implemented: int
    completed: int
    largest_body: str
    largest_count: int
    second_body: str | None
    second_count: int | None
    n_bodies: int | None
    top_types: tuple[str, str]
    printed: dict[str, list[Printed]] = field(default_factory=dict)


@dataclass
class Targets:
    """Every published aggregate the register must reproduce."""

    planned: int
    withdrawn: int
    assessed: int
    n_bodies: int
    completed: int
    implemented: int
    reporting_date: date
    type_counts: dict[str, int]
    printed: dict[str, Printed]
    chars: dict[str, CharTarget]
    d1_kra: str
    d1_primary: tuple[str, ...]
    d1_substantial: tuple[str, ...]
    sm_multi_body: bool
    all_sm_implemented: bool

    @property
    def status_counts(self) -> dict[str, int]:
        """Assessed activities per status (withdrawn ones are not assessed)."""
        return {"completed": self.completed, "ongoing": self.implemented - self.completed,
                "upcoming": self.assessed - self.implemented, "withdrawn": self.withdrawn}


def _rates(figures: dict[str, dict[str, str]], figure_id: str) -> list[Printed]:
    row = figures[figure_id]
    rates = [Printed(row["value"])]
    rates += [Printed(text) for text in re.findall(r"text says ([0-9.]+)%", row["note"])]
    return rates


def _char_target(code: str, figures: dict, statements: dict) -> CharTarget:
    def number(key: str) -> int | None:
        return int(figures[key]["value"]) if key in figures else None

    n = number(f"{code}_activities")
    rate_printed = _rates(figures, f"{code}_implementation_rate")
    printed = {"implementation": rate_printed, "completion": _rates(figures, f"{code}_completion_rate"),
               "largest": _rates(figures, f"{code}_largest_sb")}
    second_body = statements.get(f"{code}_second_sb_name")
    second_count = None
    if f"{code}_second_sb" in figures:
        printed["second"] = _rates(figures, f"{code}_second_sb")
        second_count = count_for_rate(n, printed["second"], None)
    t1, t2 = statements[f"{code}_common_types"].split(";")
    return CharTarget(
        code=code, activities=n,
        implemented=count_for_rate(n, rate_printed, number(f"{code}_implemented")),
        completed=count_for_rate(n, printed["completion"], None),
        largest_body=statements[f"{code}_largest_sb_name"],
        largest_count=count_for_rate(n, printed["largest"], None),
        second_body=second_body, second_count=second_count,
        n_bodies=number(f"{code}_sbs"), top_types=(t1, t2), printed=printed,
    )


def load_targets(paths: DataPaths, tax: Taxonomy) -> Targets:
    """Read every target from the reference files.

    Parameters
    ----------
    paths : DataPaths
        The data folder (its ``reference/`` files are read).
    tax : Taxonomy
        Code lists (Characteristics, activity types).

    Returns
    -------
    Targets
        Counts derived from the printed figures and statements.
    """
    table = pd.read_csv(paths.published_figures, dtype=str, keep_default_na=False)
    figures = {row["figure_id"]: row for row in table.to_dict("records")}
    stmt = pd.read_csv(paths.reference_dir / "mtr_activity_statements.csv", dtype=str, keep_default_na=False)
    statements = dict(zip(stmt["statement_id"], stmt["value"]))
    kinds = dict(zip(stmt["statement_id"], stmt["kind"]))
    planned, withdrawn = int(figures["planned_activities"]["value"]), int(figures["withdrawn_activities"]["value"])
    assessed = int(figures["assessed_activities"]["value"])
    if planned - withdrawn != assessed:
        raise ValueError("planned - withdrawn != assessed in the published figures")
    printed = {key: Printed(figures[key]["value"]) for key in ("implementation_rate", "completion_rate")}
    type_counts = {}
    for code in tax.activity_type_codes:
        printed[f"type_share_{code}"] = Printed(figures[f"type_share_{code}"]["value"])
        type_counts[code] = count_for_share(assessed, printed[f"type_share_{code}"])
    if sum(type_counts.values()) != assessed:
        raise ValueError(f"type counts {type_counts} do not add up to {assessed}")
    d1_id = next(key for key in statements if key.endswith("_primary_sbs"))
    return Targets(
        planned=planned, withdrawn=withdrawn, assessed=assessed,
        n_bodies=int(figures["sectoral_bodies"]["value"]),
        completed=count_for_share(assessed, printed["completion_rate"]),
        implemented=count_for_share(assessed, printed["implementation_rate"]),
        reporting_date=date.fromisoformat(figures["status_as_of"]["value"]),
        type_counts=type_counts, printed=printed,
        chars={c: _char_target(c, figures, statements) for c in tax.characteristic_codes},
        d1_kra=f"{d1_id[0]}.{d1_id[1]}",
        d1_primary=tuple(statements[d1_id].split(";")),
        d1_substantial=tuple(re.findall(r"\b([A-Z][A-Z-]+[A-Z])\b", kinds[d1_id].split("also", 1)[1])),
        sm_multi_body=statements["A_sm_multi_body"].lower() == "true",
        all_sm_implemented=statements["all_sm_implemented"].lower() == "true",
    )
