"""Sentences of the national chapter, built from a country's computed profile.

Every number in these sentences comes from the frames of ``national``; nothing published
is typed in. A country with little data gets shorter sentences, never an error.
"""

from __future__ import annotations

import re

import pandas as pd

from ascc_analysis.data.kpis import ASEAN
from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.present.basis import Basis
from ascc_analysis.present.judgement import ranked_names, withheld_note
from ascc_analysis.present.text import (
    capital,
    count,
    join,
    lower_first,
    ordinal,
    plural,
    possessive,
    primary_sources,
    value,
)

IMPROVING, WORSENING, FLAT, BREAK, CARRIED = "improving", "worsening", "flat", "series break", "carried forward"


def _kpi(profile: pd.DataFrame) -> pd.DataFrame:
    return profile[profile["role"] == "primary"]


def short_label(short, label: str) -> str:
    """A series' name in a sentence: its short label (``indicator_map.csv``), else its label without
    brackets, the first letter lower-cased unless it starts an acronym."""
    if short is not None and not pd.isna(short):
        return str(short)
    return lower_first(re.sub(r"\s*\([^)]*\)", "", str(label)).strip())


def _labels(rows: pd.DataFrame) -> list[str]:
    return [short_label(short, label) for short, label in zip(rows["short_label"], rows["label"])]


def coverage_sentence(name: str, profile: pd.DataFrame, available: int, cutoff_year: int) -> str:
    """How many KPI series the country has data for, of those any AMS has.

    Parameters
    ----------
    name : str
        The country's name.
    profile : pandas.DataFrame
        From ``national.country_profile``.
    available : int
        KPI series with data for at least one AMS (``national.series_available``).
    cutoff_year : int
        The cut-off year.
    """
    kpi = _kpi(profile)
    context = int((profile["role"] == "context").sum())
    other = int((profile["role"] == "other").sum())
    if profile.empty:
        return (f"The data hold no public statistic for {name} up to {cutoff_year}, so this report shows no "
                "country profile; the regional synthesis of the national reviews follows below.")
    text = (f"{capital(name)} has public country data up to {cutoff_year} for {count(len(kpi))} of the "
            f"{plural(available, 'KPI series', 'KPI series')} that at least one AMS has data for")
    extras = []
    if context:
        extras.append(plural(context, "related context series", "related context series"))
    if other:
        extras.append(plural(other, "other public statistic"))
    return text + (", plus " + join(extras) if extras else "") + "."


def trend_sentence(name: str, profile: pd.DataFrame) -> str:
    """Which KPI series improved, worsened, stayed flat or broke since the baseline."""
    kpi = _kpi(profile)
    if kpi.empty:
        return f"No KPI series of {name} can be compared with a baseline."
    by_trend = {trend: kpi[kpi["trend"] == trend] for trend in (IMPROVING, WORSENING, FLAT, BREAK, CARRIED)}
    parts = []
    if len(by_trend[IMPROVING]):
        parts.append(f"improved on {plural(len(by_trend[IMPROVING]), 'KPI series', 'KPI series')} "
                     f"({join(_labels(by_trend[IMPROVING]))})")
    if len(by_trend[WORSENING]):
        parts.append(f"worsened on {join(_labels(by_trend[WORSENING]))}")
    if len(by_trend[FLAT]):
        parts.append(f"did not change on {join(_labels(by_trend[FLAT]))}")
    compared = sum(len(rows) for rows in by_trend.values())
    if parts:
        text = f"Since the baseline, {name} " + join(parts) + "."
    else:
        text = f"None of the KPI series of {name} can be compared with a baseline up to the cut-off."
    if len(by_trend[BREAK]):
        text += (f" The series of {join(_labels(by_trend[BREAK]))} breaks between the baseline and the latest "
                 "value, so its change is not read as a trend.")
    if len(by_trend[CARRIED]):
        text += (f" The source carries the value of {join(_labels(by_trend[CARRIED]))} forward, so its lack of change "
                 "is not read as a trend.")
    rest = len(kpi) - compared
    if rest and parts:
        text += (f" {plural(rest, 'series', 'series')} cannot be compared with a baseline "
                 "(a single value, or values only after the baseline years).")
    return text


