"""Chapters layer: the report runtime and one module per template for what only that chapter uses."""
