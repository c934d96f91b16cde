"""The shape of a reviewer page: one H1, no empty heading, tables that scroll in their own box, one provenance section.

Each function edits a BeautifulSoup page in place (``html_export`` calls them on the exported notebook).
"""

from __future__ import annotations

import re

HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
CONTENT_TAGS = ("img", "svg", "table", "iframe", "video", "canvas", "hr")
"""Elements that are content even without text."""
PROVENANCE_HEADING = "provenance"
"""A notebook heading whose text starts with this (case-insensitive) opens the notebook's provenance section."""
TABLE_SCROLL_CLASS = "table-scroll"


def _level(tag) -> int:
    return int(tag.name[1])


def _plain(text: str) -> str:
    return " ".join(text.split())


def keep_one_h1(main, title: str) -> None:
    """The page header holds the only H1: a notebook H1 before any section is dropped, a later one becomes an H2.

    A top-level heading that only repeats the page title is dropped too.
    """
    if main is None:
        return
    seen_section = False
    for heading in main.find_all(HEADING_TAGS):
        if heading.name == "h1" and not seen_section:
            heading.decompose()
            continue
        seen_section = True
        if heading.name == "h1":
            heading.name = "h2"
    for heading in main.find_all(("h2",)):
        if _plain(heading.get_text(" ")).casefold() == _plain(title).casefold():
            heading.decompose()


def _has_content(node) -> bool:
    """True for visible text outside a heading, or a content element (image, table...)."""
    if getattr(node, "name", None) is None:
        return bool(str(node).strip()) and node.find_parent(HEADING_TAGS) is None
    return node.name in CONTENT_TAGS


def drop_empty_headings(main) -> None:
    """Remove every heading whose section (up to the next heading of the same or a higher level) holds nothing."""
    if main is None:
        return
    inside = {id(node) for node in main.descendants}
    for heading in reversed(main.find_all(HEADING_TAGS)):
        if not _section_has_content(heading, inside):
            heading.decompose()


def _section_has_content(heading, inside: set[int]) -> bool:
    for node in heading.next_elements:
        if id(node) not in inside:
            return False
        if getattr(node, "name", None) in HEADING_TAGS:
            if _level(node) <= _level(heading):
                return False
            continue
        if _has_content(node):
            return True
    return False


def wrap_tables(soup, root) -> None:
    """Put each outermost table under ``root`` into a box that scrolls sideways, so the page itself never does."""
    if root is None:
        return
    for table in root.find_all("table"):
        if table.find_parent("table") is not None:
            continue
        parent = table.parent
        if parent is not None and TABLE_SCROLL_CLASS in (parent.get("class") or []):
            continue
        box = soup.new_tag("div", attrs={"class": TABLE_SCROLL_CLASS, "tabindex": "0", "role": "region",
                                         "aria-label": _table_label(table)})
        table.wrap(box)


LONG_TOKEN = re.compile(r"\S{16,}")
"""A token long enough to widen a table column (a file name, a list written with slashes)."""
TOKEN_SEPARATORS = re.compile(r"(?<=[/_.,;:=-])(?=\w)")
"""Where a long token may break: after a slash, underscore, dot, comma or hyphen followed by a word character."""


def break_long_tokens(soup, root) -> None:
    """Let long tokens in table cells break at their separators (a ``<wbr>`` after ``/``, ``_``, ``.`` ...).

    Cells wrap only between words (``overflow-wrap: break-word``), so that the table's layout never splits a
    short word such as "Baseline"; a file name or a slash-separated list may then still break where a reader
    expects it instead of widening its column.
    """
    if root is None:
        return
    for cell in root.find_all(["td", "th"]):
        for node in list(cell.find_all(string=True)):
            text = str(node)
            if type(node).__name__ != "NavigableString" or not LONG_TOKEN.search(text):
                continue
            pieces = []
            for index, part in enumerate(re.split(r"(\S{16,})", text)):
                if index % 2 == 0:
                    pieces.append(part)
                    continue
                chunks = TOKEN_SEPARATORS.split(part)
                for position, chunk in enumerate(chunks):
                    pieces.append(chunk)
                    if position < len(chunks) - 1:
                        pieces.append(soup.new_tag("wbr"))
            if len(pieces) > 1:
                node.replace_with(*[piece for piece in pieces if piece != ""])


def _table_label(table) -> str:
    caption = table.find("caption")
    text = _plain(caption.get_text(" ")) if caption is not None else ""
    return f"Table: {text}" if text else "Table"


def merge_provenance(soup, main, footer) -> None:
    """Move the notebook's provenance section (heading excluded) to the top of the page footer.

    The section is the rest of the heading's cell and the following cells up to the next cell
    with an H1 or H2. The footer keeps its own heading, so the page has one provenance section.
    """
    if main is None or footer is None:
        return
    heading = next((h for h in main.find_all(("h2",))
                    if _plain(h.get_text(" ")).casefold().startswith(PROVENANCE_HEADING)), None)
    if heading is None:
        return
    cell = heading.find_parent(class_="jp-Cell") or heading
    following = []
    sibling = cell.find_next_sibling()
    while sibling is not None and not sibling.find(("h1", "h2")):
        following.append(sibling)
        sibling = sibling.find_next_sibling()
    heading.decompose()
    box = soup.new_tag("div", attrs={"class": "notebook-provenance"})
    for part in [cell, *following]:
        box.append(part.extract())
    anchor = footer.find("h2")
    if anchor is not None:
        anchor.insert_after(box)
    else:
        footer.insert(0, box)
