"""The national chapter: one Member State's frames, computed once, and the rows behind each table, chart and sentence.

The template (``04_national.ipynb``) narrates and shows; this module gathers what it shows (the
profile, gaps, caveats, values shown with their primary sources, the constant-panel averages beside the
MTR's published ones, the direction matrix) and the rows each element was computed from, so that every
element carries the basis of its own rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from ascc_analysis.analysis import national
from ascc_analysis.data.kpis import ASEAN
from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.present.basis import Basis
from ascc_analysis.present.kpi_ids import id_origin, kpi_name
from ascc_analysis.present.national_sentences import short_label

TABLE_8_LINK = "resources.html#table-8"
"""Where the MTR's Table 8 (the synthesis of the national reviews) is shown once, for all AMS."""


@dataclass
class National:
    """What a national report shows, computed once (built by :func:`load_national`).

    Attributes
    ----------
    iso3, name : str
        The Member State: its code and its name inside a sentence (``name_in_text``: "the Philippines").
    cutoff_year : int
        Last year whose values count.
    taxonomy : Taxonomy
        Code lists.
    framework, indicator_map, observations : pandas.DataFrame
        The KPI framework, the series map and the chapter's observations (``national_observations``,
        with the citation of each country row).
    profile, gaps, caveats, shown : pandas.DataFrame
        ``country_profile``, ``data_gaps``, ``country_caveats`` and ``shown_values``.
    published : pandas.DataFrame
        ``published_averages``: the MTR's published averages beside the constant panel's.
    matrix : pandas.DataFrame
        ``direction_matrix`` over every AMS.
    """

    iso3: str
    name: str
    cutoff_year: int
    taxonomy: Taxonomy
    framework: pd.DataFrame
    indicator_map: pd.DataFrame
    observations: pd.DataFrame
    profile: pd.DataFrame
    gaps: pd.DataFrame
    caveats: pd.DataFrame
    shown: pd.DataFrame
    published: pd.DataFrame
    matrix: pd.DataFrame

    @property
    def heading_name(self) -> str:
        """The country's name standing alone, as in a heading ("Philippines")."""
        return self.taxonomy.label("member_states", self.iso3)

    @property
    def member_states(self) -> int:
        """The number of AMS."""
        return len(self.taxonomy.ams_codes)

    def rows(self, series=None, role: str | None = None) -> pd.DataFrame:
        """Every AMS's measured rows up to the cut-off of some series (default: the profile's) or of one role."""
        rows = national.comparable_rows(self.observations, self.taxonomy)
        rows = rows[rows["year"] <= self.cutoff_year]
        if series is None:
            series = self.profile["series"] if role is None else self.profile.loc[self.profile["role"] == role,
                                                                                  "series"]
        return rows[rows["series"].isin(list(series))]

    def basis(self, series=None, role: str | None = None) -> Basis:
        """The basis of a table or sentence computed from some series' rows (see :meth:`rows`)."""
        return Basis.of(self.rows(series, role))

    def ranked_basis(self) -> Basis:
        """The basis of the country's ranks: every AMS's values in its latest year of each ranked KPI series."""
        kpi = self.profile[(self.profile["role"] == "primary") & self.profile["rank"].notna()]
        rows = self.rows(kpi["series"])
        latest = dict(zip(kpi["series"], kpi["latest_year"]))
        return Basis.of(rows[[latest[s] == y for s, y in zip(rows["series"], rows["year"])]])

    def matrix_basis(self) -> Basis:
        """The basis of the direction matrix: the panel rows of its series in the years they compare."""
        keys = set(self.matrix["series"])
        frames = [average.rows for key, average in self.panel_averages.items() if key in keys]
        return Basis.of(*frames) if frames else Basis()

    @cached_property
    def panel_averages(self) -> dict:
        """The ASEAN averages over constant panels of every series (``analysis.national.panel_averages``), once."""
        return national.panel_averages(self.observations, self.framework, self.indicator_map, self.taxonomy,
                                       self.cutoff_year)

    def published_basis(self) -> Basis:
        """The basis of the published-average comparison: the published rows plus the panels' rows."""
        published = Basis.from_code("published", len(self.published)) if len(self.published) else Basis()
        return published + self.basis(self.published["series"])

    def sentence_labels(self) -> dict[str, str]:
        """Series key -> its name in a sentence (short label), for the profile's series and every KPI series."""
        short = national.series_facts(self.indicator_map).short_labels
        labels = {key: short_label(short.get(key), label) for key, label in self.kpi_labels().items()}
        labels.update(zip(self.profile["series"], [short_label(s, la) for s, la in
                                                   zip(self.profile["short_label"], self.profile["label"])]))
        return labels

    def kpi_labels(self) -> dict[str, str]:
        """KPI series key -> its label, for every KPI series any AMS has (not only this country's)."""
        facts = national.series_facts(self.indicator_map)
        rows = national.comparable_rows(self.observations, self.taxonomy)
        keys = rows.loc[rows["role"] == "primary"].drop_duplicates("series")
        return {key: national.series_label(self.framework, facts, "primary", kpi_id, key)
                for key, kpi_id in zip(keys["series"], keys["kpi_id"])}

    def matrix_labels(self) -> dict[str, str]:
        """Series key -> its row label in the matrix: ``KPI 2: <label> (2016-2019, 10 AMS)``."""
        labels = self.kpi_labels()
        result = {}
        for row in self.matrix[self.matrix["geography"] == ASEAN].itertuples():
            result[row.series] = (f"{kpi_name(row.kpi_id, self.framework, self.taxonomy)}: {labels[row.series]} "
                                  f"({int(row.first_year)}-{int(row.last_year)}, {int(row.panel_n)} AMS)")
        return result

    def gaps_of(self, kpi_series: bool) -> pd.DataFrame:
        """The country's gaps in KPI series (``kpi_series=True``) or in the context and other series (False)."""
        return self.gaps[(self.gaps["role"] == "primary") == kpi_series]

    def caveats_beyond_gaps(self) -> pd.DataFrame:
        """The country's caveats less the coverage notes that only repeat a gap (the same note on the same series)."""
        gaps = set(zip(self.gaps["series"], self.gaps["note"].astype(str)))
        repeated = [kind == "coverage" and (series, str(caveat)) in gaps
                    for series, kind, caveat in zip(self.caveats["series"], self.caveats["kind"],
                                                    self.caveats["caveat"])]
        return self.caveats[[not r for r in repeated]]

    def kpi_ids_shown(self) -> list[str]:
        """Every KPI id the report shows (profile, gaps, published averages, matrix)."""
        ids = pd.concat([self.profile["kpi_id"], self.gaps["kpi_id"], self.published["kpi_id"],
                         self.matrix["kpi_id"]]).dropna().astype(str)
        return list(dict.fromkeys(ids))

    def shows_project_ids(self) -> bool:
        """Whether any KPI id shown was assigned by the project (the report then shows the id footnote once)."""
        return any(id_origin(k, self.framework) == "project" for k in self.kpi_ids_shown())


