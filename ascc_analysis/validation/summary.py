"""The offline validation summary page: one self-contained HTML file, no CDN, no script.

GX Data Docs load their styles from CDNs and show unstyled offline; this page is what
``outputs/index.html`` links. Every value from the data is escaped, so a title such as
``<script>alert(1)</script>`` shows as text.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from ascc_analysis.data.io import atomic_write_text
from ascc_analysis.validation.result import GateResult

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:70rem;
padding:0 1rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #ccd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eef1f6}.pass{color:#176b2c;font-weight:600}.fail{color:#a4161a;font-weight:600}
.warn{color:#7a4b00;font-weight:600}.skip{color:#555}
.verdict{padding:.6rem 1rem;border-radius:.3rem;display:inline-block}
.verdict.pass{background:#e3f4e7}.verdict.fail{background:#fbe4e4}.verdict.warn{background:#fdf1d8}
code{font-size:.85rem}details{margin:.4rem 0}small{color:#555}
"""


def _cell(text: object) -> str:
    return f"<td>{escape('' if text is None else str(text))}</td>"


def _suites_table(result: GateResult) -> str:
    rows = []
    for name, counts in result.suites.items():
        name = "ingest (files)" if name == "ingest" else name
        status = '<td class="fail">failed</td>' if counts["failed"] else '<td class="pass">passed</td>'
        rows.append(f"<tr>{_cell(name)}{_cell(counts['passed'])}{_cell(counts['failed'])}{status}</tr>")
    rows += [f"<tr>{_cell(name)}<td></td><td></td>{_cell('skipped: ' + reason)}</tr>"
             for name, reason in result.skipped]
    head = "<tr><th>Suite</th><th>Passed</th><th>Failed</th><th>Status</th></tr>"
    return f"<table>{head}{''.join(rows)}</table>"


OUTCOME_CLASS = {"read": "pass", "skipped": "skip", "error": "fail"}
"""CSS class of each outcome of a Tool 1 file."""


def _files_section(result: GateResult) -> str:
    """Every name of the Tool 1 folder with what became of it, and the coverage sentence."""
    if not result.files and not result.coverage:
        return ""
    rows = [f"<tr>{_cell(name)}<td class=\"{OUTCOME_CLASS.get(outcome, '')}\">{escape(outcome)}</td>"
            f"{_cell(rows)}{_cell(detail)}</tr>" for name, outcome, rows, detail in result.files]
    table = ("<table><tr><th>File</th><th>Outcome</th><th>Activity rows</th><th>Detail</th></tr>"
             f"{''.join(rows)}</table>" if rows else "")
    coverage = f"<p>{escape(result.coverage)}</p>" if result.coverage else ""
    return f"<h2>Tool 1 files ({len(result.files)})</h2>{coverage}{table}"


def _failures_table(result: GateResult) -> str:
    if not result.failures:
        return "<p>No errors.</p>"
    head = ("<tr><th>Suite</th><th>Column</th><th>Problem</th><th>Unexpected values</th>"
            "<th>Where</th><th>Check</th></tr>")
    rows = [f"<tr>{_cell(f.suite)}{_cell(f.column)}{_cell(f.message + (f' ({f.count} rows)' if f.count else ''))}"
            f"{_cell(', '.join(f.unexpected))}{_cell('; '.join(f.where))}"
            f"<td><code>{escape(f.expectation)}</code></td></tr>"
            for f in result.failures]
    return f"<table>{head}{''.join(rows)}</table>"


def _checks_section(result: GateResult) -> str:
    blocks = []
    for suite in dict.fromkeys(check.suite for check in result.checks):
        rows = [f"<tr>{'<td class=pass>ok</td>' if c.success else '<td class=fail>failed</td>'}"
                f"<td><code>{escape(c.expectation)}</code></td>{_cell(c.column)}{_cell(c.description)}</tr>"
                for c in result.checks if c.suite == suite]
        count = f"{len(rows)} expectation{'' if len(rows) == 1 else 's'}"
        blocks.append(f"<details><summary>{escape(suite)} ({count})</summary>"
                      f"<table><tr><th></th><th>Expectation</th><th>Column</th><th>Rule</th></tr>"
                      f"{''.join(rows)}</table></details>")
    return "".join(blocks)


def _warnings_section(result: GateResult) -> str:
    if not result.warnings:
        return "<h2>Warnings (0)</h2><p>No warnings.</p>"
    items = "".join(f"<li>{escape(w)}</li>" for w in result.warnings)
    return (f"<h2>Warnings ({len(result.warnings)})</h2><p>The data passes with these, but read them: they say "
            f"what the reports will not show.</p><ul class=\"warnings\">{items}</ul>")


def render_summary_html(result: GateResult) -> str:
    """The summary page of a gate result as one HTML string (inline CSS, no script).

    Sections: the verdict (errors and warnings counted apart), the suites, the Tool 1
    files with what became of each and the coverage, the errors (which make the data
    invalid), the warnings (which do not) and every expectation.
    """
    verdict = result.verdict()
    css = "fail" if not result.success else "warn" if result.warnings else "pass"
    docs = ('<p><small>Full Great Expectations Data Docs: <a href="index.html">index.html</a> '
            "(styled only when online).</small></p>" if result.docs_index else "")
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(verdict)}: ASCC MTR data validation</title><style>{STYLE}</style></head><body>"
            f"<h1>ASCC MTR data validation</h1><p class=\"verdict {css}\">{escape(verdict)}</p>{docs}"
            f"<h2>Suites</h2>{_suites_table(result)}{_files_section(result)}"
            f"<h2>Errors ({len(result.failures)})</h2>{_failures_table(result)}"
            f"{_warnings_section(result)}<h2>Expectations</h2>{_checks_section(result)}</body></html>\n")


def write_summary_html(result: GateResult, path: Path) -> Path:
    """Write the offline, self-contained validation summary page.

    Parameters
    ----------
    result : GateResult
        A gate result (``validation.validate_data_dir`` or ``run_gate``).
    path : Path
        The HTML file to write (its folder is created).

    Returns
    -------
    Path
        ``path``.
    """
    return atomic_write_text(path, render_summary_html(result))
