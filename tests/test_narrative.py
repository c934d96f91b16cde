from ascc_analysis import narrative
from ascc_analysis.taxonomy import load_taxonomy


def test_implementation_sentence_is_built_from_the_numbers():
    text = narrative.implementation_sentence("Characteristic A", 200, 150, 50)
    assert text == ("Of 200 activities linked to Characteristic A, 150 (75.0%) are completed or ongoing, "
                    "including 50 (25.0%) completed.")
    assert narrative.implementation_sentence("Characteristic E", 0, 0, 0) == "No assessed activity is linked to Characteristic E."


def test_funnel_sentence_uses_thousands_separators():
    text = narrative.funnel_sentence({"planned": 1200, "withdrawn": 3, "assessed": 1197}, 4)
    assert "4 Sectoral Bodies hold 1,200 activities" in text and "1,197" in text


def test_type_mix_sentence_orders_by_share():
    text = narrative.type_mix_sentence({"groundwork": 10.0, "capacity_building": 60.0, "public_outreach": 30.0}, load_taxonomy())
    assert text == "Activities comprise capacity building (60.0%), public outreach (30.0%), groundwork (10.0%)."


def test_provenance_sentence_explains_reconstructed_rows():
    assert "not public" in narrative.provenance_sentence({"reconstructed": 3, "public_statistics": 1})
    assert "not public" not in narrative.provenance_sentence({"reported": 3})
    assert narrative.provenance_sentence({}) == "This report used no data rows."
