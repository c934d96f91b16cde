import dataclasses
import re

from ascc_analysis.data.taxonomy import LABEL_TABLES, load_taxonomy, normalise_label


def test_characteristics_and_kras_come_from_data():
    taxonomy = load_taxonomy()
    assert taxonomy.characteristic_codes == list("ABCDE")
    assert len(taxonomy.kra_codes) == 18
    assert {code[0] for code in taxonomy.kra_codes} == set("ABCDE")


def test_kra_verification_flags_are_kept():
    kras = load_taxonomy().kras.set_index("kra_code")
    assert bool(kras.at["A.1", "verified"]) is True
    assert bool(kras.at["E.3", "verified"]) is False
    assert kras.at["E.3", "verification"].startswith("UNVERIFIED")


def test_fifteen_implementing_bodies_and_coordinating_bodies_apart():
    taxonomy = load_taxonomy()
    assert len(taxonomy.implementing_bodies) == 15
    assert {"SOCA", "SOC-COM"} <= set(taxonomy.coordinating_bodies)
    assert not set(taxonomy.implementing_bodies) & set(taxonomy.coordinating_bodies)


def test_strategic_measures_are_marked_reconstructed():
    measures = load_taxonomy().strategic_measures
    assert (measures["provenance"] == "reconstructed").all()
    assert set(measures["characteristic"]) == {"A"}


def test_code_lists():
    taxonomy = load_taxonomy()
    assert len(taxonomy.ams_codes) == 10 and "VNM" in taxonomy.ams_codes
    assert taxonomy.status_codes == ["completed", "ongoing", "upcoming", "withdrawn"]
    assert taxonomy.statuses_where("implemented") == ["completed", "ongoing"]
    assert taxonomy.statuses_where("assessed") == ["completed", "ongoing", "upcoming"]
    assert len(taxonomy.activity_type_codes) == 5
    assert len(taxonomy.funding_source_codes) == 4
    assert set(taxonomy.provenance_codes) == {"published", "public_statistics", "reconstructed", "reported"}


def test_parse_reference_accepts_typed_variants_and_rejects_unknown_codes():
    taxonomy = load_taxonomy()
    assert taxonomy.parse_reference("A1") == "A.1"
    assert taxonomy.parse_reference(" b.2 ") == "B.2"
    assert taxonomy.parse_reference("B 2") == "B.2"
    assert taxonomy.parse_reference("A.1.3") == "A.1.3"
    assert taxonomy.parse_reference("C9") is None
    assert taxonomy.parse_reference("F1") is None
    assert taxonomy.parse_reference("A.3.1") is None


def test_kra_of_maps_measures_to_their_kra():
    taxonomy = load_taxonomy()
    assert taxonomy.kra_of("A.2.1") == "A.2"
    assert taxonomy.kra_of("D.4") == "D.4"
    assert taxonomy.kra_of("Z.9") is None


def test_aliases_map_export_wording_to_codes():
    taxonomy = load_taxonomy()
    assert taxonomy.column_aliases[normalise_label("Status of implementation:")] == "status"
    assert taxonomy.value_aliases["status"][normalise_label("On-going")] == "ongoing"
    assert taxonomy.value_aliases["status"][normalise_label("Completed ")] == "completed"
    assert taxonomy.value_aliases["activity_type"][normalise_label("Capacity building")] == "capacity_building"


def test_normalise_label_folds_case_space_and_colon():
    assert normalise_label("  Status   of\nImplementation : ") == "status of implementation"
    assert normalise_label(None) == ""
    assert normalise_label(float("nan")) == ""


def test_label_of_code():
    taxonomy = load_taxonomy()
    assert taxonomy.label("activity_types", "research_publication") == "Research and publication"
    assert taxonomy.label("statuses", "ongoing") == "Ongoing"


def test_words_and_colours_of_codes_are_data():
    taxonomy = load_taxonomy()
    for table in LABEL_TABLES:
        frame = getattr(taxonomy, table)
        key = frame.columns[0]
        assert len(frame) and frame[key].is_unique and (frame[key] != "").all(), table
    for table in ("characteristics", "statuses", "kpi_statuses", "palette"):
        colours = taxonomy.colours(table)
        assert all(re.fullmatch(r"#[0-9A-F]{6}", colour) for colour in colours.values()), table
    assert list(taxonomy.colours("characteristics")) == taxonomy.characteristic_codes
    assert list(taxonomy.colours("statuses")) == taxonomy.status_codes
    uses = {"average", "default", "cross_pillar", "funding", "highlight", "comparison"}
    assert uses <= set(taxonomy.colours("palette"))
    assert taxonomy.label("institutional_forms", "has_centre", "phrase") == "bodies served by a centre"
    assert taxonomy.label("kpi_directions", "down") == "Lower is better"


def test_provenance_built_by_the_project_is_a_flag_of_the_code_list():
    assert load_taxonomy().built_by_project == ["reconstructed"]


def test_reference_letters_come_from_the_characteristic_codes():
    taxonomy = load_taxonomy()
    without_e = dataclasses.replace(taxonomy, characteristics=taxonomy.characteristics.iloc[:4])
    assert without_e.parse_reference("d4") == "D.4"
    assert taxonomy.parse_reference("e1") == "E.1" and without_e.parse_reference("e1") is None
