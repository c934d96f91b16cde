"""Read the written workbooks back and re-count every published target from them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from ascc_analysis.data.taxonomy import Taxonomy, normalise_label

from .judgement import FIRST_YEAR, LAST_YEAR, MIN_BODY_ACTIVITIES
from .references import Codes
from .targets import CharTarget, Printed, Targets, count_for_share

TOTAL_LABELS = ("total", "grand total")
REF_SPLIT = re.compile(r"\s*(?:;|/|,|\band\b)\s*")


def find_header(rows: list[tuple], tax: Taxonomy) -> int | None:
    """Index of the header row: the first row with three or more known column names.

    Parameters
    ----------
    rows : list of tuple
        Cell values of a worksheet, row by row.
    tax : Taxonomy
        Column aliases.

    Returns
    -------
    int or None
        The row index, or None when the sheet has no header row.
    """
    for i, row in enumerate(rows):
        if sum(normalise_label(c) in tax.column_aliases for c in row) >= 3:
            return i
    return None


def _block_value(rows: list[tuple], label: str) -> object:
    for row in rows:
        if row and normalise_label(row[0]) == label:
            return row[1] if len(row) > 1 else None
    return None


def _parse_row(cells: dict[str, object], tax: Taxonomy) -> dict[str, object]:
    def value(field_name: str) -> str:
        text = normalise_label(cells.get(field_name))
        mapped = tax.value_aliases[field_name].get(text)
        if mapped is None:
            raise ValueError(f"unknown {field_name} spelling {cells.get(field_name)!r}")
        return mapped

    refs = [tax.parse_reference(part) for part in REF_SPLIT.split(str(cells["blueprint_reference"])) if part]
    if not refs or None in refs:
        raise ValueError(f"bad Blueprint reference {cells['blueprint_reference']!r}")
    return {
        "activity_code": str(cells["activity_code"]).strip(), "title": str(cells["title"]).strip(),
        "refs": refs, "status": value("status"), "activity_type": value("activity_type"),
        "funding_source": value("funding_source"), "provenance": value("provenance"),
        "start_year": int(str(cells["start_year"]).strip()), "end_year": int(str(cells["end_year"]).strip()),
    }


def read_workbook(path: Path, tax: Taxonomy) -> list[dict[str, object]]:
    """Parse one Tool 1 workbook the way the ingester's README describes.

    Parameters
    ----------
    path : Path
        The ``.xlsx`` file.
    tax : Taxonomy
        Column and value aliases, reference codes.

    Returns
    -------
    list of dict
        One record per activity row (blank rows and total rows skipped).
    """
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
            header = find_header(rows, tax)
            if header is None:
                continue
            body = str(_block_value(rows[:header], "sectoral body")).strip()
            columns = {tax.column_aliases[normalise_label(c)]: k for k, c in enumerate(rows[header])
                       if normalise_label(c) in tax.column_aliases}
            records = []
            for row in rows[header + 1:]:
                cells = {name: row[k] if k < len(row) else None for name, k in columns.items()}
                if all(normalise_label(v) == "" for v in row) or normalise_label(cells["title"]) in TOTAL_LABELS:
                    continue
                records.append({"sectoral_body": body, "sheet": ws.title, **_parse_row(cells, tax)})
            return records
    finally:
        wb.close()
    raise ValueError(f"{path.name}: no header row found")


def read_register(folder: str | Path, tax: Taxonomy) -> list[dict[str, object]]:
    """All activity records of the ``*.xlsx`` workbooks in ``folder`` (sorted by file name).

    Parameters
    ----------
    folder : str or Path
        Folder of the workbooks.
    tax : Taxonomy
        Column and value aliases, reference codes.

    Returns
    -------
    list of dict
        Records as :func:`read_workbook` returns them, file after file.
    """
    return [rec for path in sorted(Path(folder).glob("*.xlsx")) for rec in read_workbook(path, tax)]


@dataclass(frozen=True)
class Check:
    """One calibration check: what was published, what the register gives."""

    name: str
    expected: str
    achieved: str
    ok: bool


def _share_check(name: str, count: int, total: int, rates: list[Printed], expected_count: int) -> Check:
    attainable = [r for r in rates if count_for_share(total, r) is not None]
    ok = count == expected_count and all(r.matches(count, total) for r in attainable)
    shown = " / ".join(f"{r.text}%" for r in rates)
    return Check(name, f"{expected_count} of {total} ({shown})", f"{count} ({100 * count / total:.2f}%)", ok)


def _ranking(counts: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _status_flags(tax: Taxonomy) -> tuple[list[str], list[str], list[str]]:
    return tax.statuses_where("assessed"), tax.statuses_where("implemented"), tax.statuses_where("completed")


def _overall_checks(records: list[dict], targets: Targets, tax: Taxonomy) -> list[Check]:
    assessed_codes, implemented_codes, completed_codes = _status_flags(tax)
    assessed = [r for r in records if r["status"] in assessed_codes]
    n = len(assessed)
    checks = [
        Check("planned_activities", str(targets.planned), str(len(records)), len(records) == targets.planned),
        Check("withdrawn_activities", str(targets.withdrawn), str(len(records) - n),
              len(records) - n == targets.withdrawn),
        Check("assessed_activities", str(targets.assessed), str(n), n == targets.assessed),
        _share_check("implementation_rate", sum(r["status"] in implemented_codes for r in assessed), n,
                     [targets.printed["implementation_rate"]], targets.implemented),
        _share_check("completion_rate", sum(r["status"] in completed_codes for r in assessed), n,
                     [targets.printed["completion_rate"]], targets.completed),
    ]
    for code, expected in targets.type_counts.items():
        count = sum(r["activity_type"] == code for r in assessed)
        checks.append(_share_check(f"type_share_{code}", count, n, [targets.printed[f"type_share_{code}"]], expected))
    return checks


def _char_checks(target: CharTarget, members: list[dict], tax: Taxonomy) -> list[Check]:
    _, implemented_codes, completed_codes = _status_flags(tax)
    c, n = target.code, len(members)
    checks = [
        Check(f"{c}_activities", str(target.activities), str(n), n == target.activities),
        _share_check(f"{c}_implemented", sum(r["status"] in implemented_codes for r in members), n,
                     target.printed["implementation"], target.implemented),
        _share_check(f"{c}_completion_rate", sum(r["status"] in completed_codes for r in members), n,
                     target.printed["completion"], target.completed),
    ]
    by_body = _ranking({b: sum(r["sectoral_body"] == b for r in members)
                        for b in dict.fromkeys(r["sectoral_body"] for r in members)})
    (top, top_n), (second, second_n) = by_body[0], by_body[1]
    third_n = by_body[2][1] if len(by_body) > 2 else -1
    checks.append(_share_check(f"{c}_largest_sb ({target.largest_body})", top_n, n, target.printed["largest"],
                               target.largest_count))
    checks.append(Check(f"{c}_largest_sb_name", target.largest_body, f"{top} ({top_n}; next {second_n})",
                        top == target.largest_body and top_n > second_n))
    if target.second_body:
        checks.append(Check(f"{c}_second_sb_name", target.second_body, f"{second} ({second_n}; next {third_n})",
                            second == target.second_body and second_n > third_n))
    if target.second_count is not None:
        checks.append(_share_check(f"{c}_second_sb ({target.second_body})", second_n, n, target.printed["second"],
                                   target.second_count))
    if target.n_bodies is not None:
        checks.append(Check(f"{c}_sbs", str(target.n_bodies), str(len(by_body)), len(by_body) == target.n_bodies))
    types = _ranking({t: sum(r["activity_type"] == t for r in members) for t in tax.activity_type_codes})
    ok = [t for t, _ in types[:2]] == list(target.top_types) and types[0][1] > types[1][1] > types[2][1]
    checks.append(Check(f"{c}_common_types", " > ".join(target.top_types),
                        ", ".join(f"{t} {k}" for t, k in types[:3]), ok))
    return checks


def _links(records: list[dict], tax: Taxonomy) -> list[tuple[dict, str, str]]:
    kra_of = Codes.of(tax).kra_of
    return [(r, code, kra_of[code]) for r in records for code in r["refs"]]


def _measure_checks(assessed: list[dict], targets: Targets, tax: Taxonomy) -> list[Check]:
    _, implemented_codes, _ = _status_flags(tax)
    links = _links(assessed, tax)
    d1 = {}
    for r in {id(r): r for r, _, kra in links if kra == targets.d1_kra}.values():
        d1[r["sectoral_body"]] = d1.get(r["sectoral_body"], 0) + 1
    ranked = _ranking(d1) + [("", -1)] * 5
    k1, k2 = len(targets.d1_primary), len(targets.d1_primary) + len(targets.d1_substantial)
    ok = sorted(b for b, _ in ranked[:k1]) == sorted(targets.d1_primary) and \
        sorted(b for b, _ in ranked[k1:k2]) == sorted(targets.d1_substantial) and \
        ranked[k1 - 1][1] > ranked[k1][1] and ranked[k2 - 1][1] > ranked[k2][1]
    checks = [Check(f"{targets.d1_kra}_contributors", f"{'+'.join(targets.d1_primary)} then "
                    f"{'+'.join(targets.d1_substantial)}", ", ".join(f"{b} {k}" for b, k in ranked[:k2 + 1]), ok)]
    thin = [sm for sm in tax.sm_codes if len({r["sectoral_body"] for r, c, _ in links if c == sm}) < 2]
    checks.append(Check("A_sm_multi_body", "every SM served by 2+ bodies", f"single-body SMs: {thin or 'none'}",
                        not thin or not targets.sm_multi_body))
    idle = [code for code in tax.sm_codes + tax.kra_codes
            if not any(code in (c, k) and r["status"] in implemented_codes for r, c, k in links)]
    checks.append(Check("all_sm_implemented", "every SM and KRA has an implemented activity",
                        f"without: {idle or 'none'}", not idle or not targets.all_sm_implemented))
    return checks


def _year_ok(r: dict, year: int) -> bool:
    start, end, status = r["start_year"], r["end_year"], r["status"]
    if not FIRST_YEAR <= start <= end <= LAST_YEAR:
        return False
    return {"completed": end <= year, "ongoing": start <= year <= end, "upcoming": start >= year}.get(status, True)


def _register_checks(records: list[dict], targets: Targets, tax: Taxonomy) -> list[Check]:
    assessed_codes = tax.statuses_where("assessed")
    sizes = {b: sum(r["sectoral_body"] == b and r["status"] in assessed_codes for r in records)
             for b in tax.implementing_bodies}
    small = {b: n for b, n in sizes.items() if n < MIN_BODY_ACTIVITIES}
    codes = [r["activity_code"] for r in records]
    titles = [(r["sectoral_body"], r["title"]) for r in records]
    not_recon = sum(r["provenance"] != "reconstructed" for r in records)
    bad_years = [r["activity_code"] for r in records if not _year_ok(r, targets.reporting_date.year)]
    return [
        Check("sectoral_bodies", f"{targets.n_bodies} bodies, each >= {MIN_BODY_ACTIVITIES} assessed",
              f"{sum(n > 0 for n in sizes.values())} bodies; smallest {min(sizes.values())}",
              sum(n > 0 for n in sizes.values()) == targets.n_bodies and not small),
        Check("unique_activity_codes", str(len(codes)), str(len(dict.fromkeys(codes))),
              len(codes) == len(dict.fromkeys(codes))),
        Check("unique_titles_per_body", str(len(titles)), str(len(dict.fromkeys(titles))),
              len(titles) == len(dict.fromkeys(titles))),
        Check("provenance_reconstructed", "every row", f"{not_recon} rows not reconstructed", not_recon == 0),
        Check("years_consistent_with_status", "every row", f"bad: {bad_years[:5] or 'none'}", not bad_years),
    ]


def calibration_checks(records: list[dict], targets: Targets, tax: Taxonomy) -> list[Check]:
    """Re-count every published target from parsed Tool 1 records.

    Parameters
    ----------
    records : list of dict
        Activity records as :func:`read_register` returns them.
    targets : Targets
        The published targets.
    tax : Taxonomy
        Status flags, KRA and strategic-measure codes.

    Returns
    -------
    list of Check
        One check per target; all must be ok.
    """
    assessed = [r for r in records if r["status"] in tax.statuses_where("assessed")]
    char_of = Codes.of(tax).char_of
    checks = _overall_checks(records, targets, tax)
    for code, target in targets.chars.items():
        members = [r for r in assessed if any(char_of[c] == code for c in r["refs"])]
        checks += _char_checks(target, members, tax)
    return checks + _measure_checks(assessed, targets, tax) + _register_checks(records, targets, tax)
