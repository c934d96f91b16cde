"""Tests of the reviewer HTML exporter (ascc_analysis.present.html_export)."""

from __future__ import annotations

import copy
import hashlib
import re
import subprocess
from datetime import datetime

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

from ascc_analysis.present import html_export
from ascc_analysis.present.html_export import (
    ExternalResourceError,
    collect_footer,
    export_html,
    find_external_resources,
    render_html,
    strip_render_time,
)

FOOTER = {
    "data_checksums": {"raw/tool1/SOMHD.xlsx": "a" * 64, "taxonomy/statuses.csv": "b" * 64},
    "git_commit": "0123456789abcdef0123456789abcdef01234567",
    "package_versions": {"pandas": "3.0.0", "matplotlib": "3.10.0"},
    "render_time": "2025-01-31T09:30:00+00:00",
}
PARAMETERS = {"data_dir": "/srv/data", "characteristic": "A", "years": [2016, 2020]}
MALICIOUS = "<script>alert(1)</script>"
TWO_MB = 2 * 1024 * 1024


def render(nb, **overrides):
    arguments = {"title": "Sample regional overview", "parameters": PARAMETERS, "reporting_date": "21 May 2020",
                 "footer": FOOTER, "show_code": False}
    arguments.update(overrides)
    return render_html(nb, **arguments)


def soup_of(html):
    return BeautifulSoup(html, "html.parser")


@pytest.fixture(scope="module")
def page(html_sample_notebook):
    """The sample report, code hidden."""
    return render(html_sample_notebook)


@pytest.fixture(scope="module")
def page_with_code(html_sample_notebook):
    return render(html_sample_notebook, show_code=True)


def with_cells(*cells):
    notebook = nbformat.v4.new_notebook(cells=list(cells))
    notebook.metadata["language_info"] = {"name": "python"}
    return notebook


# ----------------------------------------------------------------------------- file and determinism

def test_export_html_writes_the_page_and_returns_its_path(tmp_path, html_sample_notebook, page):
    notebook_path = tmp_path / "regional.ipynb"
    nbformat.write(html_sample_notebook, str(notebook_path))
    html_path = tmp_path / "out" / "regional.html"
    result = export_html(notebook_path, html_path, title="Sample regional overview", parameters=PARAMETERS,
                         reporting_date="21 May 2020", footer=FOOTER)
    assert result == html_path
    assert html_path.read_text(encoding="utf-8") == page
    assert [p.name for p in html_path.parent.iterdir()] == ["regional.html"]  # no partial file left


def test_same_inputs_give_the_same_bytes_apart_from_the_render_time(html_sample_notebook, page):
    later = render(html_sample_notebook, footer={**FOOTER, "render_time": "2031-12-31T23:59:59+00:00"})
    assert later != page
    assert strip_render_time(later) == strip_render_time(page)
    assert strip_render_time(page).encode("utf-8") == strip_render_time(render(html_sample_notebook)).encode("utf-8")


def test_the_render_time_is_the_one_marked_field(page):
    marked = soup_of(page).find_all(attrs={"data-render-time": True})
    assert [(tag.name, tag["datetime"], tag.get_text()) for tag in marked] == [
        ("time", FOOTER["render_time"], FOOTER["render_time"])]
    assert FOOTER["render_time"] not in strip_render_time(page)


def test_papermill_run_noise_does_not_reach_the_html(html_sample_notebook, page):
    """A second papermill run changes timestamps, execution counts and the injected cell's id."""
    rerun = copy.deepcopy(html_sample_notebook)
    rerun.metadata["papermill"] = {"start_time": "2026-06-06T06:06:06", "duration": 3.2}
    for cell in rerun.cells:
        if cell.cell_type == "code":
            cell.execution_count = (cell.execution_count or 0) + 100
            cell.metadata["papermill"] = {"start_time": "2026-06-06T06:06:07", "duration": 0.1}
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "f00dcafe-random-uuid"
    assert render(rerun) == page


def test_render_html_does_not_modify_the_notebook(html_sample_notebook):
    before = copy.deepcopy(html_sample_notebook)
    render(html_sample_notebook, show_code=True)
    assert html_sample_notebook == before


