"""Just enough of a PDF reader for the tests: page count and the text of a page, as chromium (Skia) writes them.

Handles what Skia writes: uncompressed object syntax, ``/FlateDecode`` streams, Type0 fonts
with ``/Identity-H`` encoding and a ``/ToUnicode`` CMap, text shown with ``Tj`` and ``TJ``.
Not a general PDF parser (no object streams, no cross-reference streams).
"""

from __future__ import annotations

import re
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_REF = rb"(\d+) 0 R"


def _objects(pdf: bytes) -> dict[int, bytes]:
    return {int(number): body for number, body in _OBJECT.findall(pdf)}


def _stream(body: bytes) -> bytes:
    match = _STREAM.search(body)
    if match is None:
        return b""
    data = match.group(1)
    return zlib.decompress(data) if b"/FlateDecode" in body.split(b"stream", 1)[0] else data


def _pages(objects: dict[int, bytes]) -> list[int]:
    """Page object numbers in document order (the page tree from its root)."""
    roots = [n for n, body in objects.items() if re.search(rb"/Type\s*/Pages\b", body) and b"/Parent" not in body]
    order: list[int] = []

    def walk(number: int) -> None:
        body = objects[number]
        if re.search(rb"/Type\s*/Pages\b", body):
            kids = re.search(rb"/Kids\s*\[(.*?)\]", body, re.S).group(1)
            for kid in re.findall(_REF, kids):
                walk(int(kid))
        else:
            order.append(number)
    for root in roots:
        walk(root)
    return order


def page_count(pdf: bytes) -> int:
    """The number of pages."""
    return len(_pages(_objects(pdf)))


def _cmap(data: bytes) -> dict[int, str]:
    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for source, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(source, 16)] = bytes.fromhex(target.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int(target, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


def page_text(pdf: bytes, index: int = 0) -> str:
    """The text shown on page ``index`` (0-based), its strings joined without spaces between them."""
    objects = _objects(pdf)
    page = objects[_pages(objects)[index]]
    fonts = {}
    font_block = re.search(rb"/Font\s*<<(.*?)>>", page, re.S)
    for name, number in re.findall(rb"/(\w+)\s+" + _REF, font_block.group(1) if font_block else b""):
        unicode_ref = re.search(rb"/ToUnicode\s+" + _REF, objects[int(number)])
        fonts[name] = _cmap(_stream(objects[int(unicode_ref.group(1))])) if unicode_ref else {}
    contents = re.search(rb"/Contents\s*(\[.*?\]|" + _REF + rb")", page, re.S).group(1)
    text, font = [], {}
    for number in re.findall(_REF, contents):
        content = _stream(objects[int(number)])
        for match in re.finditer(rb"/(\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>|(T[jJ])", content):
            if match.group(1):
                font = fonts.get(match.group(1), {})
            elif match.group(2) is not None:
                codes = match.group(2).decode()
                text.append("".join(font.get(int(codes[i:i + 4], 16), "") for i in range(0, len(codes), 4)))
    return "".join(text)
