"""The register page, who does what: every Tool 1 activity, filterable and sortable offline, with a KRA x Sectoral
Body matrix of activity counts whose cells link to the filtered list; and its CSV.

The page is self-contained: inline CSS and a few dozen lines of plain JavaScript (allowed by
its hash in the page's Content-Security-Policy; nothing else may run or load). Without
JavaScript it shows every activity. It carries the basis of its rows: on a reconstructed
register it says that titles and links are reconstructed. The same register gives the same
bytes apart from the element marked ``data-render-time``. ``pipeline.register_page`` writes it.
"""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import urlencode

import pandas as pd

from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.data.tool1 import Tool1Register
from ascc_analysis.present.basis import Basis, mark_html
from ascc_analysis.present.html_export import (
    CONTENT_SECURITY_POLICY,
    REPORT_CSS,
    SERIES_LINE,
    TEMPLATE_NAME,
    TEMPLATES_DIR,
    now_iso,
)
from ascc_analysis.present.text import count, join, plural

REGISTER_CSV = "register.csv"
"""The CSV written beside the page, which links to it."""
REGISTER_TEMPLATE = "register_page.html.j2"
REGISTER_SCRIPT = TEMPLATES_DIR / TEMPLATE_NAME / "static" / "register.js"
REGISTER_TITLE = "Who does what: the activities of the Sectoral Bodies"
COLUMNS = (("Code", False), ("Sectoral Body", False), ("KRA(s)", False), ("Type", False), ("Status", False),
           ("Years", True), ("Funding", False), ("Title", False))
"""The list's columns (heading, sorted as numbers)."""
CSV_COLUMNS = ("activity_code", "sectoral_body", "kra_codes", "blueprint_reference", "activity_type", "status",
               "start_year", "end_year", "funding_source", "title", "notes", "provenance", "source_file",
               "source_sheet", "source_row")
LABELLED = {"activity_type": "activity_types", "status": "statuses", "funding_source": "funding_sources"}
"""Coded columns shown by their label (taxonomy table)."""


def activity_kras(register: Tool1Register) -> dict[str, list[str]]:
    """Activity code -> its distinct KRA codes (a strategic measure counts for its KRA), in link order."""
    kras: dict[str, list[str]] = {}
    for code, kra in register.links[["activity_code", "kra_code"]].itertuples(index=False):
        listed = kras.setdefault(str(code), [])
        if str(kra) not in listed:
            listed.append(str(kra))
    return kras


def register_table(register: Tool1Register, taxonomy: Taxonomy) -> pd.DataFrame:
    """One row per activity (file and row order) with its KRAs and its coded columns as labels: the page's list
    and ``register.csv`` (columns :data:`CSV_COLUMNS`)."""
    kras = activity_kras(register)
    table = register.activities.sort_values(["sectoral_body", "source_file", "source_row"]).copy()
    table["kra_codes"] = [
        "; ".join(sorted(kras.get(code, []), key=taxonomy.kra_codes.index)) for code in table["activity_code"]]
    for column, codes in LABELLED.items():
        labels = {code: taxonomy.label(codes, code) for code in set(table[column])}
        table[column] = table[column].map(labels)
    return table[list(CSV_COLUMNS)].reset_index(drop=True)


