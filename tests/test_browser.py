"""Reviewer HTML in a real browser: Debian's chromium, headless, driven by playwright.

Every page (each report and the index) must load with no request leaving the machine, no
console error, every image rendered with alt text and the table of contents present.

Which pages: the HTML files directly in ``$ASCC_BROWSER_HTML_DIR`` when it is set (e.g.
``outputs/`` after ``make render``); otherwise a sample rendered here through the real
exporter (a synthetic executed notebook, with and without code, plus an index page).
When chromium or playwright is missing the tests are skipped, saying why. ``$ASCC_CHROMIUM``
names another chromium binary (default: Debian's ``/usr/bin/chromium``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from ascc_analysis.pipeline.pack_pdf import CHROMIUM_ARGS, chromium_executable

pytestmark = pytest.mark.browser

HTML_DIR_VARIABLE = "ASCC_BROWSER_HTML_DIR"
SAMPLE_PAGES = ("index.html", "sample-report.html", "sample-report-code.html")
OWN_PAGES = frozenset({"index.html", "build.html", "glossary.html", "register.html"})
"""Pages of the output folder that are not reports."""
LOCAL_SCHEMES = ("file:", "data:")
IMAGES_JS = """() => Array.from(document.images).map(img => ({
    src: img.currentSrc.slice(0, 40), alt: img.getAttribute('alt'), complete: img.complete,
    naturalWidth: img.naturalWidth, width: img.getBoundingClientRect().width}))"""
TOC_JS = """() => { const nav = document.querySelector('nav.toc');
    if (!nav) return null;
    const links = Array.from(nav.querySelectorAll('a[href^="#"]'));
    const missing = a => !document.getElementById(decodeURIComponent(a.hash.slice(1)));
    return {links: links.length, broken: links.filter(missing).map(a => a.hash)}; }"""


def html_files_to_check(directory: Path) -> list[Path]:
    """The HTML pages directly in ``directory`` (reports and index.html), sorted by name."""
    return sorted(path for path in Path(directory).glob("*.html") if path.is_file())


def _configured_dir() -> Path | None:
    value = os.environ.get(HTML_DIR_VARIABLE)
    return Path(value) if value else None


def pytest_generate_tests(metafunc):
    """One test per page: the files of $ASCC_BROWSER_HTML_DIR, else the sample pages."""
    if "page_name" in metafunc.fixturenames:
        directory = _configured_dir()
        names = [path.name for path in html_files_to_check(directory)] if directory else list(SAMPLE_PAGES)
        metafunc.parametrize("page_name", names or [f"<no .html file in {directory}>"])


def _write_sample_pages(directory: Path, notebook) -> None:
    import nbformat

    from ascc_analysis.pipeline.index_page import IndexEntry, write_index
    from ascc_analysis.present.html_export import collect_footer, export_html

    notebook_path = directory / "notebooks" / "sample-report.ipynb"
    notebook_path.parent.mkdir(parents=True)
    nbformat.write(notebook, str(notebook_path))
    footer = collect_footer([notebook_path], directory)
    for name, show_code in (("sample-report.html", False), ("sample-report-code.html", True)):
        export_html(notebook_path, directory / name, title="Sample regional overview",
                    parameters={"data_dir": "data", "characteristic": "A"}, reporting_date="21 May 2020",
                    footer=footer, show_code=show_code)
    entries = [IndexEntry("sample-report", "Sample regional overview", "Regional", "ok", "sample-report.html",
                          seconds=1.0),
               IndexEntry("sample-report-code", "Sample, with code", "Regional", "skipped", "sample-report-code.html"),
               IndexEntry("national-BRN", "Brunei Darussalam", "National", "not rendered", None, reason="not run")]
    write_index(directory, entries)


@pytest.fixture(scope="session")
def browser_html_dir(tmp_path_factory, html_sample_notebook) -> Path:
    """Folder of the pages to check: $ASCC_BROWSER_HTML_DIR, or freshly rendered samples."""
    directory = _configured_dir()
    if directory is not None:
        assert directory.is_dir(), f"{HTML_DIR_VARIABLE}={directory} is not a folder"
        return directory
    directory = tmp_path_factory.mktemp("browser-html")
    _write_sample_pages(directory, html_sample_notebook)
    return directory


@pytest.fixture(scope="session")
def chromium(tmp_path_factory):
    """A headless chromium context (fresh profile) that refuses and records every non-local request."""
    executable = chromium_executable()
    if executable is None:
        pytest.skip("chromium not installed: run `make browser` (needs root)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright not installed: `make setup` installs it (no browser download is needed)")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=executable, headless=True,
            args=list(CHROMIUM_ARGS), offline=True)
        context.outside_requests = []
        context.route("**/*", lambda route: _allow_local_only(route, context.outside_requests))
        yield context
        context.close()


def _allow_local_only(route, outside_requests):
    url = route.request.url
    if url.startswith(LOCAL_SCHEMES):
        route.continue_()
    else:
        outside_requests.append(url)
        route.abort()


def _load(context, path: Path):
    """Open ``path``; return the page and what went wrong while it loaded."""
    page = context.new_page()
    problems = []
    page.on("request", lambda request: None if request.url.startswith(LOCAL_SCHEMES)
            else problems.append(f"request leaving the machine: {request.url}"))
    page.on("requestfailed", lambda request: problems.append(f"request failed: {request.url[:80]}"))
    page.on("console", lambda message: problems.append(f"console error: {message.text}")
            if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_load_state("networkidle")
    return page, problems


def _image_problems(page) -> list[str]:
    problems = []
    for image in page.evaluate(IMAGES_JS):
        if not image["complete"] or image["naturalWidth"] == 0 or image["width"] == 0:
            problems.append(f"image not rendered: {image['src']}...")
        if not (image["alt"] or "").strip() or image["alt"] == "No description has been provided for this image":
            problems.append(f"image without alt text: {image['src']}...")
    return problems


def _toc_problems(page) -> list[str]:
    toc = page.evaluate(TOC_JS)
    if toc is None:
        return ["no table of contents (nav.toc)"]
    if toc["links"] == 0 and page.locator("nav.toc .toc-empty").count() == 0:
        return ["table of contents has no entry"]
    return [f"table of contents links to a missing id: {target}" for target in toc["broken"]]


def test_page_loads_offline_without_errors(chromium, browser_html_dir, page_name):
    path = browser_html_dir / page_name
    assert path.is_file(), f"no such page: {path}"
    already_refused = len(chromium.outside_requests)
    page, problems = _load(chromium, path)
    try:
        problems += _image_problems(page) + _toc_problems(page)
        if page.locator("script[src], link[rel=stylesheet], link[rel=preload]").count():
            problems.append("page references an external script or stylesheet")
    finally:
        page.close()
    problems += [f"request refused by the test's router: {url}" for url in chromium.outside_requests[already_refused:]]
    assert problems == [], f"{page_name}:\n  " + "\n  ".join(problems)


def test_reports_show_their_images(chromium, browser_html_dir):
    """The checks above are not vacuous: the sample reports do have rendered images."""
    if _configured_dir() is not None:
        pytest.skip(f"{HTML_DIR_VARIABLE} is set: the per-page test checks the real outputs")
    page, _ = _load(chromium, browser_html_dir / "sample-report.html")
    try:
        images = page.evaluate(IMAGES_JS)
        assert len(images) == 6 and all(image["naturalWidth"] > 100 for image in images)
        assert page.locator("nav.toc a").count() == 7  # six sections and the provenance footer
    finally:
        page.close()


def test_index_links_resolve_to_pages(chromium, browser_html_dir):
    index = browser_html_dir / "index.html"
    assert index.is_file(), f"no index.html in {browser_html_dir}"
    page, problems = _load(chromium, index)
    try:
        hrefs = page.eval_on_selector_all("tr.report a[href]", "links => links.map(a => a.href)")
        assert hrefs, "the index links no report"
        from urllib.parse import unquote, urlparse

        missing = [href for href in hrefs if not Path(unquote(urlparse(href).path)).is_file()]
        assert missing == [] and problems == []
    finally:
        page.close()


def test_reports_print_whole(chromium, browser_html_dir, tmp_path):
    """Printed, a report keeps its images, its contents and the collapsed checksums."""
    reports = [path for path in html_files_to_check(browser_html_dir) if path.name not in OWN_PAGES]
    assert reports, f"no report in {browser_html_dir}"
    page, problems = _load(chromium, reports[0])
    try:
        page.emulate_media(media="print")
        assert page.locator("nav.toc").is_visible()
        assert all(image["width"] > 0 for image in page.evaluate(IMAGES_JS))
        checksums = page.locator("details.data-checksums table")
        if checksums.count():
            assert checksums.is_visible(), "collapsed checksums are hidden in print"
        pdf = page.pdf(path=str(tmp_path / "report.pdf"), format="A4")
        assert pdf.startswith(b"%PDF") and problems == []
    finally:
        page.close()


from ascc_analysis.data.registry import all_reports  # noqa: E402

REAL_PAGES = [f"{report.report_id}.html" for report in all_reports()]


@pytest.mark.slow
@pytest.mark.parametrize("real_page", REAL_PAGES + ["index.html", "register.html", "validation/summary.html"])
def test_rendered_report_loads_offline_without_errors(chromium, rendered_outputs, real_page):
    """The real reports of a full ``run_all.py`` render, not only the samples."""
    output_dir, process = rendered_outputs
    assert process.returncode == 0, process.stdout[-2000:] + process.stderr[-2000:]
    already_refused = len(chromium.outside_requests)
    page, problems = _load(chromium, output_dir / real_page)
    try:
        problems += _image_problems(page)
        if real_page != "validation/summary.html":
            problems += _toc_problems(page)
        if real_page in REAL_PAGES and page.locator("img").count() == 0:
            problems.append("report has no image")
        if page.locator("script[src], link[rel=stylesheet], link[rel=preload]").count():
            problems.append("page references an external script or stylesheet")
    finally:
        page.close()
    problems += [f"request refused by the test's router: {url}" for url in chromium.outside_requests[already_refused:]]
    assert problems == [], f"{real_page}:\n  " + "\n  ".join(problems)


MATRIX_AGAINST_FILTER_JS = """() => {
    const body = document.getElementById('filter-body'), kra = document.getElementById('filter-kra');
    const shown = document.getElementById('shown-count');
    document.getElementById('filter-text').value = '';
    return Array.from(document.querySelectorAll('table.matrix a')).map(link => {
        const params = new URLSearchParams(link.hash.slice(1));
        body.value = params.get('body') || ''; kra.value = params.get('kra') || '';
        kra.dispatchEvent(new Event('change'));
        return {href: link.getAttribute('href'), count: Number(link.textContent),
                shown: Number(shown.getAttribute('data-shown'))}; }); }"""
VISIBLE_CODES_JS = ("() => Array.from(document.querySelectorAll('#register-table tbody tr')).filter(r => !r.hidden)"
                    ".map(r => r.cells[0].textContent)")


def test_register_page_filters_sorts_and_its_matrix_counts_match_the_list(chromium, tmp_path):
    """outputs/register.html offline: filter by a body and a KRA, count against the data; every matrix cell's count
    equals the rows its filter shows; a header click sorts."""
    from ascc_analysis.data.tool1 import ingest_tool1
    from ascc_analysis.pipeline.register_page import write_register

    register = ingest_tool1()
    page_path = write_register(tmp_path, render_time="2025-01-31T09:30:00+00:00")
    already_refused = len(chromium.outside_requests)
    page, problems = _load(chromium, page_path)
    try:
        problems += _toc_problems(page)
        assert page.eval_on_selector_all("#register-table tbody tr", "rows => rows.length") == len(register.activities)
        links = register.links
        expected = links[(links["kra_code"] == "A.1") & links["activity_code"].isin(
            register.activities.loc[register.activities["sectoral_body"] == "SOMHD", "activity_code"])]
        page.select_option("#filter-body", "SOMHD")
        page.select_option("#filter-kra", "A.1")
        visible = page.evaluate(VISIBLE_CODES_JS)
        assert sorted(visible) == sorted(expected["activity_code"].unique()) and visible
        assert page.locator("#shown-count").get_attribute("data-shown") == str(len(visible))
        assert page.evaluate("() => location.hash") == "#body=SOMHD&kra=A.1"

        page.fill("#filter-text", visible[0])
        assert page.evaluate(VISIBLE_CODES_JS) == visible[:1]

        cells = page.evaluate(MATRIX_AGAINST_FILTER_JS)
        assert len(cells) > 100 and [cell for cell in cells if cell["count"] != cell["shown"]] == []

        page.goto(page_path.resolve().as_uri() + "#body=ASOEN&kra=C.1")
        page.wait_for_function("() => document.getElementById('filter-kra').value === 'C.1'")
        asoen_c1 = page.locator('table.matrix tr[data-kra="C.1"] td[data-body="ASOEN"] a').inner_text()
        assert page.locator("#shown-count").get_attribute("data-shown") == asoen_c1

        page.goto(page_path.resolve().as_uri())
        page.click("#register-table thead th:nth-child(6) button")
        years = page.eval_on_selector_all("#register-table tbody tr td:nth-child(6)",
                                          "cells => cells.map(c => Number(c.getAttribute('data-sort')))")
        assert years == sorted(years) and years[0] < years[-1]
        page.click("#register-table thead th:nth-child(6) button")
        years = page.eval_on_selector_all("#register-table tbody tr td:nth-child(6)",
                                          "cells => cells.map(c => Number(c.getAttribute('data-sort')))")
        assert years == sorted(years, reverse=True)
    finally:
        page.close()
    problems += [f"request refused by the test's router: {url}" for url in chromium.outside_requests[already_refused:]]
    assert problems == []


BASIS_JS = """() => {
    const main = document.querySelector('main');
    const banner = main.querySelector('section.report-banner');
    const marks = Array.from(main.querySelectorAll('.basis-mark'));
    const shown = Array.from(main.querySelectorAll('img, table')).filter(el => !(banner && banner.contains(el)));
    const unmarked = shown.filter(el => {
        const area = el.closest('.jp-OutputArea');
        if (!area) return true;
        const before = Array.from(area.querySelectorAll('.basis-mark')).filter(
            mark => mark.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
        return before.length === 0; });
    const box = banner ? banner.getBoundingClientRect() : null;
    return {marks: marks.length, shown: shown.length, unmarked: unmarked.map(el => el.outerHTML.slice(0, 80)),
            untitled: marks.filter(mark => !mark.getAttribute('title')).length,
            invisible: marks.filter(mark => mark.getBoundingClientRect().height === 0).length,
            banner: banner ? {first: main.firstElementChild === banner, height: box.height,
                              text: banner.querySelector('.reconstructed-share').textContent,
                              legend: banner.querySelectorAll('dl.basis-legend dt').length} : null}; }"""
SHARES_JS = """() => Array.from(document.querySelectorAll('tr.report')).map(row => ({
    id: row.getAttribute('data-report-id'), share: row.querySelector('td.reconstructed-share').textContent}))"""


@pytest.mark.slow
def test_every_figure_and_table_of_each_report_carries_a_basis_mark_under_its_banner(chromium, rendered_outputs):
    """In the browser: every image and table of each real report has a visible basis mark (with its hover meaning)
    before it in its cell's output; each report opens with its reconstructed-share banner and the legend; the
    index lists every report's share."""
    output_dir, process = rendered_outputs
    assert process.returncode == 0, process.stdout[-2000:] + process.stderr[-2000:]
    problems = []
    for name in REAL_PAGES:
        page, _ = _load(chromium, output_dir / name)
        try:
            found = page.evaluate(BASIS_JS)
        finally:
            page.close()
        if found["unmarked"] or found["marks"] < found["shown"] or found["untitled"] or found["invisible"]:
            problems.append(f"{name}: {found['marks']} marks for {found['shown']} figures and tables; "
                            f"unmarked {found['unmarked']}, untitled {found['untitled']}, hidden {found['invisible']}")
        banner = found["banner"]
        if not banner or not banner["first"] or banner["height"] <= 0 or "%" not in banner["text"] and \
                "None of" not in banner["text"] or banner["legend"] < 4:
            problems.append(f"{name}: no visible banner with the reconstructed share and legend first in the body")
    page, _ = _load(chromium, output_dir / "index.html")
    try:
        shares = {row["id"]: row["share"] for row in page.evaluate(SHARES_JS)}
    finally:
        page.close()
    assert sorted(shares) == sorted(name.removesuffix(".html") for name in REAL_PAGES)
    problems += [f"index: no share for {report_id}" for report_id, share in shares.items() if "%" not in share]
    assert problems == [], "\n".join(problems)


VIEWPORTS = ({"width": 1280, "height": 800}, {"width": 390, "height": 844})
"""A laptop and a phone: no page may be wider than either."""
LAYOUT_JS = """() => {
    const root = document.documentElement, limit = root.clientWidth;
    const inScroller = el => { for (let p = el.parentElement; p; p = p.parentElement) {
        const overflow = getComputedStyle(p).overflowX;
        if (overflow === 'auto' || overflow === 'scroll' || overflow === 'hidden') return true; } return false; };
    const wide = Array.from(document.body.querySelectorAll('*')).filter(el => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && (box.right > limit + 1 || box.left < -1) && !inScroller(el); });
    const headings = Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'));
    return {scrollWidth: root.scrollWidth, clientWidth: limit,
            wide: wide.slice(0, 5).map(el => el.tagName + '.' + el.className + ' '
                                       + Math.round(el.getBoundingClientRect().right)),
            h1: document.querySelectorAll('h1').length,
            emptyHeadings: headings.filter(h => !h.textContent.trim()).map(h => h.outerHTML.slice(0, 80)),
            alts: Array.from(document.images).map(img => (img.getAttribute('alt') || '').trim())}; }"""
GENERIC_ALT = re.compile(r"^(|chart|image|figure|plot|graph|picture|img)\s*\d*$", re.IGNORECASE)
"""Alt texts that say nothing about the image."""


NATIONAL_HEIGHT_BUDGET = 6000
"""The most a national report may measure at the laptop width, in CSS px (issue 11: "under about 6,000 px at
1280 px wide"): a spec of the page, not a published figure."""


def height_problems(page, name: str) -> list[str]:
    """A national report taller than ``NATIONAL_HEIGHT_BUDGET`` at the laptop width (other pages and widths: none)."""
    if not name.startswith("national-") or page.viewport_size["width"] != VIEWPORTS[0]["width"]:
        return []
    height = page.evaluate("() => document.documentElement.scrollHeight")
    return [f"{height} px tall at {VIEWPORTS[0]['width']} px (budget {NATIONAL_HEIGHT_BUDGET})"] \
        if height > NATIONAL_HEIGHT_BUDGET else []


def layout_problems(page, name: str = "") -> list[str]:
    """What is wrong with the page's layout at its viewport: overflow, H1s, empty headings, generic alt texts, and a
    national report over its height budget."""
    found = page.evaluate(LAYOUT_JS)
    problems = height_problems(page, name)
    if found["scrollWidth"] > found["clientWidth"]:
        problems.append(f"page {found['scrollWidth']} px wide in a {found['clientWidth']} px window: {found['wide']}")
    if found["h1"] != 1:
        problems.append(f"{found['h1']} h1 elements")
    problems += [f"empty heading: {heading}" for heading in found["emptyHeadings"]]
    problems += [f"generic alt text: {alt!r}" for alt in found["alts"]
                 if GENERIC_ALT.match(alt) or alt == "No description has been provided for this image"]
    return problems


def _load_at(context, path: Path, viewport: dict):
    page, problems = _load(context, path)
    page.set_viewport_size(viewport)
    page.wait_for_timeout(0)
    return page, problems


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda size: f"{size['width']}x{size['height']}")
def test_pages_fit_the_window_with_one_h1_no_empty_heading_and_telling_alt_texts(chromium, browser_html_dir,
                                                                                 page_name, viewport):
    path = browser_html_dir / page_name
    page, problems = _load_at(chromium, path, viewport)
    try:
        problems += layout_problems(page, page_name)
    finally:
        page.close()
    assert problems == [], f"{page_name} at {viewport}:\n  " + "\n  ".join(problems)