def test_strip_render_time_blanks_every_marked_element():
    html = ('<p><time data-render-time datetime="2025-01-01">2025-01-01</time> '
            '<data data-render-time="" value="1.5">1.5</data> <time datetime="x">kept</time></p>')
    assert strip_render_time(html) == ('<p><time data-render-time></time> <data data-render-time></data> '
                                       '<time datetime="x">kept</time></p>')


# ----------------------------------------------------------------------------- self-contained

def test_the_page_loads_nothing_from_outside(page, page_with_code):
    for html in (page, page_with_code):
        assert find_external_resources(html) == []
        soup = soup_of(html)
        assert soup.find_all("script") == []
        assert [link.get("href") for link in soup.find_all("link")] == ["data:,"]
        assert all(img["src"].startswith("data:image/png;base64,") for img in soup.find_all("img"))
        assert not re.search(r"""(src|href)\s*=\s*["']?https?://""", html, re.IGNORECASE)
        assert not re.search(r"@import|@font-face|url\(\s*['\"]?https?:", html, re.IGNORECASE)
        lowered = html.lower()
        assert "mathjax" not in lowered and "require.js" not in lowered and "mermaid" not in lowered
        assert "cdnjs" not in lowered and "fonts.googleapis" not in lowered


def test_a_content_security_policy_forbids_fetching(page):
    meta = soup_of(page).find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    policy = meta["content"]
    assert "default-src 'none'" in policy and "img-src data:" in policy and "script-src 'none'" in policy


def test_javascript_outputs_are_dropped_for_their_text(page):
    assert "alert('hi')" not in page
    assert "&lt;IPython.core.display.Javascript&gt;" in page


@pytest.mark.parametrize("cell", [
    new_markdown_cell("![logo](https://example.org/logo.png)"),
    new_code_cell("x", outputs=[new_output("display_data", data={
        "text/html": '<link rel="stylesheet" href="https://cdn.example.org/site.css">'})]),
    new_code_cell("x", outputs=[new_output("display_data", data={
        "text/html": "<style>@import 'http://example.org/a.css';</style>"})]),
    new_code_cell("x", outputs=[new_output("display_data", data={
        "text/html": "<div style=\"background: url('//tracker.example.org/p.gif')\">x</div>"})]),
])
def test_an_output_that_would_fetch_is_refused_and_nothing_is_written(tmp_path, cell):
    notebook_path = tmp_path / "bad.ipynb"
    nbformat.write(with_cells(new_markdown_cell("## A section"), cell), str(notebook_path))
    with pytest.raises(ExternalResourceError, match="external resources"):
        export_html(notebook_path, tmp_path / "bad.html", title="Bad", parameters={}, reporting_date=None,
                    footer=FOOTER)
    assert not (tmp_path / "bad.html").exists()


def test_find_external_resources_lists_fetches_not_links():
    html = ('<a href="https://asean.org/source">Source: ASEAN</a><img src="data:image/png;base64,AA">'
            '<img src="chart.png"><script src="https://cdn.example.org/require.js"></script>'
            '<link rel="icon" href="data:,"><style>/* url(http://in.a.comment) */ p{background:url(data:x)}</style>'
            '<style>@font-face{src:url("https://fonts.example.org/f.woff2")}</style>')
    assert find_external_resources(html) == [
        "<img src=chart.png>", "<script src=https://cdn.example.org/require.js>",
        "<style> https://fonts.example.org/f.woff2"]


# ----------------------------------------------------------------------------- code hidden / shown

def test_code_is_hidden_by_default(page, html_sample_notebook):
    assert "secret_marker_variable" not in page
    assert soup_of(page).select(".jp-InputArea-editor") == []
    assert "loaded 1,234 activities" in page  # outputs stay


def test_code_is_shown_on_request(page_with_code):
    soup = soup_of(page_with_code)
    code = " ".join(editor.get_text() for editor in soup.select(".jp-InputArea-editor"))
    assert "secret_marker_variable = 42" in code
    assert "In&nbsp;[" not in page_with_code and "Out[" not in page_with_code  # no prompts
    assert ".highlight" in page_with_code  # syntax colours are inline


# ----------------------------------------------------------------------------- table of contents

