"""The faults of English and of number formats that no generated sentence of a report may show."""

from __future__ import annotations

import re

FAULTS = {
    "a count of one with a plural verb": re.compile(r"(?<![A-Za-z] )\b1 (lack|show|have|are|were)\b"),
    "a doubled label": re.compile(r"\b([\w ]{2,40}:) \1"),
    "of 1 ... are": re.compile(r"\bof 1 \w+ are\b"),
    "a doubled word": re.compile(r"\b([A-Za-z]{3,}) \1\b", re.IGNORECASE),
    "a missing value written out": re.compile(r"(?<=[a-z,(:] )None\b|^None$|\bnan\b|\bNaN\b"),
    "a raw code": re.compile(r"(?<![\w/.:@=-])(?<!column )(?:[a-z][a-z0-9]*|[A-E])(?:_[a-z0-9]+)+(?![\w/.@=-])"),
    "a country name without its article": re.compile(r"(?<!the )(?<!The )\bPhilippines (?:has|is|was|ranks)\b"
                                                      r"|Philippines's"),
    "a whole number written with decimals": re.compile(r"(?<![\d.,])\d+\.00 \(\d{4}\)"),
    "a change without its sign": re.compile(r"\bchange \d"),
    "a count of one before a superlative": re.compile(r"\b[Tt]he 1 (?:lowest|highest|largest|smallest|first|last)\b"),
}
"""Fault -> the pattern that finds it. A count of one after a capitalised word is a name ("Tool 1 are the
nearest count"); a code after "column " names the column of a copy read; official upper-case codes (SDG series
such as ``SI_COV_BENFTS``) are not the project's codes."""

DOUBLED_ALLOWED = {"that"}
"""Words English may double ("that that")."""


def faults(text: str, references: frozenset[str] = frozenset()) -> list[str]:
    """The faults of one sentence, block or table cell: ``"<fault>: <the text around it>"`` each.

    ``references`` are codes a reader may meet as references (the MTR's figure ids, which its tables cite).
    """
    found = []
    for fault, pattern in FAULTS.items():
        for match in pattern.finditer(text):
            if fault == "a doubled word" and match.group(1).lower() in DOUBLED_ALLOWED:
                continue
            if fault == "a raw code" and match.group(0) in references:
                continue
            found.append(f"{fault}: …{text[max(0, match.start() - 60):match.end() + 40]}…")
    return found
