"""``outputs/glossary.html``: the acronyms of the Sectoral Bodies, the review's terms and the basis marks.

Everything on the page is read from data: the Sectoral Bodies from ``reference/sectoral_bodies.csv``
(through the taxonomy), the terms from ``reference/glossary_terms.csv`` and the basis marks from
``taxonomy/provenance.csv``. The page is self-contained and the same data give the same bytes.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ascc_analysis.config import REFERENCE_SUBDIR, DataPaths
from ascc_analysis.pipeline.index_page import GLOSSARY_PAGE, page_context, page_environment, write_page

GLOSSARY_TEMPLATE = "glossary_page.html.j2"
GLOSSARY_TITLE = "Glossary of acronyms and terms"
TERMS_FILE = REFERENCE_SUBDIR / "glossary_terms.csv"


def glossary_terms(data_dir: Path | None = None) -> list[tuple[str, str]]:
    """(term, meaning) pairs of ``reference/glossary_terms.csv``, sorted by term (case-insensitive)."""
    path = DataPaths.of(data_dir).resolve(TERMS_FILE)
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [(row["term"].strip(), row["meaning"].strip()) for row in csv.DictReader(handle)]
    return sorted(rows, key=lambda pair: pair[0].casefold())


def render_glossary(data_dir: Path | None = None) -> str:
    """The glossary page as a string."""
    from ascc_analysis.data.datasets import load

    taxonomy = load("taxonomy", data_dir)
    bodies = taxonomy.sectoral_bodies.sort_values("acronym", key=lambda column: column.str.casefold())
    context = page_context(GLOSSARY_TITLE) | {
        "terms": glossary_terms(data_dir),
        "bodies": [(str(row.acronym), str(row.full_name), str(row.sector)) for row in bodies.itertuples()],
        "marks": [(str(row.label), str(row.mark_meaning)) for row in taxonomy.provenance.itertuples()],
        "member_states": [(str(row.iso3), str(row.name)) for row in taxonomy.member_states.itertuples()],
    }
    return page_environment().get_template(GLOSSARY_TEMPLATE).render(**context)


def write_glossary(output_dir: Path, data_dir: Path | None = None) -> Path:
    """Write ``output_dir/glossary.html``; return its path."""
    return write_page(Path(output_dir) / GLOSSARY_PAGE, render_glossary(data_dir))
