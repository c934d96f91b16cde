"""The review pack (``run_all.py --pack``): contents, links offline in chromium, PDFs, same bytes, refusals.

The pack of the four fixture reports is built once per session (``tests/helpers/pack_fixture``);
scenarios that change something work on a copy of the packed project.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from ascc_analysis.pipeline import cli
from ascc_analysis.pipeline.pack import PackedReport, pack_name, reporting_date_of, write_pack, write_zip
from ascc_analysis.pipeline.pack_manifest import MANIFEST, RENDER_TIME_KEY
from ascc_analysis.pipeline.pack_pdf import CHROMIUM_ARGS, chromium_missing
from tests.helpers.fixture_project import IDS, copy_project, fixture_reports, write_template
from tests.helpers.pack_fixture import PACK_FILE, packed, run_fixture
from tests.helpers.pdf_text import page_count, page_text

pytestmark = [pytest.mark.slow, pytest.mark.browser]

LINKS_JS = "() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"


def _needs_chromium() -> None:
    if chromium_missing():
        pytest.skip(f"{chromium_missing()}: run `make browser` (needs root)")


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    built = packed(tmp_path_factory)
    assert built.process.returncode == 0, built.process.stdout[-2000:] + built.process.stderr[-2000:]
    return built


@pytest.fixture(scope="module")
def unzipped(pack, tmp_path_factory) -> Path:
    """The pack unzipped into a folder of its own (away from the outputs it was made from)."""
    folder = tmp_path_factory.mktemp("unzipped") / "somewhere" / "else"
    with zipfile.ZipFile(pack.zip_path) as archive:
        archive.extractall(folder)
    return folder


@pytest.fixture
def project(pack, tmp_path):
    """A private copy of the packed project."""
    return copy_project(pack.project["root"], tmp_path / "project")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A headless chromium context, offline, that records every request that is not a local file."""
    _needs_chromium()
    from playwright.sync_api import sync_playwright

    from ascc_analysis.pipeline.pack_pdf import chromium_executable

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("profile")), executable_path=chromium_executable(), headless=True,
            args=list(CHROMIUM_ARGS), offline=True)
        context.outside = []
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
                      else (context.outside.append(route.request.url), route.abort()))
        yield context
        context.close()


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_pack_holds_the_pages_reports_pdfs_sidecars_and_manifest(pack):
    _needs_chromium()
    names = set(_members(pack.zip_path))
    expected = {"index.html", "glossary.html", "validation/summary.html", MANIFEST}
    expected |= {f"{rid}.{kind}" for rid in IDS for kind in ("html", "json")} | {f"pdf/{rid}.pdf" for rid in IDS}
    assert names == expected
    assert f"Review pack: {pack.zip_path}" in pack.process.stdout


def test_the_manifest_lists_every_file_with_its_checksum_and_what_made_the_pack(pack):
    _needs_chromium()
    members = _members(pack.zip_path)
    manifest = json.loads(members.pop(MANIFEST))
    assert set(manifest["files"]) == set(members)
    import hashlib

    for name, data in members.items():
        assert manifest["files"][name] == {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}, name
    assert manifest["reporting_date"] == "2020-05-21"
    assert manifest["data"]["raw/tool1/A.xlsx"] == hashlib.sha256(b"workbook A").hexdigest()
    assert manifest["parameters"]["reports"] == IDS and manifest["parameters"]["selection"] == "every report"
    assert {"python", "pandas", "playwright"} <= set(manifest["packages"])
    assert manifest["pdfs"].startswith("one PDF per report") and "hromium" in manifest["pdfs"]
    assert [entry["pdf"] for entry in manifest["reports"]] == [f"pdf/{rid}.pdf" for rid in IDS]
    assert "pack" in manifest[RENDER_TIME_KEY] and "overview.html" in manifest[RENDER_TIME_KEY]


