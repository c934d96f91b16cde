"""Reviewer HTML: executed notebooks exported to self-contained, deterministic pages.

A report page has a header (title, parameters, data reporting date, links to the index and
the glossary), a table of contents built from the report's h2/h3 headings, the notebook's
cells with the code hidden unless asked for, and one provenance footer (the notebook's own
provenance section, data checksums, git commit, package versions, render time). The page is
shaped by ``page_structure``: one H1, no empty heading, every table in a box that scrolls.
It loads nothing from anywhere: styles are inline, images are ``data:`` URLs, no
script runs, and a Content-Security-Policy forbids every fetch but ``data:``.

The same notebook and arguments give the same bytes, except the one render-time field,
``<time data-render-time ...>``, which :func:`strip_render_time` blanks for comparisons.

nbconvert, nbformat and BeautifulSoup are imported inside the functions, so importing this
module is cheap.
"""

from __future__ import annotations

import copy
import functools
import glob
import json
import os
import platform
import re
import subprocess
import unicodedata
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from ascc_analysis.config import PROJECT_ROOT
from ascc_analysis.data.io import atomic_write_text, sha256_file

if TYPE_CHECKING:
    import nbformat

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
"""Folder of the nbconvert templates shipped with the package."""
TEMPLATE_NAME = "ascc_report"
"""The report template: extends nbconvert's ``lab`` template."""
REPORT_CSS = TEMPLATES_DIR / TEMPLATE_NAME / "static" / "report.css"
"""House CSS of reports and the index page."""
SERIES_LINE = "ASEAN Socio-Cultural Community Blueprint 2025 \u00b7 Mid-Term Review"
CONTENT_SECURITY_POLICY = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; "
                           "script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'")
"""Nothing but ``data:`` images and inline styles may load, whatever a notebook output holds."""
DISPLAY_PRIORITY = ["text/html", "text/markdown", "image/svg+xml", "text/latex", "image/png", "image/jpeg",
                    "text/plain"]
"""Output types shown, best first: no JavaScript, widget or mermaid output (they need scripts)."""
DEFAULT_PACKAGES = ("pandas", "matplotlib", "seaborn", "papermill", "nbconvert", "great-expectations", "openpyxl")
TOC_HEADINGS = ("h2", "h3")
RENDER_TIME_PATTERN = re.compile(r"<(?P<tag>[a-z]+)\b(?P<attrs>[^>]*\bdata-render-time\b[^>]*)>.*?</(?P=tag)>",
                                 re.DOTALL)
_GLOB_CHARACTERS = re.compile(r"[*?[]")
MISSING_ALT = "No description has been provided for this image"
"""The alt text nbconvert gives an image that has none."""


class ExternalResourceError(ValueError):
    """The HTML would fetch something from outside the page (network or another file)."""


# ----------------------------------------------------------------------------- export

def export_html(notebook_path: Path, html_path: Path, *, title: str, parameters: dict, reporting_date: str | None,
                footer: dict, show_code: bool = False, banner: str = "") -> Path:
    """Export an executed notebook to a reviewer HTML page.

    Parameters
    ----------
    notebook_path : Path
        The executed notebook (``.ipynb``).
    html_path : Path
        Where the page is written (folders are created). Written whole or not at all.
    title : str
        Report title, shown in the header and the ``<title>``.
    parameters : dict
        The report's parameters, shown in the header in this order.
    reporting_date : str or None
        Reporting date of the data; "not given in the data" when None.
    footer : dict
        Provenance, as from :func:`collect_footer`: ``data_checksums`` {relative path: sha256},
        ``git_commit`` (str or None), ``package_versions`` {name: version}, ``render_time``
        (ISO 8601; the only field that may change between identical runs).
    show_code : bool
        Include the code cells' source (hidden by default).
    banner : str
        HTML the report body opens with (``present.banner.banner_html``: what the report's
        numbers rest on); nothing when empty. It must be escaped already.

    Returns
    -------
    Path
        ``html_path``.

    Raises
    ------
    ExternalResourceError
        When the page would load anything that is not inline (e.g. an ``<img>`` whose
        ``src`` is a web address); nothing is written then.
    """
    import nbformat

    notebook = nbformat.read(str(notebook_path), as_version=4)
    page = render_html(notebook, title=title, parameters=parameters, reporting_date=reporting_date,
                       footer=footer, show_code=show_code, banner=banner)
    atomic_write_text(Path(html_path), page)
    return Path(html_path)


