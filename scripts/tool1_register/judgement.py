"""Judgement tables of the reconstruction: relative weights and bounds, never a published number."""

SEED = 20200521
"""Seed of the one random generator the whole construction draws from."""

MIN_BODY_ACTIVITIES = 15
"""Fewest assessed activities a Sectoral Body may have (plausibility floor)."""

FIRST_YEAR, LAST_YEAR = 2016, 2025
"""First and last year an activity may start or end in (the Blueprint period)."""

IMPLEMENTED = ("completed", "ongoing")
"""Statuses that count as implemented."""

CHAR_AFFINITY = {
    # Relative weight of each Characteristic in a body's work plan; 0 = the body has no
    # activities linked to it (C: civil service, women, children's rights, social welfare
    # and sports; D: civil service, haze (its agreement sits under C), culture,
    # information and sports).
    "ACCSM": {"A": 20, "B": 5, "C": 0, "D": 0, "E": 13},
    "ACDM": {"A": 15, "B": 5, "C": 28, "D": 60, "E": 15},
    "ACW": {"A": 15, "B": 25, "C": 0, "D": 6, "E": 10},
    "ACWC": {"A": 15, "B": 30, "C": 0, "D": 7, "E": 5},
    "ASOEN": {"A": 22, "B": 8, "C": 90, "D": 150, "E": 250},
    "COP-AATHP": {"A": 12, "B": 2, "C": 78, "D": 0, "E": 15},
    "SOMHD": {"A": 90, "B": 100, "C": 40, "D": 35, "E": 80},
    "SLOM": {"A": 15, "B": 35, "C": 18, "D": 9, "E": 25},
    "SOM-ED": {"A": 30, "B": 35, "C": 26, "D": 5, "E": 35},
    "SOMSWD": {"A": 20, "B": 50, "C": 0, "D": 14, "E": 8},
    "SOMY": {"A": 35, "B": 25, "C": 24, "D": 20, "E": 30},
    "SOMCA": {"A": 35, "B": 8, "C": 16, "D": 0, "E": 25},
    "SOMRDPE": {"A": 15, "B": 40, "C": 28, "D": 20, "E": 10},
    "SOMS": {"A": 20, "B": 10, "C": 0, "D": 0, "E": 12},
    "SOMRI": {"A": 40, "B": 6, "C": 14, "D": 0, "E": 30},
}

TYPE_AFFINITY = {
    # capacity_building, research_publication, public_outreach, policy_formulation, groundwork
    "ACCSM": (4, 2, 1, 2, 1), "ACDM": (4, 2, 2, 2, 1), "ACW": (3, 2, 3, 2, 1),
    "ACWC": (2, 3, 2, 3, 1), "ASOEN": (3, 3, 2, 3, 1), "COP-AATHP": (3, 2, 2, 3, 1.5),
    "SOMHD": (4, 3, 2, 2, 1), "SLOM": (3, 3, 2, 2, 1), "SOM-ED": (3, 2, 2, 2, 1),
    "SOMSWD": (3, 2, 2, 3, 1), "SOMY": (3, 1, 4, 1, 1), "SOMCA": (2, 2, 4, 1, 1),
    "SOMRDPE": (3, 2, 2, 2, 1), "SOMS": (2, 1, 4, 1, 1), "SOMRI": (2, 1, 5, 1, 1),
}
TYPE_ORDER = ("capacity_building", "research_publication", "public_outreach",
              "policy_formulation", "groundwork")

FUNDING_AFFINITY = {
    # government_budget, asean_funds, external_partners, private_sector
    "ACCSM": (5, 3, 2, 0.15), "ACDM": (3, 3, 5, 0.25), "ACW": (3, 2, 5, 0.25),
    "ACWC": (3, 2, 5, 0.15), "ASOEN": (3, 3, 5, 0.5), "COP-AATHP": (4, 3, 3, 0.5),
    "SOMHD": (3, 2, 5, 0.5), "SLOM": (3, 2, 4, 0.5), "SOM-ED": (4, 3, 3, 0.5),
    "SOMSWD": (4, 2, 4, 0.25), "SOMY": (3, 3, 3, 0.75), "SOMCA": (4, 3, 2, 0.75),
    "SOMRDPE": (4, 2, 4, 0.25), "SOMS": (4, 2, 1, 1.25), "SOMRI": (4, 3, 2, 0.75),
}
FUNDING_ORDER = ("government_budget", "asean_funds", "external_partners", "private_sector")

KRA_WEIGHTS = {
    # Weight of each KRA within a Characteristic for a body; KRAs of a Characteristic the
    # body lists get 0.2 when unlisted, all KRAs get 1 when the body lists none of them.
    "ACCSM": "A.1:1 A.2:3 B.1:2 B.2:1 E.1:1 E.2:2",
    "ACDM": "A.1:2 A.2:1 B.2:1 C.2:1 C.3:3 C.1:1 D.1:9 D.3:1 D.5:0.5 E.1:1 E.2:2",
    "ACW": "A.1:1 A.2:2 B.1:2 B.3:3 D.4:2 D.1:1 E.3:3 E.2:1",
    "ACWC": "A.1:1 A.2:1 B.3:4 B.1:1 D.4:3 E.1:1",
    "ASOEN": "A.1:2 A.2:1 B.2:1 C.1:3 C.2:2 C.3:2 C.4:2 D.1:3 D.3:4 D.5:1 E.1:2 E.2:3 E.3:1",
    "COP-AATHP": "A.1:2 A.2:1 B.2:1 C.1:3 C.3:2 C.2:1 E.1:2 E.2:1",
    "SOMHD": "A.1:1 A.2:1 B.2:3 B.1:1 B.3:1 C.2:3 C.3:1 D.2:5 D.6:2 D.1:1 E.2:3 E.1:1",
    "SLOM": "A.2:2 A.1:1 B.1:2 B.3:2 B.2:1 C.4:2 C.3:1 D.4:3 D.5:1 E.3:2 E.2:1",
    "SOM-ED": "A.1:1 A.2:2 B.2:3 B.1:1 C.4:2 C.1:1 D.1:2 D.4:1 E.2:3 E.1:1",
    "SOMSWD": "A.1:1 A.2:1 B.1:2 B.2:2 B.3:1 D.4:4 D.1:1 E.2:1 E.3:1",
    "SOMY": "A.1:2 A.2:1 B.2:1 B.1:1 C.3:2 C.1:1 D.1:3 D.4:1 D.6:1 E.3:3 E.2:1",
    "SOMCA": "A.1:2 A.2:1 B.2:1 C.1:2 C.2:1 E.2:3 E.1:1",
    "SOMRDPE": "A.1:1 A.2:2 B.2:3 B.1:1 C.1:2 C.4:1 D.1:3 D.4:1 D.5:2 E.3:3",
    "SOMS": "A.1:2 A.2:1 B.2:1 B.1:1 E.1:1 E.2:1",
    "SOMRI": "A.1:4 A.2:1 B.2:1 C.4:1 C.3:1 E.1:4 E.2:1",
}
