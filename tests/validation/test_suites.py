"""The validation gate on tables: suites, placeholders, failures, result formats, Data Docs.

Great Expectations is imported once per test session (the first ``run_gate``); most
cases validate only the tables they break, so that few suites run.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from ascc_analysis.config import DATA_DIR, EXPECTATIONS_DIR
from ascc_analysis.data.datasets import DATASETS
from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.validation import suites as validation
from ascc_analysis.validation import summary as validation_summary
from ascc_analysis.validation.suites import Failure, GateResult, gate_tables, run_gate, write_summary_html

TABLE_SUITES = [table.suite for dataset in DATASETS.values() for table in dataset.tables.values()]
RULE_SUITES = ["rule_assessed_activities_linked", "rule_column_dtypes", "rule_kpi_kra_in_characteristic",
               "rule_kpi_units_directed", "rule_links_have_activities", "rule_one_workbook_per_body"]


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


@pytest.fixture(scope="module")
def shipped(taxonomy):
    """Every dataset of the shipped data folder (and its register)."""
    tables, register = gate_tables(taxonomy=taxonomy)
    assert register.errors == ()
    return tables


def tables_of(shipped, *names):
    """Copies of some shipped tables (lineage attrs kept), to break in a test."""
    copies = {}
    for name in names:
        copies[name] = shipped[name].copy()
        copies[name].attrs = dict(shipped[name].attrs)
    return copies


def only(result: GateResult, suite: str) -> list[Failure]:
    return [failure for failure in result.failures if failure.suite == suite]


# --------------------------------------------------------------------------------------
# The suite files
# --------------------------------------------------------------------------------------


def test_every_suite_file_is_json_with_a_dataset_and_a_unique_name():
    specs = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(EXPECTATIONS_DIR.glob("*.json"))]

    names = [spec["name"] for spec in specs]
    assert sorted(names) == sorted(TABLE_SUITES + RULE_SUITES)
    assert all(spec["meta"]["dataset"] and spec["meta"]["kind"] in ("table", "rule") for spec in specs)
    assert all(spec["meta"]["description"] for spec in specs)


def test_placeholders_resolve_to_taxonomy_schema_constants_and_other_tables(taxonomy, shipped):
    specs = {spec["name"]: spec for spec in validation.load_suite_specs(taxonomy, tables=shipped)}

    def kwargs(suite, kind, column):
        return next(e["kwargs"] for e in specs[suite]["expectations"]
                    if e["type"] == kind and e["kwargs"].get("column") == column)

    in_set = "expect_column_values_to_be_in_set"
    assert kwargs("activities", in_set, "sectoral_body")["value_set"] == taxonomy.implementing_bodies
    assert kwargs("links", in_set, "reference")["value_set"] == taxonomy.kra_codes + taxonomy.sm_codes
    assert kwargs("kpi_observations", in_set, "geography")["value_set"] == ["ASEAN"] + taxonomy.ams_codes
    assert kwargs("kpi_observations", in_set, "role")["value_set"] == ["primary", "context"]
    assert set(kwargs("kpi_observations", in_set, "kpi_id")["value_set"]) == set(shipped["kpi_framework"]["kpi_id"])
    columns = next(e for e in specs["links"]["expectations"] if e["type"] == "expect_table_columns_to_match_set")
    assert columns["kwargs"]["column_set"] == list(shipped["links"].columns)


def test_a_suite_needing_a_table_not_given_is_skipped(taxonomy, shipped):
    result = run_gate(tables_of(shipped, "kpi_observations"), taxonomy)

    assert "kpi_observations" not in result.suites
    assert dict(result.skipped)["kpi_observations"] == "needs table 'kpi_framework' (column 'kpi_id')"
    assert dict(result.skipped)["activities"] == "no 'activities' table"
    assert "skipped" in result.summary()


def test_a_bad_placeholder_or_expectation_raises_suite_error(taxonomy, tmp_path):
    (tmp_path / "bad.json").write_text(json.dumps({"name": "bad", "meta": {"dataset": "t"}, "expectations": [
        {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "a", "value_set": {"$taxonomy": "nope"}}}]}))
    with pytest.raises(validation.SuiteError, match="bad.json: bad placeholder"):
        validation.load_suite_specs(taxonomy, tmp_path)

    (tmp_path / "bad.json").write_text(json.dumps({"name": "bad", "meta": {"dataset": "t"}, "expectations": [
        {"type": "expect_column_values_to_be_nul", "kwargs": {"column": "a"}}]}))
    with pytest.raises(validation.SuiteError, match="invalid expectations"):
        run_gate({"t": pd.DataFrame({"a": [1]})}, taxonomy, tmp_path)


# --------------------------------------------------------------------------------------
# The shipped tables pass; broken tables fail with a precise message
# --------------------------------------------------------------------------------------


def test_the_shipped_tables_pass_every_suite(taxonomy, shipped):
    result = run_gate(shipped, taxonomy)

    assert result.success, result.summary()
    assert list(result.suites) == sorted(TABLE_SUITES + RULE_SUITES)
    assert result.skipped == ()
    assert all(counts["failed"] == 0 and counts["passed"] > 0 for counts in result.suites.values())
    assert result.summary().startswith(f"Validation passed: {len(TABLE_SUITES + RULE_SUITES)} suites")


def test_tables_given_later_are_checked_after_the_others_with_the_same_result(taxonomy, shipped, monkeypatch):
    register = DATASETS["tool1_register"].tables
    tables = tables_of(shipped, *shipped)
    tables["activities"].loc[3, "start_year"] = 2031
    tables["kpi_observations"].loc[0, "geography"] = "XYZ"
    now = {name: frame for name, frame in tables.items() if name not in register}
    validated, asked = [], []
    validate = validation._validate

    def spy(gx, context, spec, frame):
        validated.append(spec["name"])
        return validate(gx, context, spec, frame)

    monkeypatch.setattr(validation, "_validate", spy)
    at_once = run_gate(tables, taxonomy)
    validated.clear()
    in_turn = run_gate(now, taxonomy, later=lambda: asked.append(list(validated)) or
                       {name: tables[name] for name in register})

    assert in_turn.to_dict() == at_once.to_dict() and list(in_turn.suites) == list(at_once.suites)
    assert (in_turn.failures, in_turn.checks, in_turn.skipped) == (at_once.failures, at_once.checks, at_once.skipped)
    assert {failure.suite for failure in in_turn.failures} == {"activities", "kpi_observations"}
    checked_first, = asked
    assert "kpi_observations" in checked_first and not set(checked_first) & (set(register) | set(RULE_SUITES))
    assert sorted(validated) == sorted(TABLE_SUITES + RULE_SUITES)


def test_year_out_of_range_and_end_before_start_name_the_rows(taxonomy, shipped):
    tables = tables_of(shipped, "activities")
    activities = tables["activities"]
    activities.loc[3, ["start_year", "end_year"]] = [2031, 2032]
    activities.loc[5, ["start_year", "end_year"]] = [2020, 2018]
    third, fifth = activities.loc[3], activities.loc[5]

    result = run_gate(tables, taxonomy)

    assert not result.success
    texts = [str(f) for f in only(result, "activities")]
    at_third = f"at {third.source_file} sheet '{third.source_sheet}' row {third.source_row}"
    assert f"activities, column 'start_year': values outside 2016..2025 (1 row): unexpected ['2031'] {at_third}" \
        " [expect_column_values_to_be_between]" in texts
    pair = next(f for f in only(result, "activities") if f.column == "end_year, start_year")
    assert pair.message == "An activity's end year is not before its start year: end_year < start_year"
    assert pair.unexpected == ("(2018, 2020)",)
    assert pair.where == (f"{fifth.source_file} sheet '{fifth.source_sheet}' row {fifth.source_row}",)


def test_null_codes_are_caught_by_the_not_null_partner_of_an_in_set(taxonomy, shipped):
    tables = tables_of(shipped, "activities")
    tables["activities"].loc[0, "status"] = pd.NA
    tables["activities"].loc[1, "status"] = "postponed"

    failures = {f.expectation: f for f in only(run_gate(tables, taxonomy), "activities")}

    assert failures["expect_column_values_to_not_be_null"].column == "status"
    assert failures["expect_column_values_to_be_in_set"].unexpected == ("postponed",)
    assert "completed, ongoing, upcoming, withdrawn" in failures["expect_column_values_to_be_in_set"].message


def test_a_missing_column_is_reported_once(taxonomy, shipped):
    tables = tables_of(shipped, "activities", "links")
    tables["links"] = tables["links"].drop(columns=["kra_code"])

    result = run_gate(tables, taxonomy)

    failures = only(result, "links")
    assert [str(f) for f in failures] == [
        "links: columns differ: missing ['kra_code'], unexpected [] [expect_table_columns_to_match_set]"]
    assert result.suites["links"]["failed"] == 3  # the column set, and two checks that could not run


def test_a_wrong_dtype_fails_the_column_dtypes_rule(taxonomy, shipped):
    tables = tables_of(shipped, "activities")
    tables["activities"]["end_year"] = tables["activities"]["end_year"].astype("Float64")

    failure, = only(run_gate(tables, taxonomy), "rule_column_dtypes")

    assert failure.unexpected == ("activities.end_year: Float64",)
    assert failure.where == ("activities",)


def test_kpi_observation_share_above_100_negative_count_and_unknown_ams(taxonomy, shipped):
    tables = tables_of(shipped, "kpi_framework", "kpi_observations")
    observations = tables["kpi_observations"]
    share = observations.index[observations["unit"].str.startswith("%")][0]
    count = observations.index[observations["unit"] == "count"][0]
    country = observations.index[observations["geography"] != "ASEAN"][0]
    observations.loc[share, "value"] = 140.0
    observations.loc[count, "value"] = -1.0
    observations.loc[country, "geography"] = "XYZ"

    result = run_gate(tables, taxonomy)

    assert not result.success
    failures = {f.message.split(":")[0]: f for f in only(result, "kpi_observations")}
    shares = failures["Shares and 0-100 scores lie within 0-100"]
    assert (shares.column, shares.unexpected) == ("value", ("140.0",))
    assert shares.where == (f"kpi/kpi_observations.csv row {share + 2}",)
    counts = failures["Counts and ranks are not negative"]
    assert (counts.unexpected, counts.where) == (("-1.0",), (f"kpi/kpi_observations.csv row {count + 2}",))
    geography = failures["Every geography is ASEAN or an ASEAN Member State"]
    assert (geography.column, geography.unexpected) == ("geography", ("XYZ",))
    assert geography.where == (f"kpi/kpi_observations.csv row {country + 2}",)


def test_kpi_observation_of_unknown_kpi_and_year_before_2015(taxonomy, shipped):
    tables = tables_of(shipped, "kpi_framework", "kpi_observations")
    tables["kpi_observations"].loc[0, "kpi_id"] = "99z"
    tables["kpi_observations"].loc[1, "year"] = 2014

    failures = {f.column: f for f in only(run_gate(tables, taxonomy), "kpi_observations")}

    assert failures["kpi_id"].message.startswith("Every observation's KPI exists in the KPI framework")
    assert failures["kpi_id"].unexpected == ("99z",)
    assert failures["year"].message == "values outside 2015..2025"
    assert failures["year"].where == ("kpi/kpi_observations.csv row 3",)


def test_kpi_framework_unknown_kra_and_desired_direction(taxonomy, shipped):
    tables = tables_of(shipped, "kpi_framework", "kpi_observations")
    framework = tables["kpi_framework"]
    framework.loc[0, "kra_code"] = "F.9"
    unit = framework.index[(framework["kpi_id"] == "2")][0]
    framework.loc[unit, "desired_direction"] = pd.NA
    other = framework.index[framework["desired_direction"].notna()][0]
    framework.loc[other, "desired_direction"] = "sideways"

    result = run_gate(tables, taxonomy)

    failures = {(f.suite, f.column): f for f in result.failures}
    assert failures[("kpi_framework", "kra_code")].unexpected == ("F.9",)
    assert failures[("kpi_framework", "desired_direction")].unexpected == ("sideways",)
    directed = failures[("rule_kpi_units_directed", "desired_direction")]
    assert directed.message == "A KPI unit with data has a desired direction: empty values"
    assert directed.where == (f"kpi/kpi_framework.csv row {unit + 2}",)


def test_unlinked_assessed_activity_and_link_to_unknown_activity(taxonomy, shipped):
    tables = tables_of(shipped, "activities", "links")
    links = tables["links"]
    assessed = tables["activities"].loc[tables["activities"]["status"] != "withdrawn"].iloc[0]
    orphan = links.iloc[[0]].assign(activity_code="NOPE-1")
    tables["links"] = pd.concat([links[links["activity_code"] != assessed.activity_code], orphan], ignore_index=True)

    result = run_gate(tables, taxonomy)

    linked = only(result, "rule_assessed_activities_linked")[0]
    assert linked.message == "Every assessed activity has at least one KRA link: values below 1"
    assert linked.unexpected == ("0",)
    assert linked.where == (f"{assessed.source_file} sheet '{assessed.source_sheet}' row {assessed.source_row}",)
    unknown, = only(result, "rule_links_have_activities")
    assert (unknown.column, unknown.message) == ("activity_code", "Every link's activity exists in the activity table")
    assert unknown.unexpected == ("NOPE-1",)
    assert unknown.where == (f"{orphan.iloc[0].source_file} sheet '{orphan.iloc[0].source_sheet}' "
                             f"row {orphan.iloc[0].source_row}",)


def test_two_workbooks_for_one_body_fail_the_rule(taxonomy, shipped):
    tables = tables_of(shipped, "activities")
    activities = tables["activities"]
    second = activities.index[activities["sectoral_body"] == "SOMHD"][-1]
    activities.loc[second, "source_file"] = "SOMHD (2).xlsx"

    failure, = only(run_gate(tables, taxonomy), "rule_one_workbook_per_body")

    assert failure.message == "One workbook per Sectoral Body: duplicate values"
    assert failure.unexpected == ("SOMHD", "SOMHD")
    assert any(where.startswith("SOMHD (2).xlsx sheet") for where in failure.where)


def test_institutional_forms_unknown_and_missing_body(taxonomy, shipped):
    tables = tables_of(shipped, "institutional_forms")
    replaced = tables["institutional_forms"].loc[0, "sectoral_body"]
    tables["institutional_forms"].loc[0, "sectoral_body"] = "SOMXYZ"

    failures = {f.expectation: f for f in only(run_gate(tables, taxonomy), "institutional_forms")}

    unknown = failures["expect_column_values_to_be_in_set"]
    assert (unknown.unexpected, unknown.where) == (("SOMXYZ",), ("institutions/institutional_forms.csv row 2",))
    missing = failures["expect_column_distinct_values_to_contain_set"]
    assert missing.message == "Every implementing Sectoral Body has a row: expected values missing from the column"
    assert missing.unexpected == (replaced,)


def test_country_indicators_unknown_iso3_duplicate_key_share_above_100_and_unmapped_indicator(taxonomy, shipped):
    tables = tables_of(shipped, "country_indicators", "indicator_map")
    country = tables["country_indicators"]
    share = country.index[country["unit"].str.startswith("%")][0]
    country.loc[share, "value"] = 140.0
    country.loc[1, "iso3"] = "XYZ"
    country.loc[2, "indicator"] = "happiness_index"
    tables["country_indicators"] = pd.concat([country, country.iloc[[5]]], ignore_index=True)
    tables["country_indicators"].attrs = dict(country.attrs)

    failures = {f.message.split(":")[0]: f for f in only(run_gate(tables, taxonomy), "country_indicators")}

    iso3 = failures["Every country is an ASEAN Member State (ISO3 code)"]
    assert (iso3.column, iso3.unexpected, iso3.where) == ("iso3", ("XYZ",), ("reference/country_indicators.csv row 3",))
    shares = failures["Shares and 0-100 scores lie within 0-100"]
    assert shares.where == (f"reference/country_indicators.csv row {share + 2}",)
    assert failures["Every country statistic is a series of the indicator map"].unexpected == ("happiness_index",)
    duplicate = failures["One value per indicator, Member State and year"]
    assert duplicate.column == "indicator, iso3, year" and len(duplicate.where) == 2


def test_indicator_map_unknown_kpi_missing_kpi_and_duplicate_series(taxonomy, shipped):
    tables = tables_of(shipped, "indicator_map", "kpi_framework", "published_figures")
    mapped = tables["indicator_map"]
    primary = mapped.index[mapped["role"] == "primary"]
    mapped.loc[primary[0], "kpi_id"] = "99z"
    mapped.loc[primary[1], "kpi_id"] = pd.NA
    mapped.loc[primary[2], "indicator"] = mapped.loc[primary[3], "indicator"]
    mapped.loc[primary[2], "series"] = mapped.loc[primary[3], "series"]

    failures = {f.message.split(":")[0]: f for f in only(run_gate(tables, taxonomy), "indicator_map")}

    unknown = failures["Every mapped KPI exists in the KPI framework"]
    assert (unknown.unexpected, unknown.where) == (("99z",), (f"kpi/indicator_map.csv row {primary[0] + 2}",))
    unnamed = failures["A series that is not excluded names its KPI"]
    assert unnamed.where == (f"kpi/indicator_map.csv row {primary[1] + 2}",)
    assert failures["One row per indicator and series"].column == "indicator, series"


def test_extra_columns_of_the_national_tables_are_allowed(taxonomy, shipped):
    tables = tables_of(shipped, "country_indicators", "indicator_map", "kpi_framework", "published_figures")
    for name in ("country_indicators", "indicator_map"):
        tables[name]["added_later"] = pd.array(["x"] * len(tables[name]), dtype="string")

    result = run_gate(tables, taxonomy)

    assert result.suites["country_indicators"]["failed"] == 0 and result.suites["indicator_map"]["failed"] == 0


def test_reconciliation_note_of_a_figure_never_published(taxonomy, shipped):
    tables = tables_of(shipped, "published_figures", "reconciliation_notes")
    tables["reconciliation_notes"].loc[0, "figure_id"] = "not_a_figure"

    failure, = only(run_gate(tables, taxonomy), "reconciliation_notes")

    assert failure.message.startswith("Every note explains a published figure: values not in the allowed set")
    assert (failure.unexpected, failure.where) == (("not_a_figure",), ("reference/reconciliation_notes.csv row 2",))


# --------------------------------------------------------------------------------------
# Result formats, the summary page and Data Docs
# --------------------------------------------------------------------------------------


def test_failure_text_and_result_dict():
    failure = Failure("activities", "expect_column_values_to_be_between", "start_year", ("2031",),
                      ("SOMHD.xlsx sheet 'Tool 1' row 9",), "values outside 2016..2025", 1)
    result = GateResult(False, {"activities": {"passed": 20, "failed": 1}}, (failure,))

    assert str(failure) == ("activities, column 'start_year': values outside 2016..2025 (1 row): unexpected ['2031'] "
                            "at SOMHD.xlsx sheet 'Tool 1' row 9 [expect_column_values_to_be_between]")
    assert result.to_dict() == {"success": False, "suites": {"activities": {"passed": 20, "failed": 1}},
                                "failures": [str(failure)], "warnings": []}
    json.dumps(result.to_dict())
    assert result.summary().splitlines() == [
        "Validation FAILED: 1 of 1 suites, 1 error", "  activities: 20 passed, 1 failed",
        "Errors (1): the data is invalid", f"  - {failure}"]


FILES = (("ACW.xlsx", "read", 52, "52 activity rows, 1 warning"), ("README.md", "skipped", 0, "documentation (.md)"),
         ("SOMX.xls", "error", 0, "unsupported format: an Excel 97-2003 workbook is not read; save it as .xlsx"),
         ("SOMY.csv", "read", 40, "40 activity rows"))
COVERAGE = ("13 of the 15 implementing Sectoral Bodies sent no workbook: ...; figures from the register cover the 2 "
            "that did.")


def test_summary_lists_errors_then_warnings_apart_with_the_tool1_files_and_coverage():
    failure = Failure("ingest", "ingest", None, (), ("SOMX.xls",), "unsupported format")
    warnings = ("ACW.xlsx, sheet 'Tool 1', row 9, column 'title': formula in cell C9 has no stored value", COVERAGE)
    result = GateResult(False, {"ingest": {"passed": 2, "failed": 1}}, (failure,), warnings=warnings, files=FILES,
                        coverage=COVERAGE)

    assert result.summary().splitlines() == [
        "Validation FAILED: 1 of 1 suites, 1 error, 2 warnings",
        "  ingest: 2 files read cleanly, 1 with errors",
        "  Tool 1 files: 2 files read (92 activity rows); 1 skipped (README.md); 1 error (SOMX.xls)",
        f"  Coverage: {COVERAGE}",
        "Errors (1): the data is invalid", f"  - {failure}",
        "Warnings (2): the data passes with them, but read them", f"  - {warnings[0]}", f"  - {COVERAGE}"]
    passed = GateResult(True, {"ingest": {"passed": 2, "failed": 0}}, warnings=warnings[:1])
    assert passed.summary().splitlines() == [
        "Validation passed: 1 suites, 1 warning", "  ingest: 2 files read cleanly, 0 with errors",
        "Warnings (1): the data passes with them, but read them", f"  - {warnings[0]}"]
    assert passed.to_dict()["warnings"] == list(warnings[:1])


def test_summary_page_lists_every_tool1_file_the_coverage_and_warnings_apart(tmp_path):
    warning = "ACW.xlsx, sheet 'Tool 1', row 9, column 'title': formula =A1&\"<b>\" has no stored value"
    result = GateResult(True, {"ingest": {"passed": 2, "failed": 0}}, warnings=(warning,), files=FILES,
                        coverage=COVERAGE)

    page = write_summary_html(result, tmp_path / "summary.html").read_text(encoding="utf-8")

    assert '<p class="verdict warn">Validation passed: 1 suites, 1 warning</p>' in page
    assert "<h2>Tool 1 files (4)</h2><p>13 of the 15 implementing Sectoral Bodies sent no workbook" in page
    for name, outcome, rows, detail in FILES:
        assert f"<tr><td>{name}</td><td class=\"{validation_summary.OUTCOME_CLASS[outcome]}\">{outcome}</td>" \
               f"<td>{rows}</td><td>{detail}</td></tr>" in page
    assert "<h2>Errors (0)</h2><p>No errors.</p>" in page
    assert '<h2>Warnings (1)</h2>' in page and "=A1&amp;&quot;&lt;b&gt;&quot; has no stored value" in page


def test_summary_lists_at_most_max_failures():
    failures = tuple(Failure("t", "x", "c", (str(n),), ()) for n in range(5))
    text = GateResult(False, {"t": {"passed": 0, "failed": 5}}, failures).summary(max_failures=2)

    assert text.count("  - t") == 2 and "... and 3 more" in text


def test_summary_page_is_self_contained_and_escapes_values(tmp_path):
    failure = Failure("activities", "expect_column_values_to_be_in_set", "status", ("<script>alert(1)</script>",),
                      ("A&B.xlsx sheet 'S' row 7",), "values not in the allowed set", 1)
    result = GateResult(False, {"activities": {"passed": 1, "failed": 1}}, (failure,),
                        checks=(validation.Check("activities", "expect_column_values_to_be_in_set", "status", "",
                                                 False),))

    page = write_summary_html(result, tmp_path / "v" / "summary.html").read_text(encoding="utf-8")

    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "A&amp;B.xlsx sheet &#x27;S&#x27; row 7" in page
    assert "http" not in page and "<link" not in page
    assert "Validation FAILED" in page and "activities" in page
    assert '<p class="verdict fail">Validation FAILED: 1 of 1 suites, 1 error</p>' in page


@pytest.fixture(scope="module")
def shipped_with_docs(tmp_path_factory):
    """validate_data_dir on the shipped data, with Data Docs and the summary page."""
    docs = tmp_path_factory.mktemp("validation") / "staging"
    return validation.validate_data_dir(docs_dir=docs), docs


def test_validate_data_dir_passes_on_the_shipped_data(shipped_with_docs, shipped):
    result, _ = shipped_with_docs

    assert result.success, result.summary()
    assert result.failures == ()
    assert result.suites["ingest"] == {"passed": 15 + len(validation.CSV_TABLES), "failed": 0}  # workbooks, CSV tables
    assert set(result.suites) == {"ingest", *TABLE_SUITES, *RULE_SUITES}
    assert result.to_dict()["success"] is True
    shipped_files = sorted(path.name for path in (DATA_DIR / "raw" / "tool1").iterdir())
    assert [name for name, *_ in result.files] == shipped_files
    assert {name: outcome for name, outcome, *_ in result.files if outcome != "read"} == {"README.md": "skipped"}
    assert sum(rows for _, _, rows, _ in result.files) == len(shipped["activities"])
    assert result.coverage == "All 15 implementing Sectoral Bodies sent a workbook."


def test_data_docs_show_every_suite(shipped_with_docs):
    result, docs = shipped_with_docs

    index = (docs / "index.html").read_text(encoding="utf-8")
    assert result.docs_index == docs / "index.html"
    for suite in TABLE_SUITES + RULE_SUITES:
        assert suite in index
        assert (docs / "expectations" / f"{suite}.html").is_file()
    summary = (docs / "summary.html").read_text(encoding="utf-8")
    assert all(suite in summary for suite in TABLE_SUITES + RULE_SUITES)
    assert 'href="index.html"' in summary


def test_no_data_docs_unless_asked(taxonomy, shipped, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_gate(tables_of(shipped, "declarations"), taxonomy)

    assert result.docs_index is None
    assert list(tmp_path.iterdir()) == []