def rank_sentence(name: str, profile: pd.DataFrame, basis: Basis, taxonomy: Taxonomy) -> str:
    """Where the country ranks first and last among the AMS with data (KPI series).

    A rank names the country, so it is a named judgement (``judgement.ranked_names``): made only when
    no row behind the ranks (``basis``) was built by the project; otherwise the sentence says why not.
    """
    kpi = _kpi(profile)
    ranked = kpi[kpi["rank"].notna() & (kpi["rank_of"].fillna(0) >= 2)]
    if ranked.empty:
        return f"No KPI series of {name} can be ranked against other AMS."
    if ranked_names([name], basis, taxonomy, "Member State") != [name]:
        return withheld_note(basis, taxonomy)

    def listed(rows):
        return join([f"{short_label(r.short_label, r.label)} (of {int(r.rank_of)})" for r in rows.itertuples()])

    first = ranked[ranked["rank"] == 1]
    last = ranked[(ranked["rank"] == ranked["rank_of"]) & (ranked["rank"] > 1)]
    parts = []
    if len(first):
        parts.append(f"first on {listed(first)}")
    if len(last):
        parts.append(f"last on {listed(last)}")
    if not parts:
        best = ranked.sort_values(["rank", "rank_of"], ascending=[True, False]).iloc[0]
        return (f"In its latest year with data, {name} ranks at best {ordinal(best['rank'])} of the "
                f"{int(best['rank_of'])} AMS with data, on {short_label(best['short_label'], best['label'])}.")
    return (f"Among the AMS with data in its latest year, {name} ranks " + join(parts)
            + " (1 = best in the desired direction).")


def average_sentence(profile: pd.DataFrame, member_states: int, compared: pd.DataFrame, cutoff_year: int) -> str:
    """How the ASEAN averages are computed (constant panels), and how the MTR's published ones compare (in brief: the
    folded table gives each).

    Parameters
    ----------
    profile : pandas.DataFrame
        From ``national.country_profile``.
    member_states : int
        The number of AMS.
    compared : pandas.DataFrame
        ``national.published_averages`` (the published value as printed beside the panel's).
    cutoff_year : int
        The cut-off year.
    """
    text = ("Each ASEAN average is the unweighted mean over a constant panel, the AMS with a value in every year "
            f"compared from the KPI's baseline year to {cutoff_year} (which of the {count(member_states)} AMS: "
            "folded below), so it never jumps because an AMS drops out.")
    labels = dict(zip(profile["series"], [short_label(s, la) for s, la in zip(profile["short_label"],
                                                                                profile["label"])]))
    shown = compared[[r.series in labels and r.in_compared_years for r in compared.itertuples()]]
    if len(shown):
        gaps = [float(a) - float(p) for a, p in zip(shown["panel_average"], shown["published"])]
        series = join(list(dict.fromkeys(labels[key] for key in shown["series"])))
        spread = (f"by {value(gaps[0], decimals=2, signed=True)}" if len(gaps) == 1 else
                  f"by {value(min(gaps), decimals=2, signed=True)} to {value(max(gaps), decimals=2, signed=True)}")
        text += (f" The MTR does not say which AMS its published averages cover: for {series}, the panel's average "
                 f"differs from the one printed {spread} ({plural(len(shown), 'year', 'years')} compared, "
                 "folded below).")
    return text


