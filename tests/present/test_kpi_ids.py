"""KPI ids as readers see them (ascc_analysis.present.kpi_ids)."""

import pandas as pd

from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.present import kpi_ids

TAXONOMY = load_taxonomy()
FRAMEWORK = pd.DataFrame({"kpi_id": ["3", "31", "31c", "26b"], "id_named_in_mtr": [True, False, True, False]})


def test_kpi_name_marks_only_project_assigned_ids():
    assert kpi_ids.kpi_name("31c", FRAMEWORK, TAXONOMY) == "KPI 31c"
    assert kpi_ids.kpi_name("26b", FRAMEWORK, TAXONOMY) == "KPI 26b†"
    assert kpi_ids.kpi_name("99", FRAMEWORK, TAXONOMY) == "KPI 99†"  # an id the framework lacks is not the MTR's


def test_mark_ids_marks_the_project_ids_a_text_names_and_leaves_the_mtrs_alone():
    text = "KPI 26b: not described; see KPI 31c and KPI 31, not KPI 3 or KPIs 31c."
    assert kpi_ids.mark_ids(text, FRAMEWORK, TAXONOMY) == \
        "KPI 26b†: not described; see KPI 31c and KPI 31†, not KPI 3 or KPIs 31c."
    marked = kpi_ids.mark_ids(text, FRAMEWORK, TAXONOMY)
    assert kpi_ids.mark_ids(marked, FRAMEWORK, TAXONOMY) == marked  # marking twice changes nothing
    assert kpi_ids.mark_ids("no id here", FRAMEWORK.iloc[0:0], TAXONOMY) == "no id here"
