from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.present import sentences as narrative

TAXONOMY = load_taxonomy()


def test_implementation_sentence_is_built_from_the_numbers():
    text = narrative.implementation_sentence("Characteristic A", 200, 150, 50)
    assert text == ("Of 200 activities linked to Characteristic A, 150 (75.0%) are completed or ongoing, "
                    "including 50 (25.0%) completed.")
    empty = narrative.implementation_sentence("Characteristic E", 0, 0, 0)
    assert empty == "No assessed activity is linked to Characteristic E."


def test_funnel_sentence_uses_thousands_separators():
    text = narrative.funnel_sentence({"planned": 1200, "withdrawn": 3, "assessed": 1197}, 4)
    assert "4 Sectoral Bodies hold 1,200 activities" in text and "1,197" in text


def test_type_mix_sentence_orders_by_share():
    shares = {"groundwork": 10.0, "capacity_building": 60.0, "public_outreach": 30.0}
    text = narrative.type_mix_sentence(shares, TAXONOMY)
    assert text == "Activities comprise capacity building (60.0%), public outreach (30.0%), groundwork (10.0%)."


def test_provenance_sentence_explains_reconstructed_rows():
    text = narrative.provenance_sentence({"reconstructed": 3, "public_statistics": 1}, TAXONOMY)
    assert text.startswith("Of the 4 data rows behind this report: 1 public statistics (25.0%); "
                           "3 reconstructed (75.0%).")
    assert "not public" in text
    assert "not public" not in narrative.provenance_sentence({"reported": 3, "reconstructed": 0}, TAXONOMY)
    assert narrative.provenance_sentence({}, TAXONOMY) == "This report used no data rows."


def test_reconstructed_caveat_only_when_rows_are_reconstructed():
    import pandas as pd

    rows = pd.DataFrame({"provenance": ["reconstructed", "reported"]})
    assert narrative.reconstructed_caveat(rows, TAXONOMY).startswith("Caution: 50.0% of the rows")
    assert narrative.reconstructed_caveat(pd.DataFrame({"provenance": ["reported"]}), TAXONOMY) == ""
    assert narrative.reconstructed_caveat(pd.DataFrame({"provenance": []}), TAXONOMY) == ""


def test_overall_sentence_is_built_from_the_counts():
    text = narrative.overall_sentence(70.0, {"kpis_total": 10, "kpis_sufficient_data": 4, "kpis_with_progress": 3})
    assert text == ("70.0% of assessed activities are completed or ongoing. Of 10 KPI units, 4 have sufficient data "
                    "against the baseline; of these, 3 show realised progress (75.0%, more than half).")
    one = narrative.overall_sentence(70.0, {"kpis_total": 10, "kpis_sufficient_data": 4, "kpis_with_progress": 1})
    assert one.endswith("of these, 1 shows realised progress (25.0%, half or fewer).")


def test_kpi_status_sentence_counts_statuses():
    text = narrative.kpi_status_sentence("Characteristic B", {"progress": 2, "regress": 1, "no_change": 0,
                                                              "insufficient_data": 3}, 1)
    assert text.startswith("Of 6 KPI units under Characteristic B, 3 have sufficient data")
    assert "1 unit rests on reconstructed rows" in text
    assert "2 show progress, 1 regresses and 0 show no change; 3 lack sufficient data." in text
    single = narrative.kpi_status_sentence("Characteristic D", {"progress": 1, "insufficient_data": 1}, 0)
    assert single == ("Of 2 KPI units under Characteristic D, 1 has sufficient data against the baseline: "
                      "1 shows progress, 0 regress and 0 show no change; 1 lacks sufficient data.")