def test_every_link_of_the_unzipped_pack_reaches_a_file_of_the_pack_offline(browser, unzipped):
    """Each page loads without error; each of its links to a file is followed in chromium and lands on a page
    of the pack (and, with a #fragment, on an element of that id); a link to a PDF reaches a PDF of the pack."""
    hrefs, errors = {}, []
    for path in sorted(unzipped.rglob("*.html")):
        page = browser.new_page()
        page.on("pageerror", lambda error, name=path.name: errors.append(f"{name}: {error}"))
        page.goto(path.as_uri(), wait_until="load")
        for href in page.evaluate(LINKS_JS):
            if urlparse(href).scheme == "file":
                hrefs.setdefault(href, path.name)
        page.close()
    assert errors == []
    page = browser.new_page()
    for href, source in sorted(hrefs.items()):
        url = urlparse(href)
        target = Path(unquote(url.path))
        assert target.is_file() and target.is_relative_to(unzipped), f"{source} links {href}"
        if target.suffix != ".html":  # a PDF would open chromium's viewer (chrome:// pages), not a page
            assert target.suffix != ".pdf" or target.read_bytes().startswith(b"%PDF"), href
            continue
        response = page.goto(href, wait_until="load")
        assert response is None or response.ok, f"{source} links {href}"
        if url.fragment:
            assert page.evaluate("id => !!document.getElementById(id)", unquote(url.fragment)), f"{source}: {href}"
    page.close()
    assert browser.outside == []
    followed = {Path(unquote(urlparse(href).path)).name for href in hrefs}
    assert {"overview.html", "glossary.html", "overview.pdf"} <= followed


def test_the_index_links_every_packed_report(browser, unzipped):
    page = browser.new_page()
    page.goto((unzipped / "index.html").as_uri(), wait_until="load")
    targets = {Path(unquote(urlparse(href).path)).name for href in page.evaluate(LINKS_JS)}
    page.close()
    assert {f"{rid}.html" for rid in IDS} | {f"{rid}.pdf" for rid in IDS} <= targets