def gaps_sentence(name: str, gaps: pd.DataFrame) -> str:
    """Which series other AMS have and this country lacks."""
    kpi = gaps[gaps["role"] == "primary"]
    others = len(gaps) - len(kpi)
    if gaps.empty:
        return f"{capital(name)} has data for every series that any other AMS has up to the cut-off."
    text = ""
    if len(kpi):
        notes = [f"{short_label(r.short_label, r.label)} ({r.note})" for r in kpi.itertuples()]
        text = (f"Other AMS have data on {plural(len(kpi), 'KPI series', 'KPI series')} that {name} lacks: "
                f"{join(notes)}.")
    else:
        text = f"{capital(name)} has data for every KPI series that any other AMS has."
    if others:
        text += f" It also lacks {plural(others, 'context or other series', 'context or other series')} (folded below)."
    return text


def caveats_sentence(name: str, caveats: pd.DataFrame, profile: pd.DataFrame, in_gaps: int = 0) -> str:
    """How many caveats concern the country, naming series breaks and coverage notes.

    ``in_gaps`` coverage notes that only repeat a gap are left out of ``caveats`` and said so.
    """
    repeated = (f" {capital(plural(in_gaps, 'coverage note'))} on series {name} lacks "
                f"{'is' if in_gaps == 1 else 'are'} among the gaps above.") if in_gaps else ""
    if caveats.empty:
        return (f"No other caveat in the data concerns {name} in particular." + repeated if in_gaps else
                f"No caveat in the data concerns {name} in particular; the general caveats of each series are "
                "in the tables above.")
    kinds = caveats["kind"].value_counts()
    verb = "concerns" if len(caveats) == 1 else "concern"
    text = f"{plural(len(caveats), 'caveat')} in the data {verb} {name} in particular"
    details = []
    if kinds.get("row", 0):
        details.append(plural(int(kinds["row"]), "note on its own values", "notes on its own values"))
    if kinds.get("coverage", 0):
        details.append(plural(int(kinds["coverage"]), "coverage note"))
    if kinds.get("series break", 0):
        details.append(plural(int(kinds["series break"]), "fall that looks like a series break",
                               "falls that look like series breaks"))
    text += " (" + join(details) + ")." if details else "."
    broken = profile[profile["trend"] == BREAK]
    if len(broken):
        text += f" Series breaks affect {join(_labels(broken))}: their changes are shown but not read as trends."
    return text + repeated


def other_statistics_sentence(name: str, profile: pd.DataFrame) -> str:
    """The public statistics no KPI measures, shown for context."""
    other = profile[profile["role"] == "other"]
    if other.empty:
        return f"No other public statistic of {name} is in the data."
    unranked = other[other["rank"].isna()]
    text = (f"{plural(len(other), 'public statistic')} that no MTR KPI measures {'is' if len(other) == 1 else 'are'} "
            f"shown for context: {join(_labels(other))}. They never enter a KPI's status.")
    if len(unranked):
        text += (f" {capital(join(_labels(unranked)))} {'is' if len(unranked) == 1 else 'are'} not averaged or "
                 "ranked across AMS (see the caveats).")
    return text


def assessment_sentence(name: str, synthesis: pd.DataFrame, own: pd.DataFrame, member_states: int,
                        link: str = "resources.html#table-8") -> str:
    """What the Table 8 synthesis says about the country: it applies to all AMS together, and is linked, not repeated.

    Parameters
    ----------
    name : str
        The country's name.
    synthesis : pandas.DataFrame
        Table 8 findings (``national.national_findings``, first frame).
    own : pandas.DataFrame
        Findings about this country alone (second frame; empty with the shipped data).
    member_states : int
        The number of AMS.
    link : str, default ``resources.html#table-8``
        Where Table 8 is shown, verbatim, once for all AMS.
    """
    if synthesis.empty and own.empty:
        return f"The data hold no assessment finding for {name} or for the AMS collectively."
    dimensions = int(synthesis["dimension"].nunique()) if len(synthesis) else 0
    text = (f"The MTR synthesises the national reviews of the {count(member_states)} AMS in "
            f"{plural(len(synthesis), 'finding')} over {plural(dimensions, 'assessment dimension')} "
            f"([Table 8, shown once for all AMS]({link})). "
            f"They apply to the AMS collectively, not to {name} alone")
    if own.empty:
        return text + (f": the executive summary makes no statement about {name} in particular, and the national "
                       "MTR reports themselves are not public, so no country-level assessment is shown beyond the "
                       "indicators above.")
    return text + f"; {plural(len(own), 'finding')} in the data concern{'s' if len(own) == 1 else ''} {name} itself."


