"""The review pack's PDFs: each report printed by Debian's chromium (playwright), its metadata pinned.

Chromium prints with the page's print stylesheet (A4, backgrounds kept). It stamps each PDF
with the time of printing (``/CreationDate``, ``/ModDate``); ``pin_pdf`` rewrites these to a
fixed value of the same length, so that the cross-reference offsets stay valid and the same
page prints to the same bytes. Without chromium or playwright no PDF is printed and
``chromium_missing`` says why. ``$ASCC_CHROMIUM`` names another chromium binary; naming a
file that does not exist hides chromium (the tests use this).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_VARIABLE = "ASCC_CHROMIUM"
CHROMIUM_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync")
"""Root needs ``--no-sandbox``; the rest keep chromium from reaching the network on its own."""
PINNED_DATE = b"D:20000101000000"
"""The fixed prefix written over a PDF date; the rest of the date (its time zone) is kept as printed."""
_DATE = re.compile(rb"(/(?:CreationDate|ModDate)\s*\()D:\d{14}")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")


def chromium_executable() -> str | None:
    """Debian's chromium (``/usr/bin/chromium``, else ``chromium`` on PATH); ``$ASCC_CHROMIUM`` overrides."""
    if os.environ.get(CHROMIUM_VARIABLE):
        override = Path(os.environ[CHROMIUM_VARIABLE])
        return str(override) if override.is_file() else None
    return str(CHROMIUM) if CHROMIUM.is_file() else shutil.which("chromium")


def chromium_missing() -> str | None:
    """Why no PDF can be printed here (no chromium, or no playwright), or None when printing is possible."""
    if chromium_executable() is None:
        where = os.environ.get(CHROMIUM_VARIABLE) or CHROMIUM
        return f"chromium not found ({where}; Debian: apt-get install chromium, or `make browser` as root)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright not installed (`make setup` installs it)"
    return None


def pin_pdf(pdf: bytes) -> bytes:
    """``pdf`` with its creation and modification dates, and its file ID when it has one, set to fixed values.

    Every replacement keeps the length of what it replaces, so the byte offsets of the
    cross-reference table stay right. The ID becomes a digest of the rest of the file.
    """
    import hashlib

    pinned = _DATE.sub(lambda match: match.group(1) + PINNED_DATE, pdf)
    if _ID.search(pinned) is None:
        return pinned
    blank = _ID.sub(lambda m: b"/ID [<" + b"0" * len(m.group(1)) + b"> <" + b"0" * len(m.group(2)) + b">]", pinned)
    seed = hashlib.sha256(blank).hexdigest().upper().encode() * 4

    def fixed(match):
        first, second = len(match.group(1)), len(match.group(2))
        return b"/ID [<" + seed[:first] + b"> <" + seed[:second] + b">]"
    return _ID.sub(fixed, blank)


def print_pdfs(pages: list[tuple[Path, Path]], profile_dir: Path) -> None:
    """Print each ``(html, pdf)`` pair: open the HTML page offline in headless chromium, write its pinned PDF.

    Parameters
    ----------
    pages : list of (Path, Path)
        The HTML file to print and where its PDF goes.
    profile_dir : Path
        A fresh, empty folder for chromium's profile.

    Raises
    ------
    RuntimeError
        When chromium or playwright is missing (check ``chromium_missing`` first).
    """
    missing = chromium_missing()
    if missing:
        raise RuntimeError(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile_dir), executable_path=chromium_executable(), headless=True, args=list(CHROMIUM_ARGS),
            offline=True, env={**os.environ, "TZ": "UTC"})
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
                      else route.abort())
        try:
            for html, pdf in pages:
                page = context.new_page()
                try:
                    page.goto(Path(html).resolve().as_uri(), wait_until="load")
                    page.emulate_media(media="print")
                    data = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
                finally:
                    page.close()
                Path(pdf).parent.mkdir(parents=True, exist_ok=True)
                Path(pdf).write_bytes(pin_pdf(data))
        finally:
            context.close()
