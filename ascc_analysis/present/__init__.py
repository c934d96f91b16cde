"""Presentation layer: house style, text, charts, sentences and the HTML export (built on ``analysis`` and ``data``)."""
