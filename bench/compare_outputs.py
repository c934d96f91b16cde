#!/usr/bin/env python
"""Compare two rendered output folders of ``run_all.py``: is what a reader sees unchanged?

Compares every ``<id>.html`` report, every ``<id>.json`` sidecar and ``index.html``. Report
ids are the stems of the ``*.html`` / ``*.json`` files at the top of either folder (a file
present on one side only is a difference). Only what differs between two renders of the same
code and data is ignored:

- HTML: the content of every element marked ``data-render-time`` (the footer's render time,
  the index's "Index written" time and per-report seconds); the marker itself is kept.
- JSON sidecars: ``parameters.output_dir``, and the output folder's path wherever a string
  starts with it (also applied to HTML text).
- Embedded images (``data:image/...;base64``) are compared decoded, by pixel content
  (Pillow, from the venv; raw decoded bytes without it), so PNG metadata is not compared;
  images whose pixels differ are listed.
- ``--ignore-git-commit`` (opt-in) also blanks the footer's git commit, for comparing
  renders made at two different commits.
- ``--ignore-data-checksums`` (opt-in) also empties the footer's list of data files and their
  SHA-256 checksums, for comparing renders made from data files that changed in form only
  (a column added that no report reads, a file declared as an input): what a report says is
  still compared in full.

Usage::

    python bench/compare_outputs.py BEFORE_DIR AFTER_DIR [--ignore-git-commit] [--ignore-data-checksums]
                                    [--max-lines 20]

Exit status: 0 all same, 1 any difference or missing file, 2 usage error.
Stdlib only (Pillow optional); it does not import ``ascc_analysis``.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import difflib
import hashlib
import io
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

INDEX_NAME = "index.html"
OUTPUT_DIR_PLACEHOLDER = "<OUTPUT_DIR>"
RENDER_TIME_PATTERN = re.compile(r"<(?P<tag>[a-z]+)\b(?P<attrs>[^>]*\bdata-render-time\b[^>]*)>.*?</(?P=tag)>",
                                 re.DOTALL)
"""An element marked ``data-render-time`` (same pattern as ``html_export.strip_render_time``)."""
GIT_COMMIT_PATTERN = re.compile(r'(<code class="git-commit">)[0-9a-f]{7,64}(</code>)')
DATA_CHECKSUMS_PATTERN = re.compile(r'(<details class="data-checksums">).*?(</details>)', re.DOTALL)
DATA_IMAGE_PATTERN = re.compile(r"data:(?P<mime>image/[a-z0-9.+-]+);base64,(?P<payload>[A-Za-z0-9+/=]+)")
LINE_WIDTH = 160
"""Diff lines longer than this are clipped around the first differing column."""


@dataclass
class Side:
    """One output folder and the paths that name it (normalised to a placeholder)."""

    root: Path
    dir_paths: list[str] = field(default_factory=list)


@dataclass
class Result:
    """Outcome of comparing one file: ``status`` is 'same', 'DIFFERENT' or 'MISSING'."""

    name: str
    status: str
    details: list[str] = field(default_factory=list)


def make_side(root: Path) -> Side:
    """Describe an output folder with every spelling of its path.

    Parameters
    ----------
    root : Path
        The output folder.

    Returns
    -------
    Side
        The folder and its paths: as given (absolute), resolved, and each sidecar's
        ``parameters.output_dir`` (the folder it was rendered into, if since copied), longest first.
    """
    paths = {os.path.abspath(root), os.path.realpath(root)}
    for sidecar in root.glob("*.json"):
        recorded = (load_json(sidecar) or {}).get("parameters", {})
        if isinstance(recorded, dict) and isinstance(recorded.get("output_dir"), str):
            paths.add(recorded["output_dir"])
    return Side(root, sorted((p.rstrip("/") for p in paths if p.strip("/")), key=len, reverse=True))


def load_json(path: Path) -> object | None:
    """Parse a JSON file, or None when it is not valid JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return None