def test_the_layout_check_catches_a_page_wider_than_the_window(chromium, tmp_path):
    """The check above is not vacuous: a wide unboxed table, a second H1, an empty heading and a generic alt fail."""
    path = tmp_path / "wide.html"
    path.write_text("<!DOCTYPE html><html><body><h1>One</h1><h1>Two</h1><h2> </h2>"
                    "<img alt='chart' src='data:image/gif;base64,R0lGODlhAQABAAAAACw='>"
                    "<table><tr><td style='min-width:3000px'>x</td></tr></table></body></html>", encoding="utf-8")
    page, _ = _load_at(chromium, path, VIEWPORTS[1])
    try:
        problems = layout_problems(page)
    finally:
        page.close()
    assert [problem.split(" ")[0] for problem in problems] == ["page", "2", "empty", "generic"]


def test_the_height_check_catches_a_national_report_over_its_budget(chromium, tmp_path):
    """A national page taller than the budget fails at the laptop width, not on a phone; a short one passes."""
    tall, short = tmp_path / "national-AAA.html", tmp_path / "national-BBB.html"
    tall.write_text(f"<!DOCTYPE html><html><body><h1>A</h1><div style='height:{NATIONAL_HEIGHT_BUDGET + 500}px'>"
                    "</div></body></html>", encoding="utf-8")
    short.write_text("<!DOCTYPE html><html><body><h1>B</h1><p>short</p></body></html>", encoding="utf-8")
    found = {}
    for path in (tall, short):
        for viewport in VIEWPORTS:
            page, _ = _load_at(chromium, path, viewport)
            try:
                found[(path.name, viewport["width"])] = height_problems(page, path.name)
            finally:
                page.close()
    assert found[("national-AAA.html", 1280)] and not found[("national-AAA.html", 390)]
    assert not found[("national-BBB.html", 1280)]