def kra_body_counts(table: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """Activities per KRA (rows, taxonomy order) and Sectoral Body (columns, taxonomy order) of a register table."""
    pairs = [(kra, body) for kras, body in zip(table["kra_codes"], table["sectoral_body"]) for kra in kras.split("; ")
             if kra]
    frame = pd.DataFrame(pairs, columns=["kra_code", "sectoral_body"])
    bodies = [body for body in taxonomy.implementing_bodies if body in set(table["sectoral_body"])]
    bodies += sorted(set(table["sectoral_body"]) - set(bodies))
    return pd.crosstab(frame["kra_code"], frame["sectoral_body"]).reindex(
        index=taxonomy.kra_codes, columns=bodies, fill_value=0)


def filter_link(body: str = "", kra: str = "") -> str:
    """The page's own link to its list filtered by body and KRA (``#body=SOMHD&kra=A.1``)."""
    return "#" + urlencode([(key, value) for key, value in (("body", body), ("kra", kra)) if value] or [("body", "")])


def banner_sentences(activities: pd.DataFrame, taxonomy: Taxonomy) -> list[str]:
    """What the rows rest on, in plain words: for project-built rows, that their titles and links are not records."""
    basis = Basis.of(activities)
    sentences = []
    for code, rows in basis.rows:
        if code in taxonomy.built_by_project:
            label = taxonomy.label("provenance", code).lower()
            meaning = taxonomy.label("provenance", code, column="meaning")
            which = f"All {count(rows)}" if rows == basis.total else f"{count(rows)} of the {count(basis.total)}"
            sentences.append(
                f"{which} activities listed here are {label}: their titles and their links to KRAs are {label}, "
                f"not the ASEAN Secretariat's records. {meaning}.")
    if not sentences:
        sentences.append(f"Every activity here is read from the Tool 1 files supplied "
                         f"({join(sorted({taxonomy.label('provenance', code) for code, _ in basis.rows}))}).")
    return sentences


def render_register(register: Tool1Register, taxonomy: Taxonomy, *, render_time: str | None = None) -> str:
    """The register page.

    Parameters
    ----------
    register : Tool1Register
        The ingested register (its activities and KRA links).
    taxonomy : Taxonomy
        Labels, KRA order and titles, provenance meanings.
    render_time : str, optional
        ISO 8601 time shown as when the page was written; now (UTC) when None.

    Returns
    -------
    str
        The HTML page; it links to :data:`REGISTER_CSV` (:func:`register_csv`) beside it.
    """
    table = register_table(register, taxonomy)
    matrix = kra_body_counts(table, taxonomy)
    script = REGISTER_SCRIPT.read_text(encoding="utf-8")
    titles = dict(zip(taxonomy.kras["kra_code"], taxonomy.kras["kra_title"]))
    bodies = list(matrix.columns)
    context = {
        "title": REGISTER_TITLE,
        "series": SERIES_LINE,
        "csp": script_policy(script),
        "css": REPORT_CSS.read_text(encoding="utf-8"),
        "script": script,
        "summary": (f"{plural(len(table), 'activity', 'activities')} of "
                    f"{plural(table['sectoral_body'].nunique(), 'Sectoral Body', 'Sectoral Bodies')}, "
                    f"linked to {plural(int((matrix.sum(axis=1) > 0).sum()), 'KRA')}."),
        "mark": mark_html(Basis.of(register.activities), taxonomy),
        "banner": banner_sentences(register.activities, taxonomy),
        "bodies": bodies,
        "kras": [{"code": code, "title": titles[code]} for code in taxonomy.kra_codes],
        "matrix": [{"kra": kra, "kra_title": titles[kra], "href": filter_link(kra=kra),
                    "total": int(table["kra_codes"].str.split("; ").map(lambda kras, kra=kra: kra in kras).sum()),
                    "cells": [{"body": body, "count": int(matrix.at[kra, body]), "href": filter_link(body, kra)}
                              for body in bodies]} for kra in matrix.index],
        "body_totals": [{"body": body, "count": int((table["sectoral_body"] == body).sum()),
                         "href": filter_link(body)} for body in bodies],
        "columns": [{"heading": heading, "numeric": numeric} for heading, numeric in COLUMNS],
        "rows": [_row(record) for record in table.to_dict("records")],
        "csv_name": REGISTER_CSV,
        "files": plural(len(register.files), "Tool 1 file"),
        "reporting_date": register.reporting_date or "not given",
        "render_time": render_time or now_iso(),
    }
    return _environment().get_template(REGISTER_TEMPLATE).render(**context)


def _row(record: dict) -> dict:
    start, end = record["start_year"], record["end_year"]
    years = f"{start}" if pd.isna(end) or end == start else f"{start}\u2013{end}"
    return {"code": record["activity_code"], "body": record["sectoral_body"], "kras": record["kra_codes"].split("; "),
            "references": record["blueprint_reference"], "type": record["activity_type"], "status": record["status"],
            "years": years if not pd.isna(end) else f"{start}\u2013", "funding": record["funding_source"],
            "years_key": f"{int(start) * 10000 + (0 if pd.isna(end) else int(end))}", "title": record["title"]}


def register_csv(register: Tool1Register, taxonomy: Taxonomy) -> str:
    """The register table as CSV text, with a byte-order mark so that spreadsheet programs read it as UTF-8."""
    return "\ufeff" + register_table(register, taxonomy).to_csv(index=False, lineterminator="\n")


def script_policy(script: str) -> str:
    """The page's Content-Security-Policy: the reports' policy, but the one inline script (by its hash) may run."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return CONTENT_SECURITY_POLICY.replace("script-src 'none'", f"script-src 'sha256-{digest}'")


def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(str(TEMPLATES_DIR / TEMPLATE_NAME)), autoescape=True,
                       undefined=StrictUndefined, keep_trailing_newline=True)