def discover_names(before: Path, after: Path) -> list[str]:
    """List the file names to compare: each report's HTML and sidecar, then the index.

    Parameters
    ----------
    before, after : Path
        The two output folders.

    Returns
    -------
    list of str
        ``<id>.html`` and ``<id>.json`` for every report id found on either side (sorted), then
        ``index.html``.
    """
    ids = set()
    for folder in (before, after):
        for path in folder.iterdir():
            if path.is_file() and path.suffix in (".html", ".json") and not path.name.startswith("."):
                ids.add(path.stem)
    ids.discard(Path(INDEX_NAME).stem)
    return [f"{report_id}{suffix}" for report_id in sorted(ids) for suffix in (".html", ".json")] + [INDEX_NAME]


def replace_dir_paths(text: str, dir_paths: list[str]) -> str:
    """Replace the output folder's path (a whole path component, not a prefix of a longer name).

    Parameters
    ----------
    text : str
        Any text.
    dir_paths : list of str
        Spellings of the folder's path, longest first.

    Returns
    -------
    str
        ``text`` with each spelling replaced by ``<OUTPUT_DIR>``.
    """
    for path in dir_paths:
        text = re.sub(re.escape(path) + r"(?![\w.-])", OUTPUT_DIR_PLACEHOLDER, text)
    return text


def image_digest(mime: str, payload: str) -> str:
    """Summarise an embedded image by what is displayed: size and a hash of its pixels.

    Parameters
    ----------
    mime : str
        Media type, e.g. ``image/png``.
    payload : str
        Base64 data of the ``data:`` URL.

    Returns
    -------
    str
        ``"WxH MODE pixels:<sha256[:16]>"`` when Pillow decodes it, else ``"bytes:<sha256[:16]>"``
        of the decoded file (or of the payload when it is not valid base64).
    """
    try:
        raw = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        return f"{mime} undecodable payload:{hashlib.sha256(payload.encode()).hexdigest()[:16]}"
    try:
        from PIL import Image  # optional: in the venv as a matplotlib dependency
        with Image.open(io.BytesIO(raw)) as image:
            image.load()
            pixels = image.convert("RGBA")
            digest = hashlib.sha256(pixels.tobytes()).hexdigest()[:16]
            return f"{mime} {image.width}x{image.height} pixels:{digest}"
    except Exception:
        return f"{mime} bytes:{hashlib.sha256(raw).hexdigest()[:16]}"


def extract_images(html: str) -> tuple[str, list[str]]:
    """Replace each embedded ``data:image`` URL by a numbered placeholder holding its digest.

    Parameters
    ----------
    html : str
        Page text.

    Returns
    -------
    tuple of (str, list of str)
        The text with ``data:image/...;base64,[image #k <digest>]`` in place of each payload, and
        the digests in page order.
    """
    digests: list[str] = []

    def placeholder(match: re.Match[str]) -> str:
        digests.append(image_digest(match["mime"], match["payload"]))
        return f"data:{match['mime']};base64,[image #{len(digests)} {digests[-1]}]"

    return DATA_IMAGE_PATTERN.sub(placeholder, html), digests


def normalise_html(html: str, side: Side, ignore_git_commit: bool = False,
                   ignore_data_checksums: bool = False) -> tuple[str, list[str]]:
    """Normalise a page for comparison.

    Parameters
    ----------
    html : str
        Page text.
    side : Side
        The folder it comes from (its path is replaced by a placeholder).
    ignore_git_commit : bool
        Also blank the footer's ``<code class="git-commit">``.
    ignore_data_checksums : bool
        Also empty the footer's ``<details class="data-checksums">`` (data files and checksums).

    Returns
    -------
    tuple of (str, list of str)
        The normalised text (render-time elements emptied, images as digests) and the image digests.
    """
    html = RENDER_TIME_PATTERN.sub(lambda m: f"<{m['tag']} data-render-time></{m['tag']}>", html)
    if ignore_git_commit:
        html = GIT_COMMIT_PATTERN.sub(r"\1<GIT_COMMIT>\2", html)
    if ignore_data_checksums:
        html = DATA_CHECKSUMS_PATTERN.sub(r"\1<DATA_CHECKSUMS>\2", html)
    html, digests = extract_images(html)
    return replace_dir_paths(html, side.dir_paths), digests


