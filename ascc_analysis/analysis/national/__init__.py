"""One Member State's KPI profile from public statistics, against the other AMS.

Pure functions on the KPI observations and framework, the map of source series
(dataset ``indicator_map``) and the public country statistics (dataset ``country_indicators``).
They never invent a country value: every value in a profile is a measured row
(``kpi_views.measured``: no row the project built) with a source, copied unchanged from the
reference file. What the chapter knows of each series is a column of the indicator map, so a
new series is a row there: its ``label`` (tables) and ``short_label`` (sentences), the
``desired_direction`` that overrides its KPI's (a rank: 1 is best), whether its levels are
``comparable_across_ams`` (else no ASEAN average and no rank) and whether its year-on-year
falls read as series breaks (``falls_read_as_breaks``).

Series
------
A *series* is what one profile row follows over time:

- the **primary** country rows of a KPI unit form one series (key ``kpi-<kpi_id>``), as in
  the outcome rules; for GCI 4.0 this joins the WEF 2017 backcast to the 2018 and 2019
  editions (same method, one value per AMS and year);
- every **context** indicator is its own series (key = indicator), so the legacy 1-7 GCI
  is never mixed with GCI 4.0, nor survey-year stunting with the modelled series;
- the country statistics that no KPI uses (role ``excluded`` in the indicator map:
  internet use, R&D expenditure, tourist arrivals) are shown apart as ``other`` series.

Rules
-----
**Baseline** and **latest value** follow ``outcomes``: the baseline is the value in the
unit's baseline year (2016 in the framework), else the nearest year within
``outcomes.DEFAULT_BASELINE_TOLERANCE`` years, earlier first; the latest value is the last
one up to the cut-off year. **Trend**: ``improving`` / ``worsening`` when the change from
baseline to latest has the sign of the desired direction or the opposite, ``flat`` when it
is zero, ``series break`` when a caveat on the country's own rows says the series breaks
(the change is shown, not read as a trend), ``carried forward`` for no change where such a
caveat says the source carried the value forward, ``single value`` (one value up to the
cut-off), ``no later value`` (nothing after the baseline), ``no baseline`` (values only after
the baseline window), ``no direction`` (a change but no desired direction). **ASEAN
average**: the unweighted mean over the series' constant panel (``panels``: the AMS with a value in
every year compared, from the KPI's baseline window to the cut-off), the same in every report that
shows the series and year, with the panel named; the profile gives it in the country's latest
year (when that year is compared) and from the first to the last year compared. **Rank**: 1 = best in the desired
direction among those AMS ("of n"; ties share the better rank).

Modules: ``series`` (keys, the indicator map's facts, comparable rows and their selections, citations),
``averages`` (constant-panel averages, the direction matrix, the MTR's published averages beside them),
``profile`` (the profile, its figures and chart picks), ``sources`` (the values shown with their
primary sources) and ``gaps`` (gaps and country caveats);
their public functions are importable from here (``national.country_profile``).
"""

from ascc_analysis.analysis.national.averages import (
    PUBLISHED_COLUMNS,
    direction_matrix,
    panel_averages,
    published_averages,
    series_panel,
)
from ascc_analysis.analysis.national.gaps import CAVEAT_COLUMNS, GAP_COLUMNS, country_caveats, data_gaps, mentions
from ascc_analysis.analysis.national.profile import (
    PROFILE_COLUMNS,
    TRENDS,
    country_profile,
    key_indicators,
    national_figures,
    national_findings,
    profile_frame,
    rank_of,
    trend_of,
)
from ascc_analysis.analysis.national.series import (
    CITATION_COLUMNS,
    ROLES,
    SeriesFacts,
    comparable_rows,
    comparison_values,
    country_series,
    falls,
    national_observations,
    other_statistics,
    series_available,
    series_direction,
    series_facts,
    series_key,
    series_label,
    split_caveats,
)
from ascc_analysis.analysis.national.sources import SHOWN_COLUMNS, shown_values

__all__ = [
    "CAVEAT_COLUMNS", "CITATION_COLUMNS", "GAP_COLUMNS", "PROFILE_COLUMNS", "PUBLISHED_COLUMNS", "ROLES", "TRENDS",
    "SeriesFacts", "direction_matrix", "panel_averages", "published_averages", "series_panel",
    "comparable_rows", "comparison_values", "country_caveats", "country_profile", "country_series", "data_gaps",
    "falls", "key_indicators", "mentions", "national_figures", "national_findings", "national_observations",
    "other_statistics", "profile_frame", "rank_of", "series_available", "series_direction",
    "series_facts", "series_key", "series_label", "split_caveats", "trend_of", "SHOWN_COLUMNS", "shown_values",
]