def key_indicators_sentence(name: str, profile: pd.DataFrame, keys: list[str]) -> str:
    """What the charts show: one KPI series per Characteristic that can be compared across AMS."""
    if not keys:
        return f"No KPI series of {name} has a value that other AMS also have in the same year, so no chart is drawn."
    rows = profile[profile["series"].isin(keys)]
    letters = sorted(rows["characteristic"].dropna().unique())
    scope = f" (Characteristic{'s' if len(letters) != 1 else ''} {join(letters)})" if letters else ""
    return (f"Charts follow for {plural(len(keys), 'KPI series', 'KPI series')}{scope}, one per Characteristic "
            f"where {name} has data: all AMS in {possessive(name)} latest year, then {possessive(name)} series "
            "against the ASEAN average.")


def direction_sentence(name: str, iso3: str, matrix: pd.DataFrame, labels: dict[str, str]) -> str:
    """How the country's direction of change compares with the ASEAN average's on each KPI series (constant panels).

    Parameters
    ----------
    name, iso3 : str
        The country.
    matrix : pandas.DataFrame
        ``national.direction_matrix``.
    labels : dict
        Series key -> its name in a sentence.
    """
    if matrix.empty:
        return "No KPI series has a constant panel of AMS over two years or more, so no direction of change is shown."
    asean = matrix[matrix["geography"] == ASEAN].set_index("series")["direction"]
    own = matrix[matrix["geography"] == iso3].set_index("series")["direction"]
    readable = ("improving", "worsening", "flat")
    inside = [key for key in asean.index if own.get(key) in readable and asean[key] in readable]
    along = [labels.get(k, k) for k in inside if own[k] == asean[k]]
    against = [labels.get(k, k) for k in inside if own[k] != asean[k]]
    outside = [labels.get(k, k) for k in asean.index if own.get(k) == "not in panel"]
    text = (f"Over constant panels, {plural(len(asean), 'KPI series', 'KPI series')} can be followed from the "
            "first to the last year compared; the matrix shows which AMS move each ASEAN average.")
    if inside:
        text += f" {capital(name)} moves with the ASEAN average on {count(len(along))} of the {count(len(inside))}"
        text += " series where both read a direction" + (f" (not on {join(against)})." if against else ".")
    others = [labels.get(k, k) for k in asean.index if own.get(k) in ("series break", "carried forward")]
    if others:
        text += f" Its own series of {join(others)} break or carry values forward, so they are not read as a trend."
    if outside:
        text += (f" {capital(name)} is outside the panel of {join(outside)} (no value in every year compared), so "
                 "those averages do not include it.")
    return text


def sources_sentence(name: str, shown: pd.DataFrame) -> str:
    """Whose statistics the country values are, and which editions were released after the MTR's data date.

    Parameters
    ----------
    name : str
        The country's name.
    shown : pandas.DataFrame
        ``national.shown_values`` (citation columns).
    """
    if shown.empty:
        return f"No country value of {name} is shown."
    publishers = list(dict.fromkeys(shown["publisher"].dropna().astype(str)))
    text = (f"The {plural(len(shown), 'country value')} shown for {name} come from "
            f"{plural(len(primary_sources(shown)), 'dataset edition')} published by {join(publishers)}. "
            "Each is cited by its publisher, dataset and edition (an edition the sources do not state reads "
            "\"not known\"); the copy each value was read from is listed, collapsed, below the table.")
    later = shown[shown["vintage_note"].fillna("").str.strip().ne("")]
    if len(later):
        text += (f" {plural(len(later), 'value comes', 'values come')} from editions released after the MTR's data "
                 "date, which may revise the figures the MTR saw (column Vintage).")
    return text
