"""Data layer: the taxonomy, Tool 1 ingest, the datasets table and small io helpers (built on ``config``)."""
