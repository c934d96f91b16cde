"""Tests of the register page and its CSV (ascc_analysis.present.register_page) on a small hand-made register."""

from __future__ import annotations

import base64
import hashlib
import io

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.present.html_export import find_external_resources, strip_render_time
from ascc_analysis.present.register_page import (
    CSV_COLUMNS,
    REGISTER_CSV,
    banner_sentences,
    filter_link,
    kra_body_counts,
    register_csv,
    register_table,
    render_register,
)
from tests.helpers.factories import SMALL, make_register

TAXONOMY = load_taxonomy()
MALICIOUS = "<script>alert(1)</script> & <b>bold</b>"


@pytest.fixture
def register():
    register = make_register(SMALL)
    register.activities.loc[0, "title"] = MALICIOUS
    register.activities.loc[1, "end_year"] = pd.NA
    register.files = ("SOMHD.xlsx", "ASOEN.xlsx", "ACDM.xlsx")
    return register


def soup_of(html):
    return BeautifulSoup(html, "html.parser")


def test_the_table_has_one_row_per_activity_with_its_kras_and_labels(register):
    table = register_table(register, TAXONOMY)

    assert list(table.columns) == list(CSV_COLUMNS)
    assert sorted(table["activity_code"]) == sorted(code for code, *_ in SMALL)
    by_code = table.set_index("activity_code")
    assert by_code.loc["S-1", "kra_codes"] == "A.1; B.2"
    assert by_code.loc["S-1", "blueprint_reference"] == "A.1.1; B.2"
    assert by_code.loc["S-6", "kra_codes"] == "A.2; D.1"
    assert by_code.loc["S-5", "status"] == TAXONOMY.label("statuses", "withdrawn")
    assert by_code.loc["S-4", "activity_type"] == TAXONOMY.label("activity_types", "research_publication")


def test_the_matrix_counts_activities_per_kra_and_body(register):
    matrix = kra_body_counts(register_table(register, TAXONOMY), TAXONOMY)

    assert list(matrix.index) == TAXONOMY.kra_codes
    assert list(matrix.columns) == [body for body in TAXONOMY.implementing_bodies if body in {"SOMHD", "ASOEN", "ACDM"}]
    assert matrix.loc["A.1"].to_dict() == {"ACDM": 0, "ASOEN": 1, "SOMHD": 2}
    assert matrix.loc["D.1"].to_dict() == {"ACDM": 2, "ASOEN": 0, "SOMHD": 0}
    assert int(matrix.to_numpy().sum()) == 10


def test_filter_links():
    assert filter_link("SOMHD", "A.1") == "#body=SOMHD&kra=A.1"
    assert filter_link(kra="A.1") == "#kra=A.1"
    assert filter_link("COP-AATHP") == "#body=COP-AATHP"
    assert filter_link() == "#body="


def test_the_page_lists_every_activity_and_links_each_matrix_cell_to_its_filter(register):
    soup = soup_of(render_register(register, TAXONOMY, render_time="2025-01-31T09:30:00+00:00"))

    rows = soup.select("#register-table tbody tr")
    assert len(rows) == len(SMALL)
    first = next(row for row in rows if row.td.get_text() == "S-1")
    assert (first["data-body"], first["data-kras"]) == ("SOMHD", "A.1 B.2")
    assert [cell.get_text() for cell in first.find_all("td")][1:] == [
        "SOMHD", "A.1; B.2", "Capacity building", "Completed", "2017\u20132019", "ASEAN funds", MALICIOUS]
    assert next(row for row in rows if row.td.get_text() == "S-2").find_all("td")[5].get_text() == "2017\u2013"
    cell = soup.select_one('table.matrix tr[data-kra="A.1"] td[data-body="SOMHD"] a')
    assert (cell["href"], cell.get_text()) == ("#body=SOMHD&kra=A.1", "2")
    assert soup.select_one('table.matrix tr[data-kra="B.3"] td[data-body="SOMHD"]').get_text() == "0"
    assert [option["value"] for option in soup.select("#filter-kra option")] == ["", *TAXONOMY.kra_codes]
    assert soup.select_one(f'a[href="{REGISTER_CSV}"][download]') is not None


def test_titles_are_escaped_never_markup(register):
    html = render_register(register, TAXONOMY)

    assert MALICIOUS not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert len(soup_of(html).find_all("script")) == 1 and soup_of(html).find("b") is None


def test_only_the_pages_own_script_may_run_and_nothing_is_fetched(register):
    html = render_register(register, TAXONOMY)
    soup = soup_of(html)

    script = soup.find("script").string
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert f"script-src 'sha256-{digest}';" in policy and "default-src 'none'" in policy
    assert find_external_resources(html) == []


def test_the_page_is_deterministic_apart_from_its_render_time(register):
    first = render_register(register, TAXONOMY, render_time="2025-01-31T09:30:00+00:00")
    second = render_register(register, TAXONOMY, render_time="2026-02-01T10:00:00+00:00")

    assert first != second and strip_render_time(first) == strip_render_time(second)


def test_the_banner_says_reconstructed_titles_and_links_are_reconstructed(register):
    html = render_register(register, TAXONOMY)

    assert banner_sentences(register.activities, TAXONOMY)[0].startswith(
        f"All {len(SMALL)} activities listed here are reconstructed: their titles and their links to KRAs are "
        "reconstructed, not the ASEAN Secretariat's records.")
    banner = soup_of(html).select_one("#register-banner")
    assert banner.select_one(".basis-mark.basis-reconstructed") is not None
    assert "their titles and their links to KRAs are reconstructed" in banner.get_text()


def test_the_banner_of_a_mixed_and_of_a_reported_register(register):
    register.activities.loc[:1, "provenance"] = "reported"
    assert banner_sentences(register.activities, TAXONOMY)[0].startswith(
        f"4 of the {len(SMALL)} activities listed here are reconstructed")

    register.activities["provenance"] = "reported"
    assert banner_sentences(register.activities, TAXONOMY) == [
        "Every activity here is read from the Tool 1 files supplied (Reported)."]


def test_the_csv_holds_the_table_and_reads_back_in_any_script(register):
    register.activities.loc[2, "title"] = "ការប្រជុំ, \"ថ្នាក់តំបន់\"\nរយៈពេល"
    text = register_csv(register, TAXONOMY)

    assert text.startswith("\ufeff")
    back = pd.read_csv(io.StringIO(text.lstrip("\ufeff")), dtype=str, keep_default_na=False)
    table = register_table(register, TAXONOMY)
    assert list(back.columns) == list(CSV_COLUMNS)
    assert back["title"].tolist() == table["title"].tolist()
    assert back["kra_codes"].tolist() == table["kra_codes"].tolist()
