"""The review pack's pages made to travel: links checked against the pack, render times moved out, table CSVs.

A page's relative links (``href``/``src``) are resolved against the page's place in the
pack. A link to a file the pack holds is kept as it is (it works wherever the pack is
unzipped); a link to any other local file loses its ``href`` (the text stays, marked
``data-not-in-pack``), so that no link in the pack points at a missing file. Links within
the page (``#...``), to the web and ``data:`` URIs are left alone. The time a page was
rendered (its ``<time data-render-time>``) is replaced by a note pointing at the pack's
manifest, which keeps the times, so that the pages and their PDFs do not change with them.
"""

from __future__ import annotations

import base64
import html
import posixpath
import re
from urllib.parse import unquote, urlsplit

_ATTRIBUTE = re.compile(r"""(?P<name>\b(?:href|src))=(?P<quote>["'])(?P<value>.*?)(?P=quote)""", re.S)
_CSV_LINK = re.compile(r'<a class="csv-download" download="(?P<name>[^"]+)" '
                       r'href="data:text/csv;charset=utf-8;base64,(?P<payload>[A-Za-z0-9+/=]*)"')
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_RENDER_TIME = re.compile(r"<time data-render-time[^>]*>(?P<time>.*?)</time>", re.S)
NOT_IN_PACK = "data-not-in-pack"
"""The attribute an unlinked reference keeps its former target in."""


def local_target(value: str, page: str) -> str | None:
    """The pack path a link of ``page`` reaches (``a/b.html``), or None when it is not a link to a local file.

    Parameters
    ----------
    value : str
        The attribute's value as written in the HTML (entities and %-escapes allowed).
    page : str
        The page's path inside the pack (``validation/summary.html``).
    """
    parts = urlsplit(html.unescape(value).strip())
    if parts.scheme or parts.netloc or not parts.path:
        return None
    joined = posixpath.join(posixpath.dirname(page), unquote(parts.path))
    return posixpath.normpath(joined).lstrip("/")


def rewrite_links(text: str, page: str, members: set[str] | frozenset[str]) -> tuple[str, list[str]]:
    """``text`` with every local link outside ``members`` unlinked; and the targets unlinked.

    Parameters
    ----------
    text : str
        The page's HTML.
    page : str
        The page's path inside the pack.
    members : set of str
        The pack's file paths.

    Returns
    -------
    (str, list of str)
        The rewritten HTML and the pack paths it no longer links (in page order).
    """
    dropped: list[str] = []

    def replace(match: re.Match) -> str:
        target = local_target(match.group("value"), page)
        if target is None or target in members:
            return match.group(0)
        dropped.append(target)
        return f'{NOT_IN_PACK}={match.group("quote")}{match.group("value")}{match.group("quote")}'
    return _ATTRIBUTE.sub(replace, text), dropped


def local_links(text: str, page: str) -> list[str]:
    """The pack paths the local links of ``page`` reach, in page order."""
    found = (local_target(match.group("value"), page) for match in _ATTRIBUTE.finditer(text))
    return [target for target in found if target is not None]


def table_csvs(text: str) -> list[tuple[str, bytes]]:
    """The CSV downloads a report page carries inline (``style.csv_download_link``): ``(file name, bytes)``.

    Names keep letters, digits, ``.``, ``_`` and ``-`` (anything else becomes ``-``) and are made
    unique within the page (``x.csv``, ``x-2.csv``) in page order.
    """
    seen: dict[str, int] = {}
    found = []
    for match in _CSV_LINK.finditer(text):
        name = _UNSAFE.sub("-", html.unescape(match.group("name"))).strip(".-") or "table.csv"
        stem, suffix = (name[:-4], ".csv") if name.lower().endswith(".csv") else (name, "")
        seen[name] = seen.get(name, 0) + 1
        unique = name if seen[name] == 1 else f"{stem}-{seen[name]}{suffix}"
        found.append((unique, base64.b64decode(match.group("payload"))))
    return found


def move_render_times(text: str, note: str) -> tuple[str, list[str]]:
    """``text`` with each ``<time data-render-time>`` element replaced by ``note`` (a plain span); and the times.

    Parameters
    ----------
    text : str
        A page's HTML.
    note : str
        What to show instead, e.g. where the time is kept (HTML-escaped here).

    Returns
    -------
    (str, list of str)
        The page and the times it showed, in page order.
    """
    times = [html.unescape(match.group("time")).strip() for match in _RENDER_TIME.finditer(text)]
    return _RENDER_TIME.sub(f'<span data-render-time="moved">{html.escape(note)}</span>', text), times


def add_pack_section(index: str, reports: list[tuple[str, str | None]], note: str) -> str:
    """The landing page ``index`` with an "In this pack" section at the end of its ``<main>``.

    Parameters
    ----------
    index : str
        The landing page's HTML; returned unchanged when it has no ``</main>``.
    reports : list of (str, str or None)
        Each packed report's title and its PDF's pack path (None: no PDF).
    note : str
        What the pack holds besides, as a sentence (HTML-escaped here).
    """
    if "</main>" not in index:
        return index
    items = "".join(f'<li><a href="{html.escape(pdf)}">{html.escape(title)} (PDF)</a></li>' if pdf
                    else f"<li>{html.escape(title)}</li>" for title, pdf in reports)
    section = (f'<section id="in-this-pack" aria-labelledby="in-this-pack-title">\n'
               f'<h2 id="in-this-pack-title">In this pack</h2>\n<p>{html.escape(note)}</p>\n<ul>{items}</ul>\n'
               f"</section>\n")
    head, tail = index.rsplit("</main>", 1)
    return f"{head}{section}</main>{tail}"
