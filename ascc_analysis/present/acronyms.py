"""Acronyms spelled out where a report's prose first uses them, from the glossary's data.

The acronyms are those of ``glossary.html``: the Sectoral Bodies (``reference/sectoral_bodies.csv``, through the
taxonomy) and the review's terms written in capitals (``reference/glossary_terms.csv``: AMS, KPI, KRA ...). In
each report the first use in running text (a paragraph, a list item, a summary line) becomes
``<abbr title="Key Performance Indicator">KPI</abbr> <span class="acronym-expansion">(Key Performance
Indicator)</span>``; tables, headings, quotations,
the banner and the footer are left as they are (tables quote the MTR verbatim), and the page header links the
glossary for every later use.
"""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

from ascc_analysis.config import REFERENCE_SUBDIR, DataPaths
from ascc_analysis.data.taxonomy import Taxonomy, load_taxonomy

TERMS_FILE = REFERENCE_SUBDIR / "glossary_terms.csv"
"""The review's terms and their meanings (the glossary page lists the same file)."""
PROSE_TAGS = ("p", "li", "summary")
"""Elements whose text is running text: an acronym's first use there is spelled out."""
KEPT_AS_IS = ("h1", "h2", "h3", "h4", "h5", "h6", "table", "nav", "footer", "header", "code", "pre", "abbr", "a",
              "blockquote", "script", "style")
"""Elements whose text is never changed (headings, verbatim tables and quotations, links, the page's frame)."""
KEPT_CLASSES = ("basis-mark", "report-banner", "data-checksums")
"""Classes of elements whose text is never changed."""
EXPANSION_CLASS = "acronym-expansion"
"""The class of the bracketed words an acronym stands for (an acronym inside them is not a use: it is spelled out
where the running text first uses it)."""


def expansion(meaning: str) -> str:
    """The words an acronym stands for, from its glossary meaning: the text before any ``:`` or `` (``."""
    return str(meaning).split(": ")[0].split(" (")[0].strip()


def plural(words: str) -> str:
    """``Key Performance Indicators``, ``Sectoral Bodies``: the plural of an expansion (its last word)."""
    if words.endswith("y") and not words.endswith(("ay", "ey", "oy", "uy")):
        return words[:-1] + "ies"
    return words if words.endswith("s") else words + "s"


def glossary(data_dir: Path | None = None, taxonomy: Taxonomy | None = None) -> dict[str, str]:
    """Acronym -> what it stands for: the review's terms written in capitals, then the Sectoral Bodies.

    Parameters
    ----------
    data_dir : Path, optional
        The data folder (default: the shipped ``data/``).
    taxonomy : Taxonomy, optional
        Where the Sectoral Bodies are read from (default: the data folder's taxonomy).
    """
    path = DataPaths.of(data_dir).resolve(TERMS_FILE)
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [(row["term"].strip(), row["meaning"]) for row in csv.DictReader(handle)]
    terms = {term: expansion(meaning) for term, meaning in rows if len(term) > 1 and term == term.upper()}
    bodies = (taxonomy if taxonomy is not None else load_taxonomy(data_dir)).sectoral_bodies
    terms.update((str(a), str(f)) for a, f in zip(bodies["acronym"], bodies["full_name"]) if str(a) not in terms)
    return terms


def _pattern(terms) -> re.Pattern:
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![\w&-])({alternatives})(s?)(?![\w&-])")


def _kept(node) -> bool:
    return (node.find_parent(KEPT_AS_IS) is not None
            or any(node.find_parent(class_=css) is not None for css in KEPT_CLASSES))


def expand_first_use(main, terms: dict[str, str]) -> list[str]:
    """Spell out each acronym where the page's running text first uses it (in place).

    Parameters
    ----------
    main : bs4.Tag or None
        The report's ``main`` element.
    terms : dict
        Acronym -> what it stands for (:func:`glossary`).

    Returns
    -------
    list of str
        The acronyms spelled out, in the order of their first use.
    """
    if main is None or not terms:
        return []
    from bs4 import BeautifulSoup

    pattern, seen = _pattern(terms), []
    for node in list(main.find_all(string=True)):
        # The regex is cheap and most text holds no acronym: test it before walking up the node's parents.
        if len(seen) == len(terms):
            break
        if not any(match.group(1) not in seen for match in pattern.finditer(node)):
            continue
        if node.find_parent(PROSE_TAGS) is None or _kept(node) or type(node).__name__ != "NavigableString":
            continue
        text, pieces, last = str(node), [], 0
        for match in pattern.finditer(text):
            term, plural_s = match.group(1), match.group(2)
            if term in seen:
                continue
            seen.append(term)
            words = plural(terms[term]) if plural_s else terms[term]
            pieces += [html.escape(text[last:match.start()], quote=False),
                       f'<abbr title="{html.escape(terms[term])}">{html.escape(term + plural_s)}</abbr> '
                       f'<span class="{EXPANSION_CLASS}">({html.escape(words, quote=False)})</span>']
            last = match.end()
        if pieces:
            pieces.append(html.escape(text[last:], quote=False))
            node.replace_with(*BeautifulSoup("".join(pieces), "html.parser").contents)
    return seen
