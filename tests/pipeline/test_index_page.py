"""Tests of outputs/index.html and outputs/build.html (ascc_analysis.pipeline.index_page)."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from ascc_analysis.pipeline.index_page import IndexEntry, render_build_page, render_index, suite_label, write_index
from ascc_analysis.present.html_export import find_external_resources, strip_render_time

MALICIOUS = "<script>alert(1)</script>"
ENTRIES = [
    IndexEntry("regional", "Regional overview", "Regional overview", "ok", "regional.html", seconds=12.34),
    IndexEntry("characteristic-A", "Characteristic A: A committed community", "Characteristics", "ok",
               "characteristic-A.html", parameters={"characteristic": "A"}, seconds=8.0),
    IndexEntry("characteristic-B", "Characteristic B", "Characteristics", "failed", "failed/characteristic-B.html",
               reason="cell 7 raised KeyError: 'B.2'", parameters={"characteristic": "B"}, seconds=3.5),
    IndexEntry("characteristic-C", "Characteristic C", "Characteristics", "skipped", "characteristic-C.html",
               reason="inputs unchanged since the last render", parameters={"characteristic": "C"}),
    IndexEntry("national-BRN", "Brunei Darussalam", "National reports", "not rendered", None,
               reason="stopped after a failure", parameters={"ams": "BRN"}),
]
VALIDATION = {"success": False,
              "suites": {"activities": {"passed": 14, "failed": 1}, "links": {"passed": 6, "failed": 0}},
              "failures": ["activities: status 'Done' not in the status list (3 rows)"]}
RECONCILIATION = {"counts": {"mismatch": 1, "exact": 40, "within_rounding": 12, "not_reproducible": 2}, "total": 55}


def soup_of(html):
    return BeautifulSoup(html, "html.parser")


def rows_of(html):
    return {row["data-report-id"]: row for row in soup_of(html).select("tr.report")}


HEADLINES = ["964 of the 977 planned activities were assessed.", "Implementation rate 71.8%."]


@pytest.fixture
def index_html():
    return render_index(ENTRIES, validation=VALIDATION, reconciliation=RECONCILIATION, headlines=HEADLINES)


@pytest.fixture
def build_html():
    return render_build_page(ENTRIES, render_time="2025-01-31T09:30:00+00:00")


def test_write_index_writes_the_index_and_the_run_details(tmp_path):
    path = write_index(tmp_path / "outputs", ENTRIES, render_time="2025-01-31T09:30:00+00:00")
    assert path == tmp_path / "outputs" / "index.html"
    assert path.read_text(encoding="utf-8") == render_index(ENTRIES)
    build = (tmp_path / "outputs" / "build.html").read_text(encoding="utf-8")
    assert build == render_build_page(ENTRIES, render_time="2025-01-31T09:30:00+00:00")
    assert sorted(p.name for p in path.parent.iterdir()) == ["build.html", "index.html"]


def test_two_renders_of_the_same_inputs_give_the_same_index(tmp_path):
    first = write_index(tmp_path / "a", ENTRIES, validation=VALIDATION, reconciliation=RECONCILIATION,
                        render_time="2025-01-31T09:30:00+00:00", headlines=HEADLINES).read_bytes()
    slower = [IndexEntry(**{**entry.__dict__, "seconds": (entry.seconds or 0.0) + 7.5}) for entry in ENTRIES]
    second = write_index(tmp_path / "b", slower, validation=VALIDATION, reconciliation=RECONCILIATION,
                         render_time="2030-06-01T00:00:00+00:00", headlines=HEADLINES).read_bytes()
    assert first == second
    assert (tmp_path / "a" / "build.html").read_bytes() != (tmp_path / "b" / "build.html").read_bytes()


def test_the_index_holds_no_run_details(index_html):
    soup = soup_of(index_html)
    assert soup.find(attrs={"data-render-time": True}) is None
    assert soup.find(class_="status", string="ok") is None
    assert "characteristic=A" not in index_html and "KeyError" not in index_html
    assert soup.find(class_="small-print").find("a")["href"] == "build.html"


def test_the_landing_page_says_what_the_review_is_and_links_register_glossary_and_findings(index_html):
    soup = soup_of(index_html)
    assert "Mid-Term Review" in soup.find(id="about").get_text()
    hrefs = {a["href"] for a in soup.find_all("a")}
    assert {"register.html", "glossary.html", "build.html"} <= hrefs
    assert [li.get_text() for li in soup.select("#findings li")] == HEADLINES
    order = [li.get_text(" ", strip=True) for li in soup.select("ol.reading-order li")]
    assert order == ["Regional overview", "Characteristics (3 reports)", "National reports"]
    assert soup.select_one("ol.reading-order a")["href"] == "regional.html"


def test_without_headlines_there_is_no_findings_section():
    assert soup_of(render_index(ENTRIES)).find(id="findings") is None


def test_every_report_is_listed_with_its_link_and_failures_send_to_the_run_details(index_html):
    rows = rows_of(index_html)
    assert list(rows) == [entry.report_id for entry in ENTRIES]
    for entry in ENTRIES:
        row = rows[entry.report_id]
        link = row.find("a")
        if entry.html is None or entry.status == "failed":
            assert link["href"] == "build.html" and "Not available" in row.get_text()
        else:
            assert (link["href"], link.get_text()) == (entry.html, entry.title)


def test_every_report_is_listed_with_its_status_and_link_on_the_run_details(build_html):
    rows = rows_of(build_html)
    assert list(rows) == [entry.report_id for entry in ENTRIES]
    for entry in ENTRIES:
        row = rows[entry.report_id]
        assert row["data-status"] == entry.status
        link = row.find("a")
        if entry.html is None:
            assert link is None
            assert entry.title in row.get_text()
        else:
            assert (link["href"], link.get_text()) == (entry.html, entry.title)
    labels = {rid: row.find(class_="status").get_text() for rid, row in rows.items()}
    assert labels == {"regional": "ok", "characteristic-A": "ok", "characteristic-B": "failed",
                      "characteristic-C": "up to date (skipped)", "national-BRN": "not rendered"}


def test_reasons_parameters_and_seconds_are_shown_on_the_run_details(build_html):
    rows = rows_of(build_html)
    assert "cell 7 raised KeyError: 'B.2'" in rows["characteristic-B"].get_text()
    assert "ams=BRN" in rows["national-BRN"].get_text()
    assert rows["regional"].find("data", attrs={"data-render-time": True}).get_text() == "12.3"
    assert rows["characteristic-C"].find("data") is None


def test_reports_are_grouped_by_chapter_in_order_of_first_appearance(index_html):
    soup = soup_of(index_html)
    groups = [(body["id"], body.find("th").get_text(), [r["data-report-id"] for r in body.select("tr.report")])
              for body in soup.select("tbody.chapter")]
    assert groups == [
        ("chapter-regional-overview", "Regional overview", ["regional"]),
        ("chapter-characteristics", "Characteristics", ["characteristic-A", "characteristic-B", "characteristic-C"]),
        ("chapter-national-reports", "National reports", ["national-BRN"]),
    ]


def test_the_table_of_contents_points_at_existing_sections(index_html):
    soup = soup_of(index_html)
    targets = [a["href"] for a in soup.find("nav", class_="toc").find_all("a")]
    assert targets[:5] == ["#about", "#reading-order", "#findings", "#reports", "#chapter-regional-overview"]
    assert {"#validation", "#reconciliation"} <= set(targets)
    assert all(soup.find(id=target[1:]) is not None for target in targets)


def test_the_run_summary_counts_statuses(build_html):
    summary = soup_of(build_html).find(class_="run-summary").get_text()
    assert summary == "5 reports: 2 ok, 1 failed, 1 up to date (skipped), 1 not rendered."


def test_placeholders_until_validation_and_reconciliation_land():
    soup = soup_of(render_index(ENTRIES))
    assert "Validation summary not available yet" in soup.find(id="validation").get_text()
    assert "Reconciliation summary not available yet" in soup.find(id="reconciliation").get_text()


def test_the_validation_summary(index_html):
    section = soup_of(index_html).find(id="validation")
    assert section.find(class_="status").get_text() == "failed"
    suites = [[cell.get_text() for cell in row.find_all("td")] for row in section.find("tbody").find_all("tr")]
    assert suites == [["The tidy Tool 1 activity table", "14", "1"], ["The activity-to-KRA link table", "6", "0"]]
    assert [li.get_text() for li in section.select("ul.validation-failures li")] == VALIDATION["failures"]
    passed = soup_of(render_index(ENTRIES, validation={"success": True, "suites": {}, "failures": []}))
    assert passed.find(id="validation").find(class_="status").get_text() == "passed"


def test_a_suite_reads_as_what_it_checks(tmp_path):
    (tmp_path / "rule_x.json").write_text(json.dumps({"meta": {"description": "Cross-table rule: every link's "
                                                      "activity exists (a join). Validates the links."}}))
    (tmp_path / "broken.json").write_text("{")
    assert suite_label("rule_x", tmp_path) == "Every link's activity exists"
    assert suite_label("broken", tmp_path) == "broken"
    assert suite_label("no_such_suite", tmp_path) == "no such suite"


def test_the_reconciliation_summary(index_html):
    table = soup_of(index_html).find(id="reconciliation").find("table")
    counts = [[cell.get_text() for cell in row.find_all("td")] for row in table.find("tbody").find_all("tr")]
    assert counts == [["Exact", "40"], ["Within printed rounding", "12"], ["Not reproducible from available data", "2"],
                      ["MISMATCH (unexplained)", "1"]]
    assert table.find("tfoot").find("td").get_text() == "55"


def test_user_text_is_escaped():
    entry = IndexEntry("x", MALICIOUS, MALICIOUS, "failed", None, reason=MALICIOUS, parameters={MALICIOUS: MALICIOUS})
    html = render_index([entry], validation={"success": False, "suites": {MALICIOUS: {"passed": 0, "failed": 1}},
                                             "failures": [MALICIOUS]},
                        reconciliation={"counts": {MALICIOUS: 1}, "total": 1}, headlines=[MALICIOUS])
    build = render_build_page([entry], render_time=MALICIOUS)
    assert MALICIOUS not in html and MALICIOUS not in build
    assert soup_of(html).find_all("script") == [] and soup_of(build).find_all("script") == []


def test_link_paths_are_url_quoted():
    html = render_index([IndexEntry("r", "R", "C", "ok", "my reports/r&d.html")])
    assert soup_of(html).find("tr", class_="report").find("a")["href"] == "my%20reports/r%26d.html"


def test_an_unknown_status_is_refused():
    with pytest.raises(ValueError, match="status 'done'"):
        IndexEntry("regional", "Regional overview", "Regional", "done", "regional.html")


def test_the_run_details_are_deterministic_apart_from_marked_times(build_html):
    rerun = [IndexEntry(**{**entry.__dict__, "seconds": None if entry.seconds is None else entry.seconds + 1.0})
             for entry in ENTRIES]
    again = render_build_page(rerun, render_time="2030-01-01T00:00:00+00:00")
    assert again != build_html
    assert strip_render_time(again) == strip_render_time(build_html)


def test_the_index_is_self_contained(index_html):
    assert find_external_resources(index_html) == []
    soup = soup_of(index_html)
    assert soup.find_all("script") == []
    assert "default-src 'none'" in soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "@media print" in soup.find("style").get_text()


def test_an_empty_index_says_so():
    soup = soup_of(render_index([]))
    assert soup.find(class_="placeholder").get_text() == "No report is registered."
    assert soup_of(render_build_page([], render_time="t")).find(class_="run-summary").get_text() == (
        "No report is registered.")
    assert soup.find("nav", class_="toc") is not None


def test_validation_pages_and_reconciliation_table_are_linked():
    from ascc_analysis.pipeline.index_page import render_index

    validation = {"success": True, "suites": {}, "links": [("Summary", "validation/summary.html")]}
    reconciliation = {"counts": {"exact": 1}, "total": 1, "link": "regional.html#published-versus-computed"}
    page = render_index(ENTRIES, validation=validation, reconciliation=reconciliation)
    assert '<a href="validation/summary.html">Summary</a>' in page
    assert 'href="regional.html#published-versus-computed"' in page


def test_each_report_shows_its_reconstructed_share_and_what_it_means():
    entries = [IndexEntry("regional", "Regional", "Regional", "ok", "regional.html", reconstructed_share=95.0,
                          marks=20, coverage="13 of the 15 implementing Sectoral Bodies sent no workbook"),
               IndexEntry("national-VNM", "Viet Nam", "National", "ok", "national-VNM.html", reconstructed_share=0.0,
                          marks=7),
               IndexEntry("national-BRN", "Brunei", "National", "not rendered", None)]
    html = render_index(entries, share_meaning="Reconstructed share: what it means.")
    rows = rows_of(html)
    share = rows["regional"].find(class_="reconstructed-share")
    assert share["data-reconstructed-share"] == "95.0" and share.get_text().startswith("95.0% of 20 marked")
    assert "13 of the 15" in share.get_text()
    assert rows["national-VNM"].find(class_="reconstructed-share").get_text() == "0.0% of 7 marked"
    assert rows["national-BRN"].find(class_="reconstructed-share").get_text() == "not known"
    assert soup_of(html).find(class_="share-meaning").get_text() == "Reconstructed share: what it means."


def test_the_reconciliation_counts_are_split_into_independent_checks_and_matches_by_construction():
    split = RECONCILIATION | {"checks": {"exact": {"by_construction": 39, "independent": 1},
                                        "within_rounding": {"by_construction": 12},
                                        "not_reproducible": {"independent": 2}, "mismatch": {"unknown": 1}}}
    section = soup_of(render_index(ENTRIES, reconciliation=split)).find(id="reconciliation")
    table = section.find("table")
    assert [th.get_text() for th in table.find("thead").find_all("th")] == [
        "Status", "Figures", "Independent checks", "By construction", "Of unknown provenance"]
    counts = [[cell.get_text() for cell in row.find_all("td")] for row in table.find("tbody").find_all("tr")]
    assert counts[0] == ["Exact", "40", "1", "39", "0"]
    assert [td.get_text() for td in table.find("tfoot").find_all("td")] == ["55", "3", "51", "1"]
    assert section.find(class_="check-summary").get_text().startswith(
        "Of the 55 figures: 3 independent checks, 51 by construction, 1 of unknown provenance.")
