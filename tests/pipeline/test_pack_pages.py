"""The review pack's pages: links kept or unlinked against the pack, render times moved out, table CSVs."""

from __future__ import annotations

import pandas as pd

from ascc_analysis.pipeline.pack_pages import (
    add_pack_section,
    local_links,
    local_target,
    move_render_times,
    rewrite_links,
    table_csvs,
)
from ascc_analysis.present.style import csv_download_link


def test_local_targets_resolve_against_the_page_and_ignore_anchors_the_web_and_data():
    assert local_target("index.html", "validation/summary.html") == "validation/index.html"
    assert local_target("../glossary.html#term-kra", "validation/summary.html") == "glossary.html"
    assert local_target("national%20notes.html", "index.html") == "national notes.html"
    assert local_target("a.html?x=1&amp;y=2", "index.html") == "a.html"
    for value in ("#top", "https://asean.org/x.html", "mailto:a@b.c", "data:text/csv;base64,AA==", ""):
        assert local_target(value, "index.html") is None, value


def test_links_to_files_of_the_pack_are_kept_and_others_unlinked():
    page = ('<a href="regional.html#x">R</a> <a href="build.html">run details</a> <a href="#top">top</a> '
            "<a href='failed/nat-BBB.html'>failed</a> <a href=\"https://example.org/\">web</a>")
    text, dropped = rewrite_links(page, "index.html", {"regional.html"})
    assert dropped == ["build.html", "failed/nat-BBB.html"]
    assert '<a href="regional.html#x">R</a>' in text and '<a href="#top">top</a>' in text
    assert '<a data-not-in-pack="build.html">run details</a>' in text
    assert "<a data-not-in-pack='failed/nat-BBB.html'>failed</a>" in text
    assert '<a href="https://example.org/">web</a>' in text
    assert local_links(text, "index.html") == ["regional.html"]


def test_render_times_are_replaced_by_the_note_and_returned():
    page = ('<dd><time data-render-time="" datetime="2026-12-02T14:02:28+00:00">2026-12-02T14:02:28+00:00</time>'
            "</dd><p>kept</p>")
    text, times = move_render_times(page, "recorded in MANIFEST.json & co")
    assert times == ["2026-12-02T14:02:28+00:00"]
    assert text == '<dd><span data-render-time="moved">recorded in MANIFEST.json &amp; co</span></dd><p>kept</p>'
    assert move_render_times("<p>none</p>", "x") == ("<p>none</p>", [])


def test_table_csvs_are_read_from_the_download_links_with_unique_safe_names():
    frame = pd.DataFrame({"body": ["A", "B"], "count": [1, 2]})
    page = " ".join([csv_download_link(frame, "activities"), csv_download_link(frame.head(1), "activities"),
                     csv_download_link(frame, "../odd name")])
    found = table_csvs(page)
    assert [name for name, _ in found] == ["activities.csv", "activities-2.csv", "odd-name.csv"]
    assert found[0][1] == frame.to_csv(index=False).encode("utf-8")
    assert found[1][1] == frame.head(1).to_csv(index=False).encode("utf-8")


def test_the_pack_section_lists_each_report_with_its_pdf_at_the_end_of_main():
    index = "<body><main><section>reports</section></main><footer>f</footer></body>"
    text = add_pack_section(index, [("A & B", "pdf/a.pdf"), ("C", None)], "Tables as <CSV>.")
    assert text.index("reports") < text.index('id="in-this-pack"') < text.index("</main>") < text.index("<footer>")
    assert '<li><a href="pdf/a.pdf">A &amp; B (PDF)</a></li><li>C</li>' in text
    assert "<p>Tables as &lt;CSV&gt;.</p>" in text
    assert add_pack_section("<p>no main</p>", [("A", None)], "x") == "<p>no main</p>"