def test_a_pdf_opens_with_the_report_title_on_its_first_page(unzipped):
    _needs_chromium()
    pdf = (unzipped / "pdf" / "overview.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and page_count(pdf) > 0
    assert "Fixture report overview" in page_text(pdf, 0)
    assert b"file://" not in pdf, "a PDF carries a link to this machine's files"


def test_the_render_time_is_moved_out_of_the_pages_into_the_manifest(pack):
    members = _members(pack.zip_path)
    assert b"data-render-time=\"moved\"" in members["overview.html"]
    assert b"<time data-render-time" not in members["overview.html"]


def test_two_packs_of_the_same_inputs_differ_only_in_the_marked_render_time(project):
    _needs_chromium()
    packs = []
    for _ in range(2):
        process = run_fixture(project, "--pack")
        assert process.returncode == 0, process.stderr
        packs.append(_members(project["outputs"] / PACK_FILE))
    first, second = packs
    first_manifest, second_manifest = json.loads(first.pop(MANIFEST)), json.loads(second.pop(MANIFEST))
    assert first == second
    assert first_manifest.pop(RENDER_TIME_KEY)["overview.html"] == second_manifest.pop(RENDER_TIME_KEY)["overview.html"]
    assert first_manifest == second_manifest


def test_the_same_inputs_and_pack_time_give_the_same_zip_bytes(project):
    reports = [PackedReport(report.report_id, report.title) for report in fixture_reports(project["templates"])]
    paths = []
    for name in ("one", "two"):
        result = write_pack(project["outputs"], project["data"], reports, {"run": 1}, now="2020-01-01T00:00:00+00:00",
                            print_pdfs=False)
        paths.append(result.path.rename(project["root"] / f"{name}.zip"))
    assert paths[0].read_bytes() == paths[1].read_bytes()


def test_the_pack_is_named_by_the_reporting_date_of_its_reports(tmp_path):
    (tmp_path / "a.json").write_text('{"reporting_date": "2020-05-21"}')
    (tmp_path / "b.json").write_text('{"reporting_date": null}')
    assert reporting_date_of(tmp_path, ["a", "b", "missing"]) == "2020-05-21"
    assert reporting_date_of(tmp_path, ["b"]) == "undated"
    assert pack_name("2020-05-21") == "ascc-mtr-review-2020-05-21.zip"
    assert pack_name("21 May 2020/x") == "ascc-mtr-review-21-May-2020-x.zip"


def test_the_zip_has_fixed_timestamps_and_sorted_members(tmp_path):
    path = write_zip(tmp_path / "x.zip", {"b.txt": b"b", "a/c.txt": b"c"})
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["a/c.txt", "b.txt"]
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_without_chromium_the_pack_is_made_without_pdfs_and_says_so(project):
    process = run_fixture(project, "--pack", env={"ASCC_CHROMIUM": str(project["root"] / "no-chromium")})
    assert process.returncode == 0, process.stderr
    assert "no PDFs in this pack: chromium not found" in process.stdout
    members = _members(project["outputs"] / PACK_FILE)
    assert not [name for name in members if name.startswith("pdf/")]
    manifest = json.loads(members[MANIFEST])
    assert manifest["pdfs"].startswith("no PDFs in this pack: chromium not found")
    assert "pdf" not in manifest["reports"][0]


def test_the_pack_is_refused_when_the_validation_gate_fails(project):
    (project["outputs"] / PACK_FILE).unlink()
    process = run_fixture(project, "--pack", "--force", env={"FIXTURE_GATE": "fail"})
    assert process.returncode == cli.EXIT_INVALID_DATA
    assert "Review pack refused: the data is invalid." in process.stderr
    assert not (project["outputs"] / PACK_FILE).exists()


def test_no_pack_when_a_report_failed_and_nothing_of_failed_is_packed(project):
    write_template(project["templates"], "nat-BBB", "broken")
    process = run_fixture(project, "--pack")
    assert process.returncode == cli.EXIT_REPORT_FAILED
    assert "Review pack not written: a selected report failed." in process.stderr
    assert (project["outputs"] / "failed").is_dir()
    process = run_fixture(project, "--pack", "--chapter", "regional", "--chapter", "characteristic",
                          env={"ASCC_CHROMIUM": "/no/chromium"})
    assert process.returncode == 0, process.stderr
    members = _members(project["outputs"] / PACK_FILE)
    assert not [name for name in members if name.startswith("failed/") or name.startswith("nat-")]
    assert b"failed/nat-BBB.html" not in members["index.html"].replace(b'data-not-in-pack="failed/nat-BBB.html"', b"")


def test_a_pack_of_a_selection_says_which_reports_it_holds(project):
    process = run_fixture(project, "--pack", "--ams", "AAA", env={"ASCC_CHROMIUM": "/no/chromium"})
    assert process.returncode == 0, process.stderr
    manifest = json.loads(_members(project["outputs"] / PACK_FILE)[MANIFEST])
    assert manifest["parameters"]["reports"] == ["nat-AAA"]
    assert [entry["report_id"] for entry in manifest["reports"]] == ["nat-AAA"]


def test_pack_and_verify_pack_are_in_the_help():
    text = cli.build_parser().format_help()
    assert "--pack" in text and "--verify-pack FILE" in text and "ascc-mtr-review-<reporting date>.zip" in text


def test_a_copy_of_the_pack_elsewhere_still_verifies(pack, tmp_path):
    copy = shutil.copy(pack.zip_path, tmp_path / "moved.zip")
    assert cli.main(["--verify-pack", str(copy), "--data-dir", str(pack.project["data"])]) == cli.EXIT_OK


def test_the_pack_of_the_full_render_holds_every_report_and_links_only_its_own_files(rendered_outputs, tmp_path):
    """The real reports (the session's full render), packed without PDFs: every local link of every page reaches
    a file of the pack, every report brings its tables' CSVs, nothing comes from failed/."""
    from ascc_analysis.config import DATA_DIR
    from ascc_analysis.data.registry import all_reports
    from ascc_analysis.pipeline.pack_pages import local_links

    output_dir, process = rendered_outputs
    assert process.returncode == 0, process.stderr[-2000:]
    reports = [PackedReport(report.report_id, report.title) for report in all_reports()]
    result = write_pack(output_dir, DATA_DIR, reports, {}, print_pdfs=False, destination=tmp_path)
    members = _members(result.path)
    assert {f"{report.report_id}.html" for report in reports} <= set(members)
    assert not [name for name in members if name.startswith("failed/")]
    broken = [(page, target) for page, data in members.items() if page.endswith(".html")
              for target in local_links(data.decode("utf-8"), page) if target not in members]
    assert broken == []
    manifest = json.loads(members[MANIFEST])
    assert [entry["report_id"] for entry in manifest["reports"] if not entry["csv"]] == []