def render_html(nb: nbformat.NotebookNode, *, title, parameters, reporting_date, footer, show_code=False,
                banner: str = "") -> str:
    """Render a notebook to the reviewer HTML page (see :func:`export_html`).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook; not modified.
    title, parameters, reporting_date, footer, show_code, banner
        As for :func:`export_html`.

    Returns
    -------
    str
        The page.

    Raises
    ------
    ExternalResourceError
        When the page would load anything that is not inline.
    """
    exporter = _exporter(bool(show_code))
    context = _page_context(title, parameters, reporting_date, footer, show_code) | {"banner": str(banner or "")}
    body, _ = exporter.from_notebook_node(copy.deepcopy(nb), resources={"ascc": context})
    soup = _finish_page(body, context["title"], exporter.finish_cells)
    external = _external_in_soup(soup)
    if external:
        raise ExternalResourceError(f"report {title!r} would load external resources: {', '.join(external)}")
    return str(soup)


def strip_render_time(html: str) -> str:
    """Blank every element marked ``data-render-time``, for comparing two renders.

    Parameters
    ----------
    html : str
        A report or index page.

    Returns
    -------
    str
        ``html`` with each ``<time data-render-time ...>...</time>`` (and any other element
        carrying ``data-render-time``) replaced by an empty ``<tag data-render-time></tag>``.
    """
    return RENDER_TIME_PATTERN.sub(lambda match: f"<{match['tag']} data-render-time></{match['tag']}>", html)


@functools.lru_cache(maxsize=2)
def _exporter(show_code: bool):
    """nbconvert's HTMLExporter on the ascc_report template, made once per process (its templates compiled once)."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter

    class ReportExporter(HTMLExporter):
        """HTMLExporter without its own parse of the page: :func:`_finish_page` parses it once and calls
        :meth:`finish_cells` for what HTMLExporter does to the parsed page (alt texts, focusable cells)."""

        def from_notebook_node(self, nb, resources=None, **kw):
            from nbconvert.filters.highlight import Highlight2HTML
            from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

            self._nb_metadata.clear()  # as a new exporter has it: only this notebook's metadata
            language = nb.metadata.get("language_info", {})
            lexer = language.get("pygments_lexer", language.get("name", None))
            highlight = self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
            resources = self._init_resources(resources)
            widgets = WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources)
            self.register_filter("highlight_code", highlight)
            self.register_filter("filter_data_type", widgets)
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

        @staticmethod
        def finish_cells(soup) -> None:
            for image in soup.select("img:not([alt])"):
                image.attrs["alt"] = MISSING_ALT
            for element in soup.select(".jp-Notebook div.jp-Cell-inputWrapper"):
                element.attrs["tabindex"] = "0"
            for element in soup.select(".jp-Notebook div.jp-OutputArea-output"):
                element.attrs["tabindex"] = "0"

    return ReportExporter(template_name=TEMPLATE_NAME, extra_template_basedirs=[str(TEMPLATES_DIR)],
                          exclude_input=not show_code, exclude_input_prompt=True, exclude_output_prompt=True,
                          exclude_anchor_links=True, mathjax_url="", require_js_url="", mermaid_js_url="",
                          mermaid_layout_elk_js_url="", config=_exporter_config())


def _exporter_config():
    from traitlets.config import Config

    return Config({"NbConvertBase": {"display_data_priority": list(DISPLAY_PRIORITY)}})


# ----------------------------------------------------------------------------- header, footer

def _page_context(title, parameters, reporting_date, footer, show_code) -> dict:
    """What the template shows, as plain strings and sorted pairs (escaped by the template)."""
    footer = footer or {}
    return {
        "title": str(title),
        "print_title": css_string(str(title)),
        "series": SERIES_LINE,
        "parameters": [(str(name), format_value(value)) for name, value in (parameters or {}).items()],
        "reporting_date": None if reporting_date is None else str(reporting_date),
        "render_time": str(footer.get("render_time") or ""),
        "git_commit": footer.get("git_commit"),
        "package_versions": sorted((str(k), str(v)) for k, v in (footer.get("package_versions") or {}).items()),
        "data_checksums": sorted((str(k), str(v)) for k, v in (footer.get("data_checksums") or {}).items()),
        "show_code": bool(show_code),
        "csp": CONTENT_SECURITY_POLICY,
    }


def css_string(text: str) -> str:
    """``text`` safe inside a double-quoted CSS string in a ``<style>`` element (the print page header)."""
    escaped = " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')
    return escaped.replace("<", "\\3c ").replace("&", "\\26 ")


def format_value(value) -> str:
    """A parameter value as shown to readers: strings as they are, anything else as JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


# ----------------------------------------------------------------------------- table of contents

