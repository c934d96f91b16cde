"""How the reports write numbers, percents, plurals, lists and names: one rule each."""

from __future__ import annotations

import re

import pandas as pd

ORDINAL_WORDS = {1: "first", 2: "second", 3: "third"}
ELLIPSIS = "…"


# ---- numbers ------------------------------------------------------------------------------------
def count(value: int) -> str:
    """A count with thousands separators: ``count(12345) == "12,345"``."""
    return f"{int(value):,}"


def percent(value: float, decimals: int = 1) -> str:
    """A share as the MTR prints it, one decimal and a per cent sign: ``percent(12.345) == "12.3%"``."""
    return f"{value:,.{decimals}f}%"


def number(value, decimals: int | None = None) -> str:
    """A value as shown in a table, empty when missing.

    Parameters
    ----------
    value : float or None
        The value.
    decimals : int, optional
        Fixed decimals (``number(2, 2) == "2.00"``). None: at most three decimals with trailing
        zeros dropped, none from 1,000 up (``number(1234.5) == "1,234"``, ``number(7.250) == "7.25"``).

    Returns
    -------
    str
        The value with thousands separators.
    """
    if value is None or pd.isna(value):
        return ""
    value = float(value)
    if decimals is not None:
        return f"{value:,.{decimals}f}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


PERCENT_UNITS = ("%", "percent", "per cent")
COUNT_UNITS = ("count", "count per year")


def value(x, unit=None, decimals: int | None = None, signed: bool = False) -> str:
    """Any number the reports show, by its unit: the one formatter of sentences, tables and charts.

    Parameters
    ----------
    x : float or None
        The value; empty text when missing.
    unit : str, optional
        Its unit as the data give it. A share (``%...``, ``percent``) has one decimal as the MTR prints
        it; a count (``count``) none; any other unit (indices, scores, years) the precision of its
        source, at most three decimals with trailing zeros dropped (:func:`number`).
    decimals : int, optional
        Fixed decimals, overriding the unit's.
    signed : bool, default False
        A change: ``+0.03`` and ``-1.19`` (zero unsigned).

    Returns
    -------
    str
        ``value(7.0, "count") == "7"``, ``value(12.345, "%") == "12.3"``, ``value(0.03, signed=True) == "+0.03"``.
    """
    if x is None or pd.isna(x):
        return ""
    unit_text = "" if unit is None or pd.isna(unit) else str(unit).strip().lower()
    if decimals is None and unit_text.startswith(PERCENT_UNITS):
        decimals = 1
    elif decimals is None and unit_text in COUNT_UNITS:
        decimals = 0
    text = number(x, decimals)
    if signed and float(x) > 0 and text.strip("0.,"):
        return "+" + text
    return "0" if signed and not text.strip("-0.,") else text


def exact(value) -> str:
    """A value at the precision of its source, with thousands separators (``886,400.024414063``)."""
    value = float(value)
    return f"{int(value):,}" if value.is_integer() else f"{value:,}"


def year(value) -> str:
    """A year without separator or decimals, empty when missing."""
    return "" if value is None or pd.isna(value) else str(int(value))


def with_year(x, value_year, decimals: int | None = None, unit=None) -> str:
    """``7.25 (2019)``: a value (:func:`value`, by its unit) and its year; empty when the value is missing."""
    return "" if x is None or pd.isna(x) else f"{value(x, unit, decimals)} ({year(value_year)})"


def out_of(part, total) -> str:
    """``2 of 10``; empty when either is missing."""
    return "" if pd.isna(part) or pd.isna(total) else f"{int(part)} of {int(total)}"


def ordinal(rank: int, words: bool = True) -> str:
    """``first``, ``second``, ``third``, then ``4th``, ``11th``, ``21st`` (``words=False``: ``1st``, ``2nd`` too)."""
    rank = int(rank)
    if words and rank in ORDINAL_WORDS:
        return ORDINAL_WORDS[rank]
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return f"{rank}{suffix}"


# ---- words and lists ----------------------------------------------------------------------------
def plural(n: int, word: str, plural_form: str | None = None) -> str:
    """``1 finding``, ``3 findings`` (``plural_form`` for irregular plurals: ``2 series``)."""
    return f"{count(n)} {word if n == 1 else (plural_form or word + 's')}"


def agree(n: int, singular: str, plural_form: str) -> str:
    """A count and a verb that agrees with it: ``1 shows``, ``0 show``, ``3 show``."""
    return f"{count(n)} {singular if n == 1 else plural_form}"


def possessive(name: str) -> str:
    """``Viet Nam's``, ``the Philippines'`` (a name ending in s takes the apostrophe alone)."""
    return f"{name}'" if str(name).endswith("s") else f"{name}'s"


def join(items) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def capital(text: str) -> str:
    """The text with its first letter in upper case (for a label that starts a sentence)."""
    return text[:1].upper() + text[1:]


