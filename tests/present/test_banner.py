"""The banner a report opens with (ascc_analysis.present.banner)."""

from bs4 import BeautifulSoup

from ascc_analysis.data.datasets import load
from ascc_analysis.present import banner

TAXONOMY = load("taxonomy")
MEANING = TAXONOMY.label("provenance", "reconstructed", column="mark_meaning")
PARTIAL = {"complete": False, "expected": 15, "present": 2, "missing": ["ACW"] * 13,
           "summary": "13 of the 15 implementing Sectoral Bodies sent no workbook: ...; figures cover the 2 that did."}


def test_the_share_of_marks_resting_on_reconstructed_rows_with_its_meaning():
    text = banner.reconstructed_share_text({"marks": 20, "reconstructed_share": 95.0}, TAXONOMY)
    assert text.startswith("95.0% of this report's marked tables, charts and blocks of computed sentences (19 of 20)")
    assert text.endswith(f"rest on reconstructed rows: {MEANING[0].lower() + MEANING[1:]}.")


def test_a_report_without_reconstructed_rows_or_marks_says_so():
    assert banner.reconstructed_share_text({"marks": 7, "reconstructed_share": 0.0}, TAXONOMY).startswith(
        "None of the 7 marked")
    assert "marked with its basis" in banner.reconstructed_share_text(None, TAXONOMY)


def test_the_banner_holds_the_share_the_coverage_of_a_partial_register_and_the_legend():
    html = banner.banner_html({"basis": {"marks": 4, "reconstructed_share": 50.0}, "coverage": PARTIAL}, TAXONOMY)
    section = BeautifulSoup(html, "html.parser").find("section", class_="report-banner")
    assert section.find(class_="reconstructed-share")["data-reconstructed-share"] == "50.0"
    assert section.find(class_="coverage-banner").get_text() == PARTIAL["summary"]
    legend = section.find("dl", class_="basis-legend")
    assert [dt.get_text() for dt in legend.find_all("dt")] == [TAXONOMY.label("provenance", code)
                                                                for code in TAXONOMY.provenance_codes]
    assert MEANING in [dd.get_text() for dd in legend.find_all("dd")]


def test_a_complete_register_adds_no_coverage_line_and_text_is_escaped():
    html = banner.banner_html({"coverage": PARTIAL | {"complete": True, "summary": "<b>x</b>"}}, TAXONOMY)
    assert "coverage-banner" not in html
    partial = banner.banner_html({"coverage": PARTIAL | {"summary": "<b>x</b>"}}, TAXONOMY)
    assert "&lt;b&gt;x&lt;/b&gt;" in partial and "<b>x" not in partial
