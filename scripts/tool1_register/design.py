"""Body x Characteristic design: the count matrix, body sizes and activities with matching memberships."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from fractions import Fraction

from .judgement import CHAR_AFFINITY, MIN_BODY_ACTIVITIES
from .targets import Targets


def largest_remainder(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split ``total`` in proportion to ``weights`` (largest-remainder rounding, stable ties).

    Parameters
    ----------
    total : int
        Amount to split.
    weights : dict
        Non-negative weights per key; ties in the remainders go to the earlier key.

    Returns
    -------
    dict
        Whole shares per key, summing to ``total`` (all 0 when ``total`` or the weights are 0).
    """
    mass = sum(weights.values())
    if total == 0 or mass == 0:
        return dict.fromkeys(weights, 0)
    exact = {key: Fraction(total) * Fraction(w).limit_denominator(10 ** 6) / Fraction(mass).limit_denominator(10 ** 6)
             for key, w in weights.items()}
    counts = {key: math.floor(value) for key, value in exact.items()}
    order = sorted(weights, key=lambda key: (-(exact[key] - counts[key]), list(weights).index(key)))
    for key in order[: total - sum(counts.values())]:
        counts[key] += 1
    return counts


def apportion(total: int, weights: dict[str, float], cap: int, floor: int = 1) -> dict[str, int]:
    """Split ``total`` by weight with every share in ``[floor, cap]``.

    Parameters
    ----------
    total : int
        Amount to split.
    weights : dict
        Positive weights per key.
    cap, floor : int
        Bounds of every share.

    Returns
    -------
    dict
        Shares per key, summing to ``total``.
    """
    fixed: dict[str, int] = {}
    while True:
        free = {key: w for key, w in weights.items() if key not in fixed}
        remaining = total - sum(fixed.values())
        if not free and remaining:
            raise ValueError(f"cannot split {total} within [{floor}, {cap}]")
        shares = largest_remainder(remaining, free)
        clamped = {key: min(max(n, floor), cap) for key, n in shares.items() if not floor <= n <= cap}
        if not clamped:
            result = {**fixed, **shares}
            return {key: result[key] for key in weights}
        fixed.update(clamped)


def design_matrix(targets: Targets, bodies: list[str]) -> dict[str, dict[str, int]]:
    """Assessed activities per (body, Characteristic), meeting the published shares.

    Parameters
    ----------
    targets : Targets
        The published targets.
    bodies : list of str
        The implementing Sectoral Bodies.

    Returns
    -------
    dict
        ``matrix[body][char]``: exact for the named bodies, zero where the body has no
        affinity, otherwise apportioned by affinity below the named bodies' counts.
    """
    matrix = {body: {} for body in bodies}
    for code, target in targets.chars.items():
        allowed = [b for b in bodies if CHAR_AFFINITY[b][code] > 0]
        if target.n_bodies is not None and len(allowed) != target.n_bodies:
            raise ValueError(f"{code}: {len(allowed)} bodies have affinity, {target.n_bodies} are printed")
        fixed = {target.largest_body: target.largest_count}
        if target.second_count is not None:
            fixed[target.second_body] = target.second_count
        cap = min(fixed.values()) - 1
        rest = {b: CHAR_AFFINITY[b][code] for b in allowed if b not in fixed}
        cells = {**fixed, **apportion(target.activities - sum(fixed.values()), rest, cap)}
        if target.second_body and target.second_count is None:
            others = [n for b, n in cells.items() if b not in (target.largest_body, target.second_body)]
            if not max(others) < cells[target.second_body] < target.largest_count:
                raise ValueError(f"{code}: {target.second_body} is not the clear second body")
        for body in bodies:
            matrix[body][code] = cells.get(body, 0)
    return matrix


def body_sizes(matrix: dict[str, dict[str, int]], assessed: int) -> dict[str, int]:
    """Assessed activities per body: at least its largest cell, at most its row sum.

    Parameters
    ----------
    matrix : dict
        ``matrix[body][char]`` from :func:`design_matrix`.
    assessed : int
        Published number of assessed activities.

    Returns
    -------
    dict
        Activities per body, summing to ``assessed``.

    Raises
    ------
    ValueError
        When a body falls below ``MIN_BODY_ACTIVITIES`` or the matrix cannot hold ``assessed``.
    """
    lower = {b: max(row.values()) for b, row in matrix.items()}
    slack = {b: sum(row.values()) - lower[b] for b, row in matrix.items()}
    extra = largest_remainder(assessed - sum(lower.values()), slack)
    sizes = {b: lower[b] + extra[b] for b in matrix}
    if any(n < MIN_BODY_ACTIVITIES for n in sizes.values()) or any(extra[b] > slack[b] for b in matrix):
        raise ValueError(f"implausible body sizes {sizes}")
    return sizes


@dataclass
class Activity:
    """One Tool 1 row before it is written."""

    body: str
    chars: int  # bit mask over the Characteristics, bit k = k-th Characteristic
    status: str = ""
    activity_type: str = ""
    refs: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0
    funding: str = ""
    title: str = ""
    notes: str = ""
    code: str = ""
    merged: bool = False


def _body_memberships(rng: random.Random, row: dict[str, int], size: int, codes: list[str]) -> list[int]:
    primary = apportion(size, {c: row[c] for c in codes if row[c]}, cap=size, floor=0)
    primary = {c: min(primary[c], row[c]) for c in primary}
    short = size - sum(primary.values())
    for c in sorted(primary, key=lambda c: -(row[c] - primary[c]))[:short]:
        primary[c] += 1
    masks = [1 << codes.index(c) for c in primary for _ in range(primary[c])]
    rng.shuffle(masks)
    for c in primary:
        bit = 1 << codes.index(c)
        eligible = [i for i, mask in enumerate(masks) if not mask & bit]
        for i in rng.sample(eligible, row[c] - primary[c]):
            masks[i] |= bit
    return masks


def make_activities(rng: random.Random, matrix: dict[str, dict[str, int]], sizes: dict[str, int],
                    codes: list[str]) -> list[Activity]:
    """Assessed activities with Characteristic memberships matching the design matrix.

    Parameters
    ----------
    rng : random.Random
        The seeded generator.
    matrix : dict
        ``matrix[body][char]`` from :func:`design_matrix`.
    sizes : dict
        Activities per body from :func:`body_sizes`.
    codes : list of str
        Characteristic letters in bit order.

    Returns
    -------
    list of Activity
        Per body ``sizes[body]`` activities; exactly ``matrix[body][char]`` of them link to ``char``.
    """
    activities = []
    for body in matrix:
        activities += [Activity(body, mask) for mask in _body_memberships(rng, matrix[body], sizes[body], codes)]
    return activities