def body_headings(html):
    main = soup_of(html).find("main")
    return [(h.name, h["id"], h.get_text(" ", strip=True)) for h in main.find_all(["h2", "h3"])]


def toc_entries(html):
    nav = soup_of(html).find("nav", class_="toc")
    entries = []
    for link in nav.find_all("a"):
        depth = len(link.find_parents("ol"))
        entries.append(({1: "h2", 2: "h3"}[depth], link["href"].removeprefix("#"), link.get_text()))
    return entries


def test_the_table_of_contents_lists_every_h2_and_h3_in_order(page):
    headings = body_headings(page)
    assert [text for _, _, text in headings] == [
        "Activities planned and assessed", "Status of activities", "The five Characteristics side by side",
        "Rates in numbers", "Published figures against recomputed values", "Status of activities"]
    assert toc_entries(page) == headings + [("h2", "provenance-title", "Provenance")]


def test_heading_ids_are_unique_readable_and_point_from_the_toc(page):
    ids = [anchor for _, anchor, _ in body_headings(page)]
    assert ids == ["activities-planned-and-assessed", "status-of-activities", "the-five-characteristics-side-by-side",
                   "rates-in-numbers", "published-figures-against-recomputed-values", "status-of-activities-2"]
    all_ids = [tag["id"] for tag in soup_of(page).find_all(id=True)]
    assert len(all_ids) == len(set(all_ids))


def test_the_toc_sits_after_the_header_and_before_the_body(page):
    body = soup_of(page).body
    order = [child.name for child in body.find_all(["header", "nav", "main", "footer"], recursive=False)]
    assert order == ["header", "nav", "main", "footer"]


def test_no_pilcrow_anchor_links(page):
    assert "\u00b6" not in page and "anchor-link" not in page


def test_a_report_without_headings_still_has_a_toc():
    html = render(with_cells(new_markdown_cell("Just text.")))
    nav = soup_of(html).find("nav", class_="toc")
    assert nav is not None and "no sections" in nav.get_text()


# ----------------------------------------------------------------------------- header and footer

def test_the_header_shows_title_parameters_and_reporting_date(page):
    header = soup_of(page).find("header")
    assert header.find("h1").get_text() == "Sample regional overview"
    assert soup_of(page).title.get_text() == "Sample regional overview"
    assert header.find(class_="reporting-date").get_text() == "21 May 2020"
    parameters = header.find("dl", class_="parameters")
    shown = dict(zip([dt.get_text() for dt in parameters.find_all("dt")],
                     [dd.get_text() for dd in parameters.find_all("dd")]))
    assert shown == {"data_dir": "/srv/data", "characteristic": "A", "years": "[2016, 2020]"}


def test_a_missing_reporting_date_says_so():
    html = render(with_cells(new_markdown_cell("## S")), reporting_date=None, parameters={})
    header = soup_of(html).find("header")
    assert header.find(class_="reporting-date").get_text() == "not given in the data"


def test_the_footer_shows_provenance(page):
    footer = soup_of(page).find("footer", class_="provenance")
    details = footer.find("details", class_="data-checksums")
    assert details is not None and not details.has_attr("open")
    rows = [[cell.get_text() for cell in row.find_all("td")] for row in details.find("tbody").find_all("tr")]
    assert rows == [["raw/tool1/SOMHD.xlsx", "a" * 64], ["taxonomy/statuses.csv", "b" * 64]]
    assert "2 data files" in details.find("summary").get_text()
    assert footer.find("code", class_="git-commit").get_text() == FOOTER["git_commit"]
    versions = [item.get_text() for item in footer.find("ul", class_="package-versions").find_all("li")]
    assert versions == ["matplotlib 3.10.0", "pandas 3.0.0"]
    assert footer.find("time", attrs={"data-render-time": True})["datetime"] == FOOTER["render_time"]


def test_a_footer_without_git_or_data_says_so():
    footer = {"data_checksums": {}, "git_commit": None, "package_versions": {}, "render_time": "2025-01-01"}
    text = soup_of(render(with_cells(new_markdown_cell("## S")), footer=footer)).find("footer").get_text()
    assert "not a git checkout" in text and "no data file recorded" in text