def _finish_page(html: str, title: str, finish_cells=None):
    """Shape the page (``page_structure``), give h2/h3 headings unique ids, fill the table of contents.

    ``finish_cells`` is called first with the parsed page (the exporter's own finish of the cells).
    """
    from bs4 import BeautifulSoup

    from ascc_analysis.present import acronyms, page_structure

    soup = BeautifulSoup(html, "html.parser")
    if finish_cells is not None:
        finish_cells(soup)
    main, nav, footer = soup.find("main"), soup.find("nav", class_="toc"), soup.find("footer", class_="provenance")
    page_structure.keep_one_h1(main, title)
    page_structure.merge_provenance(soup, main, footer)
    page_structure.drop_empty_headings(main)
    acronyms.expand_first_use(main, acronyms.glossary())
    page_structure.wrap_tables(soup, soup.body or soup)
    page_structure.break_long_tokens(soup, soup.body or soup)
    headings = _number_headings(main.find_all(TOC_HEADINGS) if main else [], _ids_outside(soup, main))
    footer_heading = footer.find("h2") if footer is not None else None
    if headings and footer_heading is not None and footer_heading.get("id"):
        headings.append(("h2", footer_heading["id"], _plain_text(footer_heading.get_text(" "))))
    nav.append(_toc_list(soup, headings))
    return soup


def _plain_text(text: str) -> str:
    return " ".join(text.split())


def _ids_outside(soup, main) -> set[str]:
    inside = {id(tag) for tag in main.find_all(id=True)} if main else set()
    return {tag["id"] for tag in soup.find_all(id=True) if id(tag) not in inside}


def _number_headings(headings, taken: set[str]) -> list[tuple[str, str, str]]:
    """Give each heading a unique id (its own when free, else a slug); return (level, id, text)."""
    entries = []
    for heading in headings:
        for anchor in heading.find_all("a", class_="anchor-link"):
            anchor.decompose()
        text = _plain_text(heading.get_text(" "))
        heading["id"] = unique_id(heading.get("id") or slugify(text), taken)
        entries.append((heading.name, heading["id"], text))
    return entries


def slugify(text: str) -> str:
    """A readable ASCII id for a heading: ``"Status by body (2020)"`` -> ``"status-by-body-2020"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "section"


def unique_id(candidate: str, taken: set[str]) -> str:
    """``candidate``, or ``candidate-2``, ``-3``... whichever is not taken yet; marks it taken."""
    chosen, number = candidate, 1
    while chosen in taken:
        number += 1
        chosen = f"{candidate}-{number}"
    taken.add(chosen)
    return chosen


def _toc_list(soup, headings):
    """Nested ``<ol>`` of links: h3 entries under the h2 before them."""
    if not headings:
        empty = soup.new_tag("p", attrs={"class": "toc-empty"})
        empty.string = "This report has no sections."
        return empty
    top = soup.new_tag("ol")
    current_sub, last_item = None, None
    for level, anchor, text in headings:
        item = _toc_item(soup, anchor, text)
        if level == "h3" and last_item is not None:
            if current_sub is None:
                current_sub = soup.new_tag("ol")
                last_item.append(current_sub)
            current_sub.append(item)
            continue
        top.append(item)
        current_sub, last_item = None, item if level == "h2" else None
    return top


def _toc_item(soup, anchor: str, text: str):
    item = soup.new_tag("li")
    link = soup.new_tag("a", href=f"#{anchor}")
    link.string = text
    item.append(link)
    return item


# ----------------------------------------------------------------------------- self-containment

_FETCHING_ATTRIBUTES = ("src", "srcset", "poster", "data", "background")
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(?P<url>[^'")]*)\1\s*\)|@import\s+(['"])(?P<imp>[^'"]*)\3""", re.IGNORECASE)


def find_external_resources(html: str) -> list[str]:
    """Everything the page would fetch on load that is not inside it.

    Looks at the attributes that make a browser fetch (``src``, ``srcset``, ``poster``,
    ``data``, ``<link href>``, ``<meta http-equiv=refresh>``) and at CSS ``url()`` and
    ``@import`` in ``<style>`` elements and ``style`` attributes. ``data:`` URLs and
    in-page ``#fragments`` are fine; links (``<a href>``) are not fetched and are not listed.

    Parameters
    ----------
    html : str
        A page.

    Returns
    -------
    list of str
        ``"<tag attribute=value>"`` descriptions, in document order (empty when self-contained).
    """
    from bs4 import BeautifulSoup

    return _external_in_soup(BeautifulSoup(html, "html.parser"))


