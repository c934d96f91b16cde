"""Column contracts of the tidy tables the package produces.

The ingester builds these tables, the validation gate checks them and the notebooks read
them; this module is the one place that names their columns and dtypes.
"""

from __future__ import annotations

LINEAGE_COLUMNS = ["source_file", "source_sheet", "source_row"]
"""Where a row came from: file name, sheet name and 1-based row number in that sheet."""

TOOL1_REQUIRED_COLUMNS = [
    "activity_code", "title", "blueprint_reference", "activity_type", "status",
    "start_year", "end_year", "funding_source",
]
"""Canonical Tool 1 columns a workbook must have (matched through the column aliases)."""

TOOL1_OPTIONAL_COLUMNS = ["notes", "provenance", "row_number"]
"""Canonical Tool 1 columns a workbook may have."""

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
