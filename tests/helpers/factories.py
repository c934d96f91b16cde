"""Small hand-made registers for unit tests (not a test module)."""

from types import SimpleNamespace

import pandas as pd

from ascc_analysis.data.schema import ACTIVITY_DTYPES, LINK_DTYPES


def make_register(rows, reporting_date="2020-05-21"):
    """A register-like object from tuples (code, body, status, type, [references]).

    References are KRA codes ("A.1") or strategic-measure codes ("A.1.2").
    """
    activities, links = [], []
    for number, (code, body, status, kind, references) in enumerate(rows, start=7):
        activities.append({
            "activity_code": code, "sectoral_body": body, "title": f"Regional workshop {code}",
            "activity_type": kind, "status": status, "start_year": 2017, "end_year": 2019,
            "funding_source": "asean_funds", "notes": None, "blueprint_reference": "; ".join(references),
            "reporting_date": reporting_date, "provenance": "reconstructed",
            "source_file": f"{body}.xlsx", "source_sheet": "Tool1", "source_row": number,
        })
        for reference in references:
            kra = ".".join(reference.split(".")[:2])
            links.append({
                "activity_code": code, "reference": reference, "kra_code": kra,
                "sm_code": reference if reference.count(".") == 2 else None,
                "characteristic": reference[0], "provenance": "reconstructed",
                "source_file": f"{body}.xlsx", "source_sheet": "Tool1", "source_row": number,
            })
    return SimpleNamespace(
        activities=pd.DataFrame(activities, columns=list(ACTIVITY_DTYPES)).astype(ACTIVITY_DTYPES),
        links=pd.DataFrame(links, columns=list(LINK_DTYPES)).astype(LINK_DTYPES),
        reporting_date=reporting_date,
    )


SMALL = [
    ("S-1", "SOMHD", "completed", "capacity_building", ["A.1.1", "B.2"]),
    ("S-2", "SOMHD", "ongoing", "public_outreach", ["A.1.2"]),
    ("S-3", "ASOEN", "ongoing", "public_outreach", ["A.1.1", "C.1"]),
    ("S-4", "ASOEN", "upcoming", "research_publication", ["C.1", "C.2"]),
    ("S-5", "ACDM", "withdrawn", "groundwork", ["D.1"]),
    ("S-6", "ACDM", "upcoming", "policy_formulation", ["D.1", "A.2"]),
]
"""Six activities: 5 assessed (1 completed, 2 ongoing, 2 upcoming), 1 withdrawn."""
