"""Column contracts (names and pandas dtypes) of every table the reports read.

The ingester and the loaders build these tables, the validation gate checks them and the
notebooks read them; this module is the one place that names their columns and dtypes
(``datasets.DATASETS`` says which file each contract belongs to). Standard library only.
"""

from __future__ import annotations

LINEAGE_COLUMNS = ["source_file", "source_sheet", "source_row"]
"""Where a row came from: file name, sheet name and 1-based row number in that sheet."""

TOOL1_REQUIRED_COLUMNS = [
    "activity_code", "title", "blueprint_reference", "activity_type", "status",
    "start_year", "end_year", "funding_source",
]
"""Canonical Tool 1 columns a workbook must have (matched through the column aliases)."""

ACTIVITY_DTYPES = {
    "activity_code": "string",
    "sectoral_body": "string",
    "title": "string",
    "activity_type": "string",
    "status": "string",
    "start_year": "Int64",
    "end_year": "Int64",
    "funding_source": "string",
    "notes": "string",
    "blueprint_reference": "string",
    "reporting_date": "string",
    "provenance": "string",
    "source_file": "string",
    "source_sheet": "string",
    "source_row": "Int64",
}
"""The tidy activity table: one row per activity, keyed by ``activity_code``."""

LINK_DTYPES = {
    "activity_code": "string",
    "reference": "string",
    "kra_code": "string",
    "sm_code": "string",
    "characteristic": "string",
    "provenance": "string",
    "source_file": "string",
    "source_sheet": "string",
    "source_row": "Int64",
}
"""The activity-to-KRA link table: one row per (activity, referenced KRA or measure)."""

DEFAULT_PROVENANCE = "reported"
"""Provenance of an ingested row whose workbook does not say (a user's own export)."""

FRAMEWORK_DTYPES = {
    "kpi_id": "string",
    "parent_kpi": "string",
    "is_unit": "boolean",
    "characteristic": "string",
    "kra_code": "string",
    "text": "string",
    "unit": "string",
    "desired_direction": "string",
    "collection_category": "string",
    "international_index": "string",
    "baseline_year": "Int64",
    "mtr_statement": "string",
    "mtr_stated_change": "string",
    "table9_reference": "string",
    "id_named_in_mtr": "boolean",
    "reconstructed_change": "string",
    "reconstructed_to_year": "Int64",
    "reconstruction_basis": "string",
    "provenance": "string",
    "source_note": "string",
}
"""The KPI results framework: one row per KPI or sub-KPI; ``is_unit`` marks the 45 measurable units."""

OBSERVATION_DTYPES = {
    "kpi_id": "string",
    "indicator": "string",
    "role": "string",
    "geography": "string",
    "year": "Int64",
    "value": "Float64",
    "unit": "string",
    "source": "string",
    "provenance": "string",
    "caveat": "string",
    "figure_id": "string",
}
"""KPI observations: one value per row; ``year`` is empty where the source gives no year."""

INDICATOR_MAP_DTYPES = {
    "source_table": "string",
    "indicator": "string",
    "series": "string",
    "kpi_id": "string",
    "role": "string",
    "years": "string",
    "caveat": "string",
    "note": "string",
    "label": "string",
    "short_label": "string",
    "desired_direction": "string",
    "comparable_across_ams": "boolean",
    "falls_read_as_breaks": "boolean",
}
"""Source series (country indicator or published figure id) -> KPI, role and caveat, and what the
national chapter says of the series: its name in tables (``label``) and in sentences
(``short_label``), the direction that is better when its KPI gives none or the wrong one, whether
its levels compare across AMS (averaged and ranked) and whether its falls read as series breaks."""