def load_national(report, iso3: str, cutoff_year: int) -> National:
    """Compute once what a national report shows, from the datasets its report declares.

    Parameters
    ----------
    report : ReportContext
        The report (``start_report("national", ams=...)``).
    iso3 : str
        The Member State.
    cutoff_year : int
        Last year whose values count.

    Returns
    -------
    National
    """
    taxonomy = report.taxonomy
    name, plain_name = taxonomy.label("member_states", iso3, "name_in_text"), taxonomy.label("member_states", iso3)
    framework, indicator_map = report.load("kpi_framework"), report.load("indicator_map")
    observations = national.national_observations(report.load("kpi_observations"), report.load("country_indicators"),
                                                  indicator_map)
    profile = national.country_profile(observations, framework, indicator_map, taxonomy, iso3, cutoff_year)
    return National(
        iso3=iso3, name=name, cutoff_year=cutoff_year, taxonomy=taxonomy, framework=framework,
        indicator_map=indicator_map, observations=observations, profile=profile,
        gaps=national.data_gaps(observations, framework, indicator_map, taxonomy, iso3, cutoff_year, name=plain_name),
        caveats=national.country_caveats(observations, framework, indicator_map, taxonomy, iso3, cutoff_year,
                                         name=plain_name),
        shown=national.shown_values(profile, observations, taxonomy, iso3),
        published=national.published_averages(observations, report.load("published_figures"), framework, taxonomy,
                                               cutoff_year),
        matrix=national.direction_matrix(observations, framework, indicator_map, taxonomy,
                                         list(taxonomy.ams_codes), cutoff_year),
    )
