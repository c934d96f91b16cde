"""Shared logic of the ASCC Blueprint 2025 Mid-Term Review reports.

Small flat modules, one concern each:

- ``paths``: the folder layout; ``DataPaths`` resolves a data folder's files.
- ``taxonomy``: Characteristics, KRAs, strategic measures, Sectoral Bodies, AMS, statuses,
  activity types, funding sources, provenance values and the Tool 1 alias tables.
- ``schema``: column contracts of the tidy tables.
- ``tool1``: ingest Tool 1 workbooks into the activity and link tables.
- ``metrics``: implementation metrics; ``figures``: computed figures keyed by published ids.
- ``reconcile``: published versus computed figures.
- ``registry``: report ids -> template, parameters, input files.
- ``report``: what a template calls first (``start_report``) and last (``finish``).
- ``sidecar``, ``style``: report sidecar JSON; house style for figures and tables.

Submodules are imported explicitly (``from ascc_analysis import metrics``) so that
importing the package stays cheap.
"""

__version__ = "0.1.0"