def _external_in_soup(soup) -> list[str]:
    found = []
    for tag in soup.find_all(True):
        found.extend(_external_in_tag(tag))
    return found


def _external_in_tag(tag) -> list[str]:
    found = []
    for attribute in _FETCHING_ATTRIBUTES + (("href",) if tag.name == "link" else ()):
        value = tag.get(attribute)
        if value is not None and not _is_inline(value):
            found.append(f"<{tag.name} {attribute}={_short(value)}>")
    if tag.name == "meta" and str(tag.get("http-equiv", "")).lower() == "refresh":
        found.append(f"<meta http-equiv=refresh content={_short(tag.get('content', ''))}>")
    css = (tag.string or "") if tag.name == "style" else ""
    for text, where in ((css, "<style>"), (tag.get("style") or "", f"<{tag.name} style>")):
        found.extend(f"{where} {_short(url)}" for url in _css_urls(text) if not _is_inline(url))
    return found


def _css_urls(css: str) -> list[str]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    return [match["url"] if match["url"] is not None else match["imp"] for match in _CSS_URL.finditer(css)]


def _is_inline(value) -> bool:
    text = " ".join(value) if isinstance(value, list) else str(value)
    text = text.strip()
    return text.lower().startswith("data:") or text.startswith("#")


def _short(value) -> str:
    text = " ".join(value) if isinstance(value, list) else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


# ----------------------------------------------------------------------------- provenance

def collect_footer(data_files: list[Path], data_root: Path, packages=DEFAULT_PACKAGES,
                   render_time: str | None = None) -> dict:
    """Provenance for a report's footer.

    Parameters
    ----------
    data_files : list of Path
        The data files the report read; a folder stands for every file under it, a glob
        pattern (e.g. ``data_root / "raw/tool1/*.xlsx"``) for the files it matches.
    data_root : Path
        Paths are shown relative to this folder (POSIX separators).
    packages : iterable of str
        Distribution names whose installed versions are recorded ("not installed" when
        missing); the Python version is recorded as ``python``.
    render_time : str, optional
        ISO 8601 time of the render; now (UTC, to the second) when None.

    Returns
    -------
    dict
        ``data_checksums`` {relative path: sha256 hex} sorted by path, ``git_commit`` (HEAD
        of the project's git checkout, None when it is not one), ``package_versions``
        {name: version} sorted by name, ``render_time``.
    """
    return {
        "data_checksums": data_checksums(data_files, data_root),
        "git_commit": git_commit(),
        "package_versions": package_versions(packages),
        "render_time": render_time or now_iso(),
    }


def data_checksums(data_files, data_root: Path) -> dict[str, str]:
    """SHA-256 of each file, keyed by its POSIX path relative to ``data_root``, sorted.

    A folder stands for every file under it and a glob pattern (``data/raw/tool1/*.xlsx``,
    e.g. ``data_root / pattern`` for a registry input) for its matches, possibly none; a
    plain path that does not exist raises FileNotFoundError.
    """
    root = Path(data_root).resolve()
    checksums = {}
    for path in _expand_files(data_files):
        checksums[_relative(path.resolve(), root)] = sha256_file(path)
    return dict(sorted(checksums.items()))


def _expand_files(data_files) -> list[Path]:
    """Files of ``data_files``: folders hold every file under them, glob patterns their matches."""
    files = []
    for item in map(Path, data_files):
        if _GLOB_CHARACTERS.search(str(item)):
            matches = [Path(match) for match in sorted(glob.glob(str(item), recursive=True))]
            files.extend(_expand_files([match for match in matches if match.is_dir()]))
            files.extend(match for match in matches if match.is_file())
        elif item.is_dir():
            files.extend(sorted(path for path in item.rglob("*") if path.is_file()))
        else:
            files.append(item)
    return files


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return Path(os.path.relpath(path, root)).as_posix()


def git_commit(root: Path = PROJECT_ROOT) -> str | None:
    """``git rev-parse HEAD`` of the project, or None when it is not a git checkout (or git is missing)."""
    try:
        result = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True,
                                timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    commit = result.stdout.strip()
    return commit if result.returncode == 0 and re.fullmatch(r"[0-9a-f]{40,64}", commit) else None


def package_versions(packages=DEFAULT_PACKAGES) -> dict[str, str]:
    """Installed version of each distribution ("not installed" when missing) and of Python."""
    versions = {"python": platform.python_version()}
    for name in packages:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return dict(sorted(versions.items()))


def now_iso() -> str:
    """The current UTC time, ISO 8601 to the second (``2025-01-31T09:30:00+00:00``)."""
    return datetime.now(UTC).isoformat(timespec="seconds")