def test_user_text_in_header_and_footer_is_escaped():
    footer = {"data_checksums": {MALICIOUS: MALICIOUS}, "git_commit": MALICIOUS,
              "package_versions": {MALICIOUS: MALICIOUS}, "render_time": MALICIOUS}
    html = render(with_cells(new_markdown_cell("## S")), title=MALICIOUS, parameters={MALICIOUS: MALICIOUS},
                  reporting_date=MALICIOUS, footer=footer)
    assert MALICIOUS not in html
    assert soup_of(html).find_all("script") == []
    assert soup_of(html).find("h1").get_text() == MALICIOUS
    assert soup_of(html).title.get_text() == MALICIOUS
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 9


# ----------------------------------------------------------------------------- size and print

def test_a_report_with_six_charts_is_under_2_mb(page):
    soup = soup_of(page)
    assert len(soup.find_all("img")) == 6
    assert len(page.encode("utf-8")) < TWO_MB


def test_every_image_has_alt_text(page):
    assert all(img.get("alt") and img["alt"] != html_export.MISSING_ALT for img in soup_of(page).find_all("img"))


def test_print_styles_keep_content_whole(page):
    css = "\n".join(style.get_text() for style in soup_of(page).head.find_all("style"))
    print_css = css[css.index("@media print"):]
    assert "break-inside: avoid" in print_css and "thead { display: table-header-group; }" in print_css
    assert "details::details-content" in print_css  # the collapsed checksums print too


# ----------------------------------------------------------------------------- collect_footer

def test_collect_footer_checksums_are_sha256_relative_and_sorted(tmp_path):
    (tmp_path / "raw" / "tool1").mkdir(parents=True)
    (tmp_path / "raw" / "tool1" / "b.xlsx").write_bytes(b"workbook b")
    (tmp_path / "raw" / "tool1" / "a.xlsx").write_bytes(b"workbook a")
    (tmp_path / "taxonomy.csv").write_text("code,label\n", encoding="utf-8")
    footer = collect_footer([tmp_path / "taxonomy.csv", tmp_path / "raw"], tmp_path, render_time="2025-01-01T00:00:00Z")
    assert footer["data_checksums"] == {
        "raw/tool1/a.xlsx": hashlib.sha256(b"workbook a").hexdigest(),
        "raw/tool1/b.xlsx": hashlib.sha256(b"workbook b").hexdigest(),
        "taxonomy.csv": hashlib.sha256(b"code,label\n").hexdigest(),
    }
    assert list(footer["data_checksums"]) == sorted(footer["data_checksums"])
    assert footer["render_time"] == "2025-01-01T00:00:00Z"


def test_collect_footer_records_versions_and_the_git_commit(tmp_path):
    import pandas

    footer = collect_footer([], tmp_path, packages=("pandas", "no-such-distribution-xyz"))
    assert footer["package_versions"]["pandas"] == pandas.__version__
    assert footer["package_versions"]["no-such-distribution-xyz"] == "not installed"
    assert "python" in footer["package_versions"]
    head = subprocess.run(["git", "-C", str(html_export.PROJECT_ROOT), "rev-parse", "HEAD"],
                          capture_output=True, text=True, check=False)
    expected = head.stdout.strip() if head.returncode == 0 else None
    assert footer["git_commit"] == expected
    assert datetime.fromisoformat(footer["render_time"]).tzinfo is not None


def test_git_commit_is_none_outside_a_checkout(tmp_path):
    assert html_export.git_commit(tmp_path) is None


def test_collect_footer_is_deterministic_apart_from_the_render_time(tmp_path):
    (tmp_path / "x.csv").write_text("1\n", encoding="utf-8")
    first = collect_footer([tmp_path / "x.csv"], tmp_path, render_time="t1")
    second = collect_footer([tmp_path / "x.csv"], tmp_path, render_time="t2")
    assert {**first, "render_time": None} == {**second, "render_time": None}


def test_the_page_has_one_h1_whatever_the_notebook_opens_with(page, html_sample_notebook):
    assert [h1.get_text() for h1 in soup_of(page).find_all("h1")] == ["Sample regional overview"]
    other = render(html_sample_notebook, title="Another title")
    assert [h1.get_text() for h1 in soup_of(other).find_all("h1")] == ["Another title"]