COUNTRY_INDICATOR_DTYPES = {
    "indicator": "string",
    "iso3": "string",
    "year": "Int64",
    "value": "Float64",
    "unit": "string",
    "source": "string",
    "publisher": "string",
    "dataset": "string",
    "edition": "string",
    "release_year": "string",
    "retrieved_from": "string",
    "vintage_note": "string",
}
"""Public country statistics: one value per indicator, Member State (ISO3) and year, with its source, and the
publisher, dataset, edition and release year of that source (``not known`` where unstated), the copy the value
was read from and, for an edition later than the MTR's data date, a note saying so (data/README.md 3.2)."""

DECLARATION_DTYPES = {
    "title": "string",
    "instrument_type": "string",
    "summit": "string",
    "date": "string",
    "year": "Int64",
    "host_city": "string",
    "characteristic": "string",
    "characteristic_guess": "string",
    "characteristic_is_guess": "boolean",
    "leaders_instrument": "boolean",
    "cross_pillar": "boolean",
    "after_mtr_data_date": "boolean",
    "counted_in_mtr": "boolean",
    "counting_note": "string",
    "source": "string",
    "verification": "string",
    "provenance": "string",
}
"""Leaders' instruments, one per row; ``date`` is ``YYYY-MM-DD`` or ``YYYY`` where the day is unknown."""

FINDING_DTYPES = {
    "finding_id": "string",
    "table": "string",
    "table_title": "string",
    "section": "string",
    "level": "string",
    "dimension": "string",
    "dimension_label": "string",
    "bullet": "Int64",
    "geography": "string",
    "finding": "string",
    "mentions_all_ams": "boolean",
    "provenance": "string",
    "source": "string",
}
"""Assessment findings: one row per bullet of Tables 7 and 8 of the executive summary."""

FORM_DTYPES = {
    "sectoral_body": "string",
    "name": "string",
    "form": "string",
    "centres": "string",
    "centre_links": "string",
    "not_counted": "string",
    "provenance": "string",
    "note": "string",
}
"""Institutional forms: one row per implementing Sectoral Body; ``form`` is ``has_centre`` or ``runs_through_som``."""

PUBLISHED_FIGURE_DTYPES = {
    "figure_id": "string",
    "section": "string",
    "table": "string",
    "scope": "string",
    "metric": "string",
    "value": "string",
    "unit": "string",
    "note": "string",
    "printed_in": "string",
}
"""The MTR's published figures, one per ``figure_id``; ``value`` is text, as printed ("21.0" keeps its decimal);
``printed_in`` the ``row_id`` s of ``mtr_tables.csv`` (space-separated) whose bullet prints the figure, or for
Tables 7 and 8 the ``finding_id`` s of ``assessment_findings.csv``."""

RECONCILIATION_NOTE_DTYPES = {
    "figure_id": "string",
    "status": "string",
    "reason": "string",
}
"""Recorded reasons for published figures that the data cannot reproduce exactly."""

MTR_TABLE_DTYPES = {
    "row_id": "string", "table": "string", "table_title": "string", "section": "string",
    "characteristic": "string", "row_label": "string", "column": "string", "bullet": "Int64",
    "cell_format": "string", "text": "string", "note": "string", "provenance": "string", "source": "string",
}
"""The MTR's Tables 1-6, 9 and 10, verbatim: one row per cell bullet or paragraph."""

MTR_CONCLUSION_DTYPES = {"paragraph": "Int64", "text": "string", "provenance": "string", "source": "string"}
"""The MTR's Conclusion (section 6), one row per paragraph, verbatim."""

MTR_ACTIVITY_STATEMENT_DTYPES = {"statement_id": "string", "section": "string", "scope": "string", "kind": "string",
                                 "value": "string", "quote": "string"}
"""The MTR's statements about activities that are names, not numbers (largest bodies, common activity types)."""

RECOMMENDATION_TRACKING_DTYPES = {
    "row_id": "string", "evidence": "string", "kpi_ids": "string", "collection_category": "string",
    "follow_up_indicator": "string", "provenance": "string", "source_note": "string",
}
"""Per recommendation of Tables 9 and 10 (``mtr_tables.row_id``): its evidence, KPIs and follow-up indicator."""