def normalise_json_value(value: object, side: Side) -> object:
    """Replace the output folder's path in every string of a parsed JSON value (recursively)."""
    if isinstance(value, dict):
        return {key: normalise_json_value(item, side) for key, item in value.items()}
    if isinstance(value, list):
        return [normalise_json_value(item, side) for item in value]
    if isinstance(value, str):
        return replace_dir_paths(value, side.dir_paths)
    return value


def normalise_json(text: str, side: Side) -> str:
    """Normalise a sidecar for comparison.

    Parameters
    ----------
    text : str
        Sidecar text.
    side : Side
        The folder it comes from.

    Returns
    -------
    str
        Canonical JSON (sorted keys, indented) with ``parameters.output_dir`` and the folder's path
        replaced by ``<OUTPUT_DIR>``; the text itself (paths replaced) when it is not valid JSON.
    """
    try:
        data = json.loads(text)
    except ValueError:
        return replace_dir_paths(text, side.dir_paths)
    if isinstance(data, dict) and isinstance(data.get("parameters"), dict) and "output_dir" in data["parameters"]:
        data["parameters"]["output_dir"] = OUTPUT_DIR_PLACEHOLDER
    return json.dumps(normalise_json_value(data, side), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def clip(line: str, focus: int, width: int = LINE_WIDTH) -> str:
    """Shorten a long diff line to ``width`` characters around column ``focus``."""
    if len(line) <= width:
        return line
    start = max(0, min(focus - width // 3, len(line) - width))
    return ("…" if start else "") + line[start:start + width] + ("…" if start + width < len(line) else "")


def first_difference(before: list[str], after: list[str]) -> tuple[int, int]:
    """Return the 1-based line and 0-based column of the first difference between two line lists."""
    for number, (old, new) in enumerate(zip(before, after), start=1):
        if old != new:
            return number, len(os.path.commonprefix([old, new]))
    return min(len(before), len(after)) + 1, 0


def diff_excerpt(before: str, after: str, name: str, max_lines: int) -> list[str]:
    """Unified diff of two normalised texts, at most ``max_lines`` lines, long lines clipped.

    Parameters
    ----------
    before, after : str
        Normalised texts.
    name : str
        File name, for the diff header.
    max_lines : int
        Most lines shown (the header included); a final line says how many were left out.

    Returns
    -------
    list of str
        The excerpt, starting with where the first difference is.
    """
    old, new = before.splitlines(), after.splitlines()
    line, column = first_difference(old, new)
    diff = list(difflib.unified_diff(old, new, f"before/{name}", f"after/{name}", n=2, lineterm=""))
    shown = [clip(text, column + 1) for text in diff[:max_lines]]
    if len(diff) > max_lines:
        shown.append(f"... {len(diff) - max_lines} more diff lines")
    return [f"first difference at line {line}, column {column + 1}"] + shown


def image_differences(before: list[str], after: list[str]) -> list[str]:
    """Name the embedded images whose displayed content differs.

    Parameters
    ----------
    before, after : list of str
        Image digests in page order (from :func:`extract_images`).

    Returns
    -------
    list of str
        One line per differing image (numbered from 1 in page order), and one if the counts differ.
    """
    lines = [f"image #{k}: {old} -> {new}" for k, (old, new) in enumerate(zip(before, after), start=1)
             if old != new]
    if len(before) != len(after):
        lines.append(f"image count differs: {len(before)} -> {len(after)}")
    return lines


def compare_file(name: str, before: Side, after: Side, ignore_git_commit: bool, max_lines: int,
                 ignore_data_checksums: bool = False) -> Result:
    """Compare one file of the two folders after normalisation.

    Parameters
    ----------
    name : str
        File name inside both folders.
    before, after : Side
        The folders.
    ignore_git_commit : bool
        Blank the footer's git commit in HTML.
    max_lines : int
        Most diff lines shown.
    ignore_data_checksums : bool
        Empty the footer's list of data files and checksums in HTML.

    Returns
    -------
    Result
        'MISSING' (with the side lacking it), 'same', or 'DIFFERENT' with image lines and a diff excerpt.
    """
    missing = [label for label, side in (("before", before), ("after", after)) if not (side.root / name).is_file()]
    if missing:
        return Result(name, "MISSING", [f"not in {' and '.join(missing)}"])
    texts = [(side.root / name).read_text(encoding="utf-8", errors="replace") for side in (before, after)]
    if name.endswith(".json"):
        old, new = normalise_json(texts[0], before), normalise_json(texts[1], after)
        images: list[str] = []
    else:
        (old, old_images), (new, new_images) = (
            normalise_html(texts[0], before, ignore_git_commit, ignore_data_checksums),
            normalise_html(texts[1], after, ignore_git_commit, ignore_data_checksums))
        images = image_differences(old_images, new_images)
    if old == new:
        return Result(name, "same")
    return Result(name, "DIFFERENT", images + diff_excerpt(old, new, name, max_lines))


def compare_folders(before: Path, after: Path, ignore_git_commit: bool = False, max_lines: int = 20,
                    ignore_data_checksums: bool = False) -> list[Result]:
    """Compare every report HTML, sidecar and the index of two output folders.

    Parameters
    ----------
    before, after : Path
        Output folders of ``run_all.py``.
    ignore_git_commit : bool
        Blank the footer's git commit in HTML.
    max_lines : int
        Most diff lines shown per file.
    ignore_data_checksums : bool
        Empty the footer's list of data files and checksums in HTML.

    Returns
    -------
    list of Result
        One per file, in the order of :func:`discover_names`.
    """
    sides = make_side(before), make_side(after)
    return [compare_file(name, *sides, ignore_git_commit, max_lines, ignore_data_checksums)
            for name in discover_names(before, after)]


def summary_line(results: list[Result]) -> str:
    """Return ``N files compared: N same, N different, N missing``."""
    counts = {status: sum(r.status == status for r in results) for status in ("same", "DIFFERENT", "MISSING")}
    return (f"{len(results)} files compared: {counts['same']} same, {counts['DIFFERENT']} different, "
            f"{counts['MISSING']} missing")


def print_results(results: list[Result]) -> None:
    """Print one line per file (details indented under it), then the summary line."""
    width = max((len(r.name) for r in results), default=0)
    for result in results:
        print(f"{result.name:<{width}}  {result.status}")
        for detail in result.details:
            print(f"    {detail}")
    print(summary_line(results))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="output folder rendered before the change")
    parser.add_argument("after", type=Path, help="output folder rendered after the change")
    parser.add_argument("--ignore-git-commit", action="store_true",
                        help="also ignore the footer's git commit (renders made at different commits)")
    parser.add_argument("--ignore-data-checksums", action="store_true",
                        help="also ignore the footer's list of data files and checksums (data changed in form only)")
    parser.add_argument("--max-lines", type=int, default=20, help="most diff lines shown per file (default 20)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the comparison; return 0 when all files are the same, 1 otherwise, 2 on usage error."""
    args = parse_args(argv)
    absent = [str(folder) for folder in (args.before, args.after) if not folder.is_dir()]
    if absent:
        print(f"error: not a folder: {', '.join(absent)}", file=sys.stderr)
        return 2
    results = compare_folders(args.before, args.after, args.ignore_git_commit, args.max_lines,
                              args.ignore_data_checksums)
    if len(results) == 1 and results[0].status == "MISSING":
        print(f"error: no reports or {INDEX_NAME} in either folder: is this a run_all.py output folder?",
              file=sys.stderr)
        return 2
    print_results(results)
    return 0 if all(result.status == "same" for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