def test_collect_footer_expands_glob_patterns_and_refuses_missing_files(tmp_path):
    (tmp_path / "raw" / "tool1").mkdir(parents=True)
    for name in ("SOMHD.xlsx", "SOMED.xlsx", "README.md"):
        (tmp_path / "raw" / "tool1" / name).write_bytes(name.encode())
    footer = collect_footer([tmp_path / "raw/tool1/*.xlsx", tmp_path / "kpi/*.csv"], tmp_path, render_time="t")
    assert list(footer["data_checksums"]) == ["raw/tool1/SOMED.xlsx", "raw/tool1/SOMHD.xlsx"]
    with pytest.raises(FileNotFoundError):
        collect_footer([tmp_path / "raw" / "missing.xlsx"], tmp_path, render_time="t")


# ----------------------------------------------------------------------------- the banner

def test_the_banner_opens_the_report_body_and_leaves_the_toc_alone(html_sample_notebook, page):
    banner = '<section class="report-banner" id="report-banner"><p>What this report rests on</p></section>'
    html = render(html_sample_notebook, banner=banner)
    main = soup_of(html).find("main")
    first = next(child for child in main.children if getattr(child, "name", None))
    assert first.get("class") == ["report-banner"]
    assert toc_entries(html) == toc_entries(page)
    assert render(html_sample_notebook, banner=banner) == html
    assert soup_of(page).find(class_="report-banner") is None


# ----------------------------------------------------------------------------- page structure

def _table_output(html_table):
    return new_code_cell("t", outputs=[new_output("display_data", data={"text/html": html_table})])


def test_empty_headings_and_a_heading_repeating_the_title_are_removed():
    html = render(with_cells(new_markdown_cell("# Template name"), new_markdown_cell("## Sample regional overview"),
                             new_markdown_cell("## Viet Nam (VNM)"), new_markdown_cell("## KPI profile\n\nText."),
                             new_markdown_cell("### Empty at the end")))
    main = soup_of(html).find("main")
    assert [h.get_text() for h in main.find_all(["h1", "h2", "h3"])] == ["KPI profile"]
    assert [h.get_text() for h in soup_of(html).find_all("h1")] == ["Sample regional overview"]


def test_a_heading_whose_content_is_under_its_subheadings_is_kept():
    html = render(with_cells(new_markdown_cell("## Outcomes"), new_markdown_cell("### KPI 14"),
                             _table_output("<table><tr><td>1</td></tr></table>")))
    assert [h.get_text() for h in soup_of(html).find("main").find_all(["h2", "h3"])] == ["Outcomes", "KPI 14"]


def test_the_notebook_provenance_section_joins_the_footer_under_one_heading():
    html = render(with_cells(new_markdown_cell("## Findings\n\nA finding."),
                             new_markdown_cell("## Provenance of the data"),
                             new_markdown_cell("Of the 368 data rows behind this report: 4 published.")))
    soup = soup_of(html)
    assert [h.get_text() for h in soup.find_all("h2") if "rovenance" in h.get_text()] == ["Provenance"]
    footer = soup.find("footer", class_="provenance")
    assert "Of the 368 data rows" in footer.find(class_="notebook-provenance").get_text()
    assert "Of the 368 data rows" not in soup.find("main").get_text()
    assert toc_entries(html)[-1] == ("h2", "provenance-title", "Provenance")


def test_every_table_scrolls_in_its_own_box():
    html = render(with_cells(new_markdown_cell("## Table\n\nText."),
                             _table_output("<table><caption>Wide</caption><tr><td>1</td></tr></table>")))
    soup = soup_of(html)
    for table in soup.find_all("table"):
        if table.find_parent("table") is None:
            assert "table-scroll" in table.parent["class"]
    assert soup.find("main").find(class_="table-scroll")["aria-label"] == "Table: Wide"


def test_the_header_links_the_glossary_and_the_print_header_carries_the_title(page):
    soup = soup_of(page)
    assert soup.find("header").find("a", href="glossary.html") is not None
    assert '@top-center { content: "Sample regional overview"' in page
    tricky = render(with_cells(new_markdown_cell("Text.")), title='A "quoted" </style> title')
    assert "</style> title" not in tricky.split("@top-center")[1].split("}")[0]
