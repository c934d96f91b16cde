"""Declarations, assessment findings and institutional forms: the codes their columns use.

Three tables under ``data/institutions/``, built by ``scripts/make_kpi_tables.py`` from the
reference files (see ``data/README.md``); their files, loaders and column contracts are
declared in ``datasets.DATASETS``:

- ``declarations.csv``: the 38 Leaders' instruments of 2016 to June 2020, with the flags
  that the counting rule uses (``counted_in_mtr``);
- ``assessment_findings.csv``: one row per bullet of Tables 7 and 8 of the executive
  summary (regional syntheses; no per-country judgement);
- ``institutional_forms.csv``: the 15 implementing Sectoral Bodies and whether a centre
  serves them (``has_centre``) or they run through their senior officials' meetings.
"""

from __future__ import annotations

FORMS = ("has_centre", "runs_through_som")
"""The institutional forms of ``institutional_forms.csv`` (column ``form``)."""
