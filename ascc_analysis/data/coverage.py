"""Coverage of a Tool 1 submission: the implementing Sectoral Bodies expected against those that sent a workbook."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ascc_analysis.data.taxonomy import Taxonomy


@dataclass(frozen=True)
class Coverage:
    """Which implementing Sectoral Bodies a register covers.

    Attributes
    ----------
    expected : tuple of str
        Acronyms of the implementing bodies of the taxonomy, in its order.
    present : tuple of str
        The expected bodies found, in the same order.
    missing : tuple of str
        The expected bodies not found, in the same order.
    names : dict
        Acronym -> full name of every expected body.
    """

    expected: tuple[str, ...]
    present: tuple[str, ...]
    missing: tuple[str, ...]
    names: dict[str, str] = field(repr=False)

    @property
    def complete(self) -> bool:
        """True when every expected body is present."""
        return not self.missing

    @property
    def missing_named(self) -> tuple[str, ...]:
        """The missing bodies as ``"ACW (ASEAN Committee on Women)"``."""
        return tuple(f"{acronym} ({self.names[acronym]})" for acronym in self.missing)

    @property
    def count_text(self) -> str:
        """``"<present> of the <expected> implementing Sectoral Bodies"``, the counts in figures."""
        return f"{len(self.present)} of the {len(self.expected)} implementing Sectoral Bodies"

    def summary(self) -> str:
        """One sentence: all bodies covered, or which sent no workbook and what the figures cover."""
        total = len(self.expected)
        if self.complete:
            return f"All {total} implementing Sectoral Bodies sent a workbook."
        if not self.present:
            return f"None of the {total} implementing Sectoral Bodies sent a workbook."
        return (f"{len(self.missing)} of the {total} implementing Sectoral Bodies sent no workbook: "
                f"{', '.join(self.missing_named)}; figures from the register cover the {len(self.present)} that did.")


def submission_coverage(present: Iterable[str], taxonomy: Taxonomy) -> Coverage:
    """Set the implementing Sectoral Bodies of the taxonomy against the bodies present.

    Parameters
    ----------
    present : iterable of str
        Acronyms of the bodies found (e.g. the ``sectoral_body`` column of the activity
        table, repeats allowed); acronyms the taxonomy does not list as implementing are ignored.
    taxonomy : Taxonomy
        Supplies the implementing bodies and their full names.

    Returns
    -------
    Coverage
        Expected, present and missing acronyms with their names.
    """
    expected = tuple(taxonomy.implementing_bodies)
    found = set(present)
    bodies = taxonomy.sectoral_bodies.set_index("acronym")["full_name"]
    return Coverage(expected=expected, present=tuple(b for b in expected if b in found),
                    missing=tuple(b for b in expected if b not in found),
                    names={acronym: str(bodies[acronym]) for acronym in expected})