def unit_label(unit) -> str:
    """A unit in words, for an axis or a table, from a unit as the data writes it: ``estimate approx -2.5..2.5`` ->
    ``Estimate (scale about -2.5 to 2.5)``; empty for a missing unit."""
    if unit is None or (isinstance(unit, float) and unit != unit):
        return ""
    text = str(unit).strip()
    approx = re.search(r"\s*approx(?:imately)?\s+(-?[\d.]+)\.\.(-?[\d.]+)", text)
    if approx:
        text = f"{text[:approx.start()]} (scale about {approx.group(1)} to {approx.group(2)}){text[approx.end():]}"
    return capital(text)


def lower_first(text: str) -> str:
    """A label inside a sentence: ``Government budget`` -> ``government budget``; a first word in
    capitals is an acronym and kept (``ASEAN funds``, ``UHC index``)."""
    text = str(text)
    first = text.split(" ")[0]
    return text if first.isupper() else first[:1].lower() + text[1:]


# ---- sources ------------------------------------------------------------------------------------
RECONSTRUCTED_BY = "reconstructed by "
"""How the source of a row the project built starts (``reconstructed by scripts/... (...)``)."""
PROJECT_SOURCE = "reconstructed by this project"
"""The short name of that source."""


def short_source(source: str) -> str:
    """A source as a reviewer names it: publisher and dataset, never the path of the copy read.

    Parameters
    ----------
    source : str
        A source as the data give it, e.g. ``github:o/r/f.csv@abc (World Bank WGI bulk CSV, column x)``.

    Returns
    -------
    str
        The dataset named in brackets (``World Bank WGI bulk CSV``); the MTR's place without the figure id
        (``MTR executive summary, section 3.2, Table 2``); ``reconstructed by this project`` for the project's
        own rows; the site of a URL; else the copy's file name (``a public copy of f.csv``).
    """
    text = str(source).strip()
    if text.startswith(RECONSTRUCTED_BY):
        return PROJECT_SOURCE
    if " (" in text and text.endswith(")"):
        return text[text.index(" (") + 2:-1].split("; ")[0].split(", column ")[0]
    match = re.match(r"https?://([^/]+)/", text)
    if match:
        return match.group(1)
    if text.startswith("MTR "):
        return text.split(", figure ")[0]
    location = text.split("@")[0]
    if ":" in location.split("/")[0]:
        return f"a public copy of {location.rsplit('/', 1)[-1]}"
    return location


def source_line(sources, limit: int | None = None, sort: bool = False, tail: str = "") -> str:
    """The short names of some sources, once each, ``; ``-joined.

    Parameters
    ----------
    sources : iterable of str
        Sources (missing ones are skipped).
    limit : int, optional
        Cut the text at this many characters, ending with an ellipsis.
    sort : bool, default False
        Alphabetical order instead of first-seen order.
    tail : str, default ""
        Text appended before the cut (``"; ASEAN average computed from these values"``).
    """
    names = list(dict.fromkeys(short_source(s) for s in sources if not pd.isna(s)))
    text = "; ".join(sorted(names) if sort else names) + tail
    return text if limit is None or len(text) <= limit else text[: limit - 1] + ELLIPSIS


def primary_source(publisher, dataset, edition=None, release_year=None) -> str:
    """A public statistic's source as a reviewer expects it: publisher, dataset, edition (not the copy read).

    Parameters
    ----------
    publisher, dataset : str
        Columns of ``country_indicators.csv`` (data/README.md 3.2).
    edition : str, optional
        The edition as the notes name it; ``not known (...)`` reads "edition not known (...)".
    release_year : str, optional
        Added as "released <year>" where it is a year the edition text does not already give.

    Returns
    -------
    str
        E.g. "World Bank, Worldwide Governance Indicators, edition not known (probably the 2023 release: the
        series run to 2022)"; empty without a publisher.
    """
    if publisher is None or pd.isna(publisher) or not str(publisher).strip():
        return ""
    parts = [str(publisher).strip()]
    if dataset is not None and not pd.isna(dataset) and str(dataset).strip():
        parts.append(str(dataset).strip())
    if edition is not None and not pd.isna(edition) and str(edition).strip():
        text = str(edition).strip()
        parts.append(f"edition {text}" if text.startswith("not known") else text)
    released = "" if release_year is None or pd.isna(release_year) else str(release_year).strip()
    if released.isdigit() and released not in ", ".join(parts):
        parts.append(f"released {released}")
    return ", ".join(parts)


def primary_sources(rows: pd.DataFrame, editions: bool = True) -> list[str]:
    """The primary sources of some rows, once each, in order (:func:`primary_source`).

    Parameters
    ----------
    rows : pandas.DataFrame
        Rows with ``publisher``, ``dataset``, ``edition`` and ``release_year`` (``country_indicators.csv``'s
        citation columns); a row without a publisher is named by its ``source`` (:func:`short_source`).
    editions : bool, default True
        False: publisher and dataset only (a chart's source line).
    """
    names = []
    for row in rows.itertuples():
        publisher = getattr(row, "publisher", None)
        if publisher is None or pd.isna(publisher):
            names.append(short_source(row.source) if not pd.isna(row.source) else "")
        elif editions:
            names.append(primary_source(publisher, row.dataset, row.edition, row.release_year))
        else:
            names.append(primary_source(publisher, row.dataset))
    return list(dict.fromkeys(name for name in names if name))