def test_a_report_prints_to_pdf_with_its_title_in_the_page_header(chromium, browser_html_dir, tmp_path):
    reports = [path for path in html_files_to_check(browser_html_dir) if path.name not in OWN_PAGES]
    assert reports, f"no report in {browser_html_dir}"
    page, problems = _load(chromium, reports[0])
    try:
        title = page.title()
        styles = " ".join(page.eval_on_selector_all("style", "nodes => nodes.map(n => n.textContent)"))
        pdf = page.pdf(format="A4", print_background=True)
    finally:
        page.close()
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000 and problems == []
    assert f'@top-center {{ content: "{title}"' in styles
    assert 'a[href^="http"]::after' in styles and "break-inside: avoid" in styles


@pytest.mark.slow
@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda size: f"{size['width']}x{size['height']}")
def test_rendered_reports_and_index_fit_phone_and_laptop_windows(chromium, rendered_outputs, viewport):
    """All 18 reports and the index of a full render: no overflow, one H1, no empty heading, telling alt texts."""
    output_dir, process = rendered_outputs
    assert process.returncode == 0, process.stdout[-2000:] + process.stderr[-2000:]
    problems = []
    for name in REAL_PAGES + ["index.html", "glossary.html"]:
        page, _ = _load_at(chromium, output_dir / name, viewport)
        try:
            problems += [f"{name}: {problem}" for problem in layout_problems(page, name)]
        finally:
            page.close()
    assert problems == [], "\n".join(problems)
