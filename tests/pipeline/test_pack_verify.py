"""``run_all.py --verify-pack``: a pack against its manifest and against the current data, each difference named."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from ascc_analysis.pipeline import cli
from ascc_analysis.pipeline.pack import write_zip
from ascc_analysis.pipeline.pack_manifest import MANIFEST
from ascc_analysis.pipeline.pack_verify import data_problems, pack_problems, verify_pack
from tests.helpers.pack_fixture import packed

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    built = packed(tmp_path_factory)
    assert built.process.returncode == 0, built.process.stderr[-2000:]
    return built


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _verify(path: Path, data_dir: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--verify-pack", str(path), "--data-dir", str(data_dir)])
    return code, out.getvalue(), err.getvalue()


def _tampered(pack, tmp_path, change) -> Path:
    members = _members(pack.zip_path)
    change(members)
    return write_zip(tmp_path / "tampered.zip", members)


def test_an_intact_pack_verifies_exit_0(pack):
    code, stdout, stderr = _verify(pack.zip_path, pack.project["data"])
    assert (code, stderr) == (cli.EXIT_OK, "")
    assert "intact" in stdout


def test_a_changed_file_is_named_exit_3(pack, tmp_path):
    def change(members):
        members["nat-AAA.html"] = members["nat-AAA.html"].replace(b"Fixture", b"Fixturf", 1)
    code, _, stderr = _verify(_tampered(pack, tmp_path, change), pack.project["data"])
    assert code == cli.EXIT_INVALID_DATA
    assert "nat-AAA.html: sha256 differs from the manifest's" in stderr
    assert "overview.html" not in stderr


def test_a_missing_an_extra_and_a_resized_file_are_each_named(pack, tmp_path):
    def change(members):
        del members["glossary.html"]
        members["extra.html"] = b"<p>not from the render</p>"
        members["overview.json"] += b" "
    problems = pack_problems(_tampered(pack, tmp_path, change))
    assert problems == ["extra.html: in the pack but not in MANIFEST.json",
                        "glossary.html: listed in MANIFEST.json but missing from the pack",
                        f"overview.json: size {len(_members(pack.zip_path)['overview.json']) + 1}, "
                        f"the manifest says {len(_members(pack.zip_path)['overview.json'])}"]


def test_a_pack_without_manifest_or_not_a_zip_does_not_verify(pack, tmp_path):
    def drop(members):
        del members[MANIFEST]
    assert pack_problems(_tampered(pack, tmp_path, drop)) == ["MANIFEST.json: missing from the pack"]
    garbage = tmp_path / "garbage.zip"
    garbage.write_bytes(b"not a zip")
    assert pack_problems(garbage)[0].startswith("garbage.zip: not a readable review pack")
    assert _verify(garbage, pack.project["data"])[0] == cli.EXIT_INVALID_DATA


def test_data_changed_since_the_pack_is_named(pack, tmp_path):
    data = Path(shutil.copytree(pack.project["data"], tmp_path / "data"))
    (data / "raw" / "tool1" / "B.xlsx").write_bytes(b"workbook B, edited")
    (data / "raw" / "tool1" / "C.xlsx").write_bytes(b"workbook C")
    (data / "raw" / "tool1" / "A.xlsx").unlink()
    assert data_problems(pack.zip_path, data) == [
        "data raw/tool1/B.xlsx: changed since the pack was made",
        f"data raw/tool1/A.xlsx: in the pack's checksums but not in {data}",
        f"data raw/tool1/C.xlsx: in {data} but not in the pack's checksums"]
    code, _, stderr = _verify(pack.zip_path, data)
    assert code == cli.EXIT_INVALID_DATA and "raw/tool1/B.xlsx" in stderr


def test_a_manifest_edited_to_match_a_tampered_file_still_fails_on_nothing_else(pack, tmp_path):
    """The manifest is the reference: a consistent edit of file and manifest passes the pack check (it is not a
    signature), and only the data check can then tell."""
    def change(members):
        members["nat-AAA.json"] = b"{}"
        manifest = json.loads(members[MANIFEST])
        import hashlib

        manifest["files"]["nat-AAA.json"] = {"sha256": hashlib.sha256(b"{}").hexdigest(), "size": 2}
        members[MANIFEST] = json.dumps(manifest).encode()
    assert verify_pack(_tampered(pack, tmp_path, change), pack.project["data"]) == []


def test_verify_pack_of_a_missing_file_is_a_usage_error(pack, tmp_path):
    code, _, stderr = _verify(tmp_path / "nowhere.zip", pack.project["data"])
    assert code == cli.EXIT_USAGE and "does not exist" in stderr
