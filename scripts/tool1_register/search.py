"""Seeded hill-climb over statuses, types and memberships until every count and ranking is met."""

from __future__ import annotations

import math
import random

from .design import Activity
from .judgement import TYPE_AFFINITY, TYPE_ORDER
from .targets import CharTarget, Targets

TYPE_MARGIN = 6
"""Margin the local search keeps between ranked activity types (the check needs only 1)."""


class Search:
    """Hill-climb on statuses, types and within-body memberships (exact count tables).

    Parameters
    ----------
    rng : random.Random
        The seeded generator.
    acts : list of Activity
        The assessed activities; their memberships may move within a body.
    targets : Targets
        Status counts and common activity types per Characteristic.
    codes : list of str
        Characteristic letters in bit order.
    """

    STATUSES = ("completed", "ongoing", "upcoming")

    def __init__(self, rng: random.Random, acts: list[Activity], targets: Targets, codes: list[str]):
        self.rng, self.acts, self.codes = rng, acts, codes
        self.bits = [[k for k in range(len(codes)) if mask >> k & 1] for mask in range(1 << len(codes))]
        self.status_target = [[self._status_target(targets.chars[c], s) for c in codes] for s in self.STATUSES]
        self.top = [(TYPE_ORDER.index(targets.chars[c].top_types[0]), TYPE_ORDER.index(targets.chars[c].top_types[1]))
                    for c in codes]
        self.cost = {b: [-math.log(w / sum(ws)) for w in ws] for b, ws in TYPE_AFFINITY.items()}
        self.status = self._initial_statuses(targets)
        self.type = self._initial_types(targets)
        self.by_body: dict[str, list[int]] = {}
        for i, act in enumerate(acts):
            self.by_body.setdefault(act.body, []).append(i)
        self._count()

    @staticmethod
    def _status_target(target: CharTarget, status: str) -> int:
        return {"completed": target.completed, "ongoing": target.implemented - target.completed,
                "upcoming": target.activities - target.implemented}[status]

    def _initial_statuses(self, targets: Targets) -> list[int]:
        counts = targets.status_counts
        pool = [k for k, s in enumerate(self.STATUSES) for _ in range(counts[s])]
        self.rng.shuffle(pool)
        return pool

    def _initial_types(self, targets: Targets) -> list[int]:
        left = [targets.type_counts[t] for t in TYPE_ORDER]
        types = [0] * len(self.acts)
        order = list(range(len(self.acts)))
        self.rng.shuffle(order)
        for i in order:
            weights = [w * n for w, n in zip(TYPE_AFFINITY[self.acts[i].body], left)]
            k = self.rng.choices(range(len(TYPE_ORDER)), weights)[0]
            types[i], left[k] = k, left[k] - 1
        return types

    def _count(self) -> None:
        n = len(self.codes)
        self.sc = [[0] * n for _ in self.STATUSES]
        self.tc = [[0] * n for _ in TYPE_ORDER]
        for i, act in enumerate(self.acts):
            for k in self.bits[act.chars]:
                self.sc[self.status[i]][k] += 1
                self.tc[self.type[i]][k] += 1

    def char_penalty(self, k: int) -> int:
        """Status-count misses plus type-ranking violations of the k-th Characteristic."""
        pen = sum(abs(self.sc[s][k] - self.status_target[s][k]) for s in range(len(self.STATUSES)))
        t1, t2 = self.top[k]
        pen += max(0, self.tc[t2][k] + TYPE_MARGIN - self.tc[t1][k])
        for t in range(len(TYPE_ORDER)):
            if t not in (t1, t2):
                pen += max(0, self.tc[t][k] + TYPE_MARGIN - self.tc[t2][k])
        return pen

    def penalty(self) -> int:
        """Total penalty (0 when every count and ranking is met)."""
        return sum(self.char_penalty(k) for k in range(len(self.codes)))

    def _move(self, i: int, mask: int, sign: int) -> None:
        for k in self.bits[mask]:
            self.sc[self.status[i]][k] += sign
            self.tc[self.type[i]][k] += sign

    def _try_swap(self, attr: str, i: int, j: int, soft: float = 0.0) -> int:
        affected = self.bits[self.acts[i].chars | self.acts[j].chars]
        before = sum(self.char_penalty(k) for k in affected)
        self._swap(attr, i, j)
        delta = sum(self.char_penalty(k) for k in affected) - before
        if delta * 1000 + soft > 0:
            self._swap(attr, i, j)
            return 0
        return delta

    def _swap(self, attr: str, i: int, j: int) -> None:
        values = getattr(self, attr)
        self._move(i, self.acts[i].chars, -1)
        self._move(j, self.acts[j].chars, -1)
        values[i], values[j] = values[j], values[i]
        self._move(i, self.acts[i].chars, 1)
        self._move(j, self.acts[j].chars, 1)

    def _shift(self, i: int, j: int, bit: int) -> None:
        self._move(i, self.acts[i].chars, -1)
        self._move(j, self.acts[j].chars, -1)
        self.acts[i].chars ^= bit
        self.acts[j].chars ^= bit
        self._move(i, self.acts[i].chars, 1)
        self._move(j, self.acts[j].chars, 1)

    def step(self) -> int:
        """One random move, kept unless it raises the penalty; returns the change."""
        rng, n = self.rng, len(self.acts)
        kind = rng.random()
        if kind < 0.4:
            i, j = rng.randrange(n), rng.randrange(n)
            if self.status[i] == self.status[j]:
                return 0
            return self._try_swap("status", i, j)
        if kind < 0.7:
            i, j = rng.randrange(n), rng.randrange(n)
            if self.type[i] == self.type[j]:
                return 0
            bi, bj = self.cost[self.acts[i].body], self.cost[self.acts[j].body]
            ti, tj = self.type[i], self.type[j]
            return self._try_swap("type", i, j, bi[tj] + bj[ti] - bi[ti] - bj[tj])
        i = rng.randrange(n)
        members = self.bits[self.acts[i].chars]
        if len(members) < 2:
            return 0
        bit = 1 << rng.choice(members)
        j = rng.choice(self.by_body[self.acts[i].body])
        if self.acts[j].chars & bit:
            return 0
        return self._shift_try(i, j, bit)

    def _shift_try(self, i: int, j: int, bit: int) -> int:
        k = bit.bit_length() - 1
        before = self.char_penalty(k)
        self._shift(i, j, bit)
        delta = self.char_penalty(k) - before
        if delta > 0:
            self._shift(j, i, bit)
            return 0
        return delta

    def run(self, max_steps: int = 400_000) -> int:
        """Climb until the penalty is zero; returns the number of steps taken."""
        pen = self.penalty()
        for step in range(max_steps):
            if pen == 0:
                return step
            pen += self.step()
        raise RuntimeError(f"local search stopped with penalty {self.penalty()}")

    def apply(self) -> None:
        """Write the found statuses and types onto the activities."""
        for i, act in enumerate(self.acts):
            act.status = self.STATUSES[self.status[i]]
            act.activity_type = TYPE_ORDER[self.type[i]]
