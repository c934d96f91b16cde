"""``run_all.py --verify-pack FILE``: a review pack checked against its manifest and against the current data.

A pack is intact when it holds exactly the files its ``MANIFEST.json`` lists, each with the
sha256 and size recorded there. It matches the data when the data folder's files (those the
validation gate reads) have the checksums the manifest recorded. Every difference is named.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

from ascc_analysis.pipeline.pack_manifest import MANIFEST, data_checksums


def pack_problems(path: Path) -> list[str]:
    """What differs between the pack ``path`` and its manifest, one line per file (empty when intact)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = [info.filename for info in archive.infolist() if not info.is_dir()]
            if MANIFEST not in names:
                return [f"{MANIFEST}: missing from the pack"]
            manifest = json.loads(archive.read(MANIFEST))
            listed = manifest.get("files") or {}
            extra, absent = set(names) - set(listed) - {MANIFEST}, set(listed) - set(names)
            problems = [f"{name}: in the pack but not in {MANIFEST}" for name in sorted(extra)]
            problems += [f"{name}: listed in {MANIFEST} but missing from the pack" for name in sorted(absent)]
            for name in sorted(set(listed) & set(names)):
                data = archive.read(name)
                expected = listed[name]
                if len(data) != expected.get("size"):
                    problems.append(f"{name}: size {len(data)}, the manifest says {expected.get('size')}")
                elif hashlib.sha256(data).hexdigest() != expected.get("sha256"):
                    problems.append(f"{name}: sha256 differs from the manifest's")
            return problems
    except (OSError, zipfile.BadZipFile, ValueError, KeyError, AttributeError) as error:
        return [f"{Path(path).name}: not a readable review pack ({error})"]


def data_problems(path: Path, data_dir: Path) -> list[str]:
    """What differs between the data checksums the pack recorded and the data folder's files, one line per file."""
    try:
        with zipfile.ZipFile(path) as archive:
            recorded = json.loads(archive.read(MANIFEST)).get("data") or {}
    except (OSError, zipfile.BadZipFile, ValueError, KeyError):
        return []  # pack_problems names an unreadable pack
    current = data_checksums(data_dir)
    problems = [f"data {name}: changed since the pack was made"
                for name in sorted(set(recorded) & set(current)) if recorded[name] != current[name]]
    gone, added = sorted(set(recorded) - set(current)), sorted(set(current) - set(recorded))
    problems += [f"data {name}: in the pack's checksums but not in {data_dir}" for name in gone]
    problems += [f"data {name}: in {data_dir} but not in the pack's checksums" for name in added]
    return problems


def verify_pack(path: Path, data_dir: Path) -> list[str]:
    """Every difference of the pack ``path`` with its manifest and with ``data_dir`` (empty when both match)."""
    return pack_problems(path) + data_problems(path, data_dir)
