"""The review pack's PDFs: chromium found or hidden, dates and ID pinned at the same length, a page printed."""

from __future__ import annotations

import pytest

from ascc_analysis.pipeline import pack_pdf
from tests.helpers.pdf_text import page_count, page_text

SKIA_TAIL = (b"1 0 obj\n<</Title (T)\n/Producer (Skia/PDF m156)\n/CreationDate (D:20261202140528+00'00')\n"
             b"/ModDate(D:20261202140529+00'00')>>\nendobj\nxref\n0 2\ntrailer\n<</Size 2\n/Root 2 0 R\n"
             b"/ID [<00AABBCCDDEEFF00112233445566778> <00AABBCCDDEEFF00112233445566778>]>>\n%%EOF")


def test_pinning_replaces_the_dates_and_keeps_the_length():
    pinned = pack_pdf.pin_pdf(SKIA_TAIL)
    assert len(pinned) == len(SKIA_TAIL)
    assert b"/CreationDate (D:20000101000000+00'00')" in pinned and b"/ModDate(D:20000101000000+00'00')" in pinned
    assert b"2026" not in pinned


def test_pinning_makes_the_id_a_digest_of_the_rest():
    pinned = pack_pdf.pin_pdf(SKIA_TAIL)
    assert b"00AABBCC" not in pinned
    other_time = SKIA_TAIL.replace(b"20261202140528", b"20251111111111")
    assert pack_pdf.pin_pdf(other_time) == pinned
    other_title = SKIA_TAIL.replace(b"(T)", b"(U)")
    assert pack_pdf.pin_pdf(other_title) != pinned.replace(b"(T)", b"(U)")


def test_a_pdf_without_dates_or_id_is_left_as_it_is():
    assert pack_pdf.pin_pdf(b"%PDF-1.4\n%%EOF") == b"%PDF-1.4\n%%EOF"


def test_naming_a_missing_chromium_hides_it(monkeypatch, tmp_path):
    monkeypatch.setenv(pack_pdf.CHROMIUM_VARIABLE, str(tmp_path / "none"))
    assert pack_pdf.chromium_executable() is None
    assert pack_pdf.chromium_missing().startswith("chromium not found")
    with pytest.raises(RuntimeError, match="chromium not found"):
        pack_pdf.print_pdfs([], tmp_path / "profile")


@pytest.mark.browser
def test_a_page_prints_to_the_same_pinned_pdf_twice(tmp_path):
    if pack_pdf.chromium_missing():
        pytest.skip(f"{pack_pdf.chromium_missing()}: run `make browser` (needs root)")
    page = tmp_path / "page.html"
    page.write_text("<!doctype html><title>Sample title</title><h1>A printed heading</h1>"
                    "<style>@media print { h1 { color: black } }</style>", encoding="utf-8")
    pack_pdf.print_pdfs([(page, tmp_path / "one.pdf")], tmp_path / "profile-1")
    pack_pdf.print_pdfs([(page, tmp_path / "two.pdf")], tmp_path / "profile-2")
    one = (tmp_path / "one.pdf").read_bytes()
    assert one == (tmp_path / "two.pdf").read_bytes()
    assert page_count(one) == 1 and "A printed heading" in page_text(one)
    assert b"D:20000101000000" in one
