"""Blueprint references: a KRA or strategic-measure code for every Characteristic link of an activity."""

from __future__ import annotations

import random
from dataclasses import dataclass

from ascc_analysis.data.taxonomy import Taxonomy

from .design import Activity, largest_remainder
from .judgement import CHAR_AFFINITY, IMPLEMENTED, KRA_WEIGHTS

SM_SHARE = 0.8
"""Share of Characteristic A links that cite a strategic measure rather than a bare KRA."""

SECOND_LINK_SHARE = 0.12
"""Chance that a linked activity cites a second KRA of the same Characteristic."""


@dataclass(frozen=True)
class Codes:
    """Plain lookups of the Blueprint codes (pandas look-ups are too slow in loops)."""

    kra_of: dict[str, str]
    char_of: dict[str, str]
    kras_by_char: dict[str, list[str]]
    sms_by_kra: dict[str, list[str]]

    @classmethod
    def of(cls, tax: Taxonomy) -> Codes:
        """Build the lookups from the taxonomy's KRA and strategic-measure tables.

        Parameters
        ----------
        tax : Taxonomy
            KRA and strategic-measure tables.

        Returns
        -------
        Codes
            The lookups.
        """
        sms = tax.strategic_measures
        kra_of = {k: k for k in tax.kra_codes} | dict(zip(sms["sm_code"], sms["kra_code"]))
        char_of_kra = dict(zip(tax.kras["kra_code"], tax.kras["characteristic"]))
        char_of = {code: char_of_kra[kra] for code, kra in kra_of.items()}
        kras_by_char = {c: [k for k in tax.kra_codes if char_of[k] == c] for c in tax.characteristic_codes}
        sms_by_kra = {k: [sm for sm in tax.sm_codes if kra_of[sm] == k] for k in tax.kra_codes}
        return cls(kra_of, char_of, kras_by_char, sms_by_kra)


def _kra_weights(body: str, char: str, lookup: Codes) -> dict[str, float]:
    listed = dict(item.split(":") for item in KRA_WEIGHTS[body].split())
    kras = lookup.kras_by_char[char]
    if not any(k in listed for k in kras):
        return dict.fromkeys(kras, 1.0)
    return {k: float(listed.get(k, 0.2)) for k in kras}


def _code_weights(body: str, char: str, lookup: Codes) -> dict[str, float]:
    """Weights of the codes a link to ``char`` may cite: KRAs, and strategic measures."""
    weights: dict[str, float] = {}
    for kra, w in _kra_weights(body, char, lookup).items():
        sms = lookup.sms_by_kra[kra]
        weights[kra] = w * (1 - SM_SHARE) if sms else w
        weights.update({sm: w * SM_SHARE / len(sms) for sm in sms})
    return weights


def assign_references(rng: random.Random, acts: list[Activity], lookup: Codes, codes: list[str], d1: str) -> None:
    """Give every link a KRA or strategic-measure code, by exact per-body quotas.

    Parameters
    ----------
    rng : random.Random
        The seeded generator.
    acts : list of Activity
        Activities with their Characteristic memberships.
    lookup : Codes
        KRA and strategic-measure codes.
    codes : list of str
        Characteristic letters in bit order.
    d1 : str
        The KRA whose contributors are published; never added as a second link.
    """
    primary: list[dict[str, str]] = [{} for _ in acts]
    for body in dict.fromkeys(a.body for a in acts):
        for k, char in enumerate(codes):
            members = [i for i, a in enumerate(acts) if a.body == body and a.chars >> k & 1]
            weights = _code_weights(body, char, lookup)
            quota = largest_remainder(len(members), weights)
            pool = [code for code in weights for _ in range(quota[code])]
            rng.shuffle(pool)
            for i, code in zip(members, pool):
                primary[i][char] = code
    for act, links in zip(acts, primary):
        first = rng.choices(list(links), [CHAR_AFFINITY[act.body][c] for c in links])[0]
        act.refs = []
        for char in [first] + [c for c in links if c != first]:
            act.refs.append(links[char])
            if rng.random() < SECOND_LINK_SHARE:
                act.refs += _second_link(rng, act, char, lookup, d1)


def _second_link(rng: random.Random, act: Activity, char: str, lookup: Codes, d1: str) -> list[str]:
    kra_of = lookup.kra_of
    weights = {c: w for c, w in _code_weights(act.body, char, lookup).items()
               if c not in act.refs and kra_of[c] != kra_of[act.refs[-1]] and kra_of[c] != d1}
    return rng.choices(list(weights), list(weights.values())) if weights else []


def repair_measures(rng: random.Random, acts: list[Activity], lookup: Codes) -> int:
    """Make every strategic measure cited by 2+ bodies and by an implemented activity.

    A missing citation replaces another code of the same KRA on an implemented activity,
    so no KRA or Characteristic count changes.

    Parameters
    ----------
    rng : random.Random
        The seeded generator.
    acts : list of Activity
        The assessed activities with their references.
    lookup : Codes
        Strategic-measure codes.

    Returns
    -------
    int
        Replacements made (0 when the quotas already satisfy both statements).
    """
    repairs = 0
    kra_of = lookup.kra_of
    for sm in [sm for sms in lookup.sms_by_kra.values() for sm in sms]:
        citing = [a for a in acts if sm in a.refs]
        bodies = list(dict.fromkeys(a.body for a in citing))
        if len(bodies) >= 2 and any(a.status in IMPLEMENTED for a in citing):
            continue
        kra = kra_of[sm]
        slots = [(a, i) for a in acts if a.status in IMPLEMENTED and sm not in a.refs
                 and (len(bodies) >= 2 or a.body not in bodies)
                 for i, c in enumerate(a.refs) if kra_of[c] == kra and _spare(c, a, acts, kra_of)]
        if not slots:
            raise RuntimeError(f"no activity can take over a citation of {sm}")
        donor, slot = rng.choice(slots)
        donor.refs[slot] = sm
        repairs += 1
    return repairs


def _spare(code: str, donor: Activity, acts: list[Activity], kra_of: dict[str, str]) -> bool:
    """True when ``donor`` can stop citing ``code`` without under-serving a strategic measure."""
    if kra_of[code] == code:
        return True
    rest = [a for a in acts if a is not donor and code in a.refs]
    return len({a.body for a in rest}) >= 2 and any(a.status in IMPLEMENTED for a in rest)
