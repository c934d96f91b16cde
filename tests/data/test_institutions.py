"""Declarations, assessment findings and institutional forms: the shipped tables and their codes."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from ascc_analysis.config import DataPaths
from ascc_analysis.data.datasets import load
from ascc_analysis.data.institutions import FORMS
from ascc_analysis.data.taxonomy import load_taxonomy

REFERENCE = DataPaths.of().reference_dir


@pytest.fixture(scope="module")
def published() -> dict:
    return pd.read_csv(DataPaths.of().published_figures, dtype=str).set_index("figure_id")["value"].to_dict()


@pytest.fixture(scope="module")
def declarations() -> pd.DataFrame:
    return load("declarations")


@pytest.fixture(scope="module")
def findings() -> pd.DataFrame:
    return load("assessment_findings")


@pytest.fixture(scope="module")
def forms() -> pd.DataFrame:
    return load("institutional_forms")


# ---- declarations -------------------------------------------------------------------------------------
def test_declarations_copy_the_reference_row_for_row(declarations):
    reference = pd.read_csv(REFERENCE / "declarations_2016_2020.csv", dtype=str, keep_default_na=False)
    assert len(declarations) == len(reference) == 38
    for column in ("title", "instrument_type", "summit", "date", "source", "verification"):
        assert declarations[column].fillna("").tolist() == reference[column].tolist(), column
    assert declarations["characteristic_guess"].tolist() == reference["ascc_characteristic_guess"].tolist()


def test_declaration_values(declarations):
    assert declarations["characteristic"].isin(["A", "B", "C", "D", "E", "cross-pillar"]).all()
    assert declarations["characteristic_is_guess"].all()
    assert (declarations["provenance"] == "public_statistics").all()
    assert (declarations["year"] >= 2016).all()
    assert (declarations["counted_in_mtr"] == declarations["leaders_instrument"]).all()
    assert declarations["counting_note"].notna().all()


def test_instruments_after_the_mtr_data_date(declarations, published):
    late = declarations[declarations["after_mtr_data_date"].fillna(False)]
    assert (late["date"] > published["status_as_of"]).all()
    assert set(late["summit"]) == {"36th ASEAN Summit"}


# ---- assessment findings ------------------------------------------------------------------------------
def test_findings_cover_the_dimensions_of_tables_7_and_8(findings):
    dims = findings.groupby("table")["dimension"].nunique().to_dict()
    assert dims == {"Table 7": 3, "Table 8": 5}
    assert findings["finding_id"].is_unique
    assert len(findings) == 23
    assert set(findings.loc[findings["table"] == "Table 8", "dimension"]) == {
        "activity_attribution", "activities_implementation", "implementation_means", "resources",
        "institutional_mechanisms_at_sectoral_level_cross_cutting_issues"}


def test_findings_are_copied_from_the_summary(findings):
    text = (REFERENCE / "ascc_mtr_executive_summary.md").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text)))
    for finding in findings["finding"]:
        assert finding in text


def test_findings_are_regional_and_published(findings):
    assert (findings["geography"] == "ASEAN").all()
    assert (findings["provenance"] == "published").all()
    assert findings["level"].isin(["regional", "national_synthesis"]).all()
    assert (findings.loc[findings["table"] == "Table 8", "level"] == "national_synthesis").all()
    assert findings["mentions_all_ams"].sum() == 2


# ---- institutional forms ------------------------------------------------------------------------------
def test_one_row_per_implementing_body(forms):
    assert forms["sectoral_body"].tolist() == load_taxonomy().implementing_bodies
    assert len(forms) == 15
    assert forms["form"].isin(FORMS).all()


def test_centres_come_from_the_reference_list(forms):
    centres = pd.read_csv(REFERENCE / "ascc_centres.csv", dtype=str, keep_default_na=False)
    names = set(centres["acronym"]) | set(centres["name"])
    for listed in forms["centres"].dropna():
        assert set(listed.split(";")) <= names
    with_centre = forms["form"] == "has_centre"
    assert forms.loc[with_centre, "centres"].notna().all()
    assert forms.loc[~with_centre, "centres"].isna().all()


def test_mtr_example_centre_and_later_centres(forms):
    rows = forms.set_index("sectoral_body")
    assert "ACB" in rows.loc["ASOEN", "centres"].split(";")
    assert "ACCC" in rows.loc["ASOEN", "not_counted"]
    assert "ACPHEED" in rows.loc["SOMHD", "not_counted"]


def test_form_provenance(forms):
    assert forms["provenance"].isin(["public_statistics", "reconstructed"]).all()
    assert (forms.loc[forms["form"] == "runs_through_som", "provenance"] == "reconstructed").all()
    given = forms["centre_links"].fillna("").str.contains(r"link given(?!; year)", regex=True)
    assert (forms.loc[forms["provenance"] == "public_statistics", "centre_links"].notna()).all()
    assert (given == (forms["provenance"] == "public_statistics")).all()
