"""Tests of the page's shape (ascc_analysis.present.page_structure), on small hand-written pages."""

from __future__ import annotations

from bs4 import BeautifulSoup

from ascc_analysis.present import page_structure


def soup_of(html):
    return BeautifulSoup(html, "html.parser")


def test_keep_one_h1_drops_the_opening_h1_and_demotes_later_ones():
    soup = soup_of("<main><h1>Template</h1><p>x</p><h2>A</h2><p>y</p><h1>Late</h1><p>z</p></main>")
    page_structure.keep_one_h1(soup.main, "Title")
    assert [(h.name, h.get_text()) for h in soup.find_all(["h1", "h2"])] == [("h2", "A"), ("h2", "Late")]


def test_a_heading_repeating_the_title_is_dropped():
    soup = soup_of("<main><h2>The  Title</h2><h2>Other</h2><p>x</p></main>")
    page_structure.keep_one_h1(soup.main, "The Title")
    assert [h.get_text() for h in soup.find_all("h2")] == ["Other"]


def test_empty_headings_go_and_headings_over_content_stay():
    soup = soup_of("<main><h2>Empty</h2><div><h2>Full</h2></div><div><h3>Sub</h3><img alt='a' src='data:,'></div>"
                   "<h2>Only a sub</h2><h3>Empty sub</h3><h2>Last</h2></main><footer><p>outside</p></footer>")
    page_structure.drop_empty_headings(soup.main)
    assert [h.get_text() for h in soup.find_all(["h2", "h3"])] == ["Full", "Sub"]


def test_tables_are_wrapped_once_and_nested_tables_are_left_alone():
    soup = soup_of("<body><table><caption>T</caption><tr><td><table><tr><td>1</td></tr></table></td></tr></table>"
                   "</body>")
    page_structure.wrap_tables(soup, soup.body)
    page_structure.wrap_tables(soup, soup.body)
    boxes = soup.find_all(class_="table-scroll")
    assert len(boxes) == 1 and boxes[0]["aria-label"] == "Table: T"


def test_the_provenance_section_moves_under_the_footer_heading():
    soup = soup_of('<main><div class="jp-Cell"><h2>Findings</h2></div>'
                   '<div class="jp-Cell"><h2>Provenance of the data</h2><p>rows</p></div>'
                   '<div class="jp-Cell"><p>more</p></div></main>'
                   '<footer class="provenance"><h2>Provenance</h2><dl></dl></footer>')
    page_structure.merge_provenance(soup, soup.main, soup.footer)
    assert soup.main.get_text() == "Findings"
    moved = soup.footer.find(class_="notebook-provenance")
    assert moved.find_previous_sibling("h2").get_text() == "Provenance"
    assert moved.get_text() == "rowsmore" and "Provenance of" not in str(soup)


def test_long_tokens_in_cells_break_at_their_separators_and_words_stay_whole():
    soup = BeautifulSoup("<table><tr><td>see declarations_2016_2020.csv</td><td>completed/ongoing/upcoming</td>"
                         "<td>Baseline improving</td></tr></table><p>declarations_2016_2020.csv</p>", "html.parser")
    page_structure.break_long_tokens(soup, soup)
    cells = soup.find_all("td")
    assert str(cells[0]) == "<td>see declarations_<wbr/>2016_<wbr/>2020.<wbr/>csv</td>"
    assert str(cells[1]) == "<td>completed/<wbr/>ongoing/<wbr/>upcoming</td>"
    assert str(cells[2]) == "<td>Baseline improving</td>"
    assert soup.find("p").find("wbr") is None
    assert [cell.get_text() for cell in cells] == ["see declarations_2016_2020.csv", "completed/ongoing/upcoming",
                                                   "Baseline improving"]
