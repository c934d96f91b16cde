"""Validation layer: the Great Expectations gate; imported only by the orchestrating process (built on ``data``)."""
