"""Build the outcome, national and institutional tables from the reference files.

Writes (under ``--out-dir``, default the data folder itself):

- ``kpi/kpi_observations.csv``: long KPI observations. (a) Every KPI value printed in the
  MTR executive summary (``reference/mtr_published_figures.csv``), provenance
  ``published``; (b) every row of ``reference/country_indicators.csv`` whose indicator
  ``kpi/indicator_map.csv`` maps to a KPI, copied with value and source unchanged,
  provenance ``public_statistics``, caveats from the map and
  ``kpi/observation_caveats.csv``; (c) the ASEAN-level direction markers that
  ``kpi/kpi_framework.csv`` asks for (``reconstructed_change``), provenance
  ``reconstructed``.
- ``institutions/declarations.csv``: the 38 instruments of
  ``reference/declarations_2016_2020.csv`` with the counting flags.
- ``institutions/assessment_findings.csv``: one row per bullet of Tables 7 and 8 of the
  executive summary, text copied programmatically.
- ``institutions/institutional_forms.csv``: the 15 implementing Sectoral Bodies and the
  centres serving them (``reference/ascc_centres.csv``).

Inputs are only ``reference/`` and ``kpi/{kpi_framework,indicator_map,observation_caveats}.csv``
of ``--data-dir``. Output is deterministic: running twice gives identical bytes.

Usage, from the project root: ``python -m scripts.make_kpi_tables [--data-dir DIR] [--out-dir DIR]``
"""

from __future__ import annotations

import argparse
import csv
import html
import re
from pathlib import Path

from ascc_analysis.config import DataPaths

ASEAN = "ASEAN"
COUNTRY_TABLE = "country_indicators.csv"
FIGURES_TABLE = "mtr_published_figures.csv"
SUMMARY_FILE = "ascc_mtr_executive_summary.md"
DATA_DATE_FIGURE = "status_as_of"
"""Published figure holding the MTR's data date (Tool 1 status), used as a cut-off."""

OBSERVATION_COLUMNS = ["kpi_id", "indicator", "role", "geography", "year", "value", "unit", "source",
                       "provenance", "caveat", "figure_id"]
MARKER_INDICATOR = "reconstructed_direction_marker"
MARKER_UNIT = ("direction marker (reconstructed): 0 at the baseline, +1 a stated increase, -1 a stated "
               "decrease, 0 no change; not a measured value")
MARKER_VALUE = {"increase": "1", "decrease": "-1", "no_change": "0"}

DECLARATION_COLUMNS = ["title", "instrument_type", "summit", "date", "year", "host_city", "characteristic",
                       "characteristic_guess", "characteristic_is_guess", "leaders_instrument", "cross_pillar",
                       "after_mtr_data_date", "counted_in_mtr", "counting_note", "source", "verification",
                       "provenance"]
FINDING_COLUMNS = ["finding_id", "table", "table_title", "section", "level", "dimension", "dimension_label",
                   "bullet", "geography", "finding", "mentions_all_ams", "provenance", "source"]
FORM_COLUMNS = ["sectoral_body", "name", "form", "centres", "centre_links", "not_counted", "provenance", "note"]

NOT_A_CENTRE = ("not an ASEAN body", "not an ASEAN-owned centre", "not a knowledge centre", "national facility")
"""Phrases of ascc_centres.csv that mark an entity as not an ASEAN centre of the body."""


# ----------------------------------------------------------------------------------------------------
def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def join(*parts: str) -> str:
    return " | ".join(p for p in parts if p)


def flag(value: bool | None) -> str:
    return "" if value is None else str(bool(value)).lower()


# ---- KPI observations -------------------------------------------------------------------------------
def figure_source(figure: dict[str, str]) -> str:
    parts = ["MTR executive summary", f"section {figure['section']}"]
    if figure["table"]:
        parts.append(figure["table"])
    parts.append(f"figure {figure['figure_id']}")
    return ", ".join(parts)


def published_rows(mapping: list[dict[str, str]], figures: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    rows = []
    for entry in mapping:
        if entry["source_table"] != FIGURES_TABLE:
            continue
        figure = figures.get(entry["indicator"])
        if figure is None:
            raise ValueError(f"indicator_map names unknown figure {entry['indicator']}")
        for year in (entry["years"].split(";") if entry["years"] else [""]):
            rows.append({"kpi_id": entry["kpi_id"], "indicator": entry["series"], "role": entry["role"],
                         "geography": ASEAN, "year": year, "value": figure["value"], "unit": figure["unit"],
                         "source": figure_source(figure), "provenance": "published",
                         "caveat": join(entry["caveat"], figure["note"]), "figure_id": figure["figure_id"]})
    return rows


def row_caveats(caveats: list[dict[str, str]], indicator: str, iso3: str, year: str) -> list[str]:
    return [c["caveat"] for c in caveats
            if c["indicator"] == indicator and c["iso3"] in ("", iso3) and c["year"] in ("", year)]


def country_rows(mapping: list[dict[str, str]], country: list[dict[str, str]],
                 caveats: list[dict[str, str]]) -> list[dict[str, str]]:
    by_indicator = {m["indicator"]: m for m in mapping if m["source_table"] == COUNTRY_TABLE}
    rows = []
    for record in country:
        entry = by_indicator.get(record["indicator"])
        if entry is None:
            raise ValueError(f"indicator {record['indicator']} is not in kpi/indicator_map.csv")
        if entry["role"] == "excluded":
            continue
        caveat = join(entry["caveat"], *row_caveats(caveats, record["indicator"], record["iso3"], record["year"]))
        rows.append({"kpi_id": entry["kpi_id"], "indicator": record["indicator"], "role": entry["role"],
                     "geography": record["iso3"], "year": record["year"], "value": record["value"],
                     "unit": record["unit"], "source": record["source"], "provenance": "public_statistics",
                     "caveat": caveat, "figure_id": ""})
    return rows


def reconstructed_rows(framework: list[dict[str, str]]) -> list[dict[str, str]]:
    rows = []
    for kpi in framework:
        change = kpi["reconstructed_change"]
        if not change:
            continue
        if kpi["is_unit"] != "true" or change not in MARKER_VALUE:
            raise ValueError(f"bad reconstructed_change for KPI {kpi['kpi_id']}: {change!r}")
        source = (f"reconstructed by scripts/make_kpi_tables.py from data/kpi/kpi_framework.csv "
                  f"(reconstructed_change of KPI {kpi['kpi_id']})")
        for year, value in ((kpi["baseline_year"], "0"), (kpi["reconstructed_to_year"], MARKER_VALUE[change])):
            rows.append({"kpi_id": kpi["kpi_id"], "indicator": MARKER_INDICATOR, "role": "primary",
                         "geography": ASEAN, "year": year, "value": value, "unit": MARKER_UNIT, "source": source,
                         "provenance": "reconstructed", "caveat": kpi["reconstruction_basis"], "figure_id": ""})
    return rows


def build_observations(data_dir: Path) -> list[dict[str, str]]:
    paths = DataPaths.of(data_dir)
    framework = read_csv(paths.resolve("kpi/kpi_framework.csv"))
    mapping = read_csv(paths.resolve("kpi/indicator_map.csv"))
    caveats = read_csv(paths.resolve("kpi/observation_caveats.csv"))
    figures = {f["figure_id"]: f for f in read_csv(paths.reference_dir / FIGURES_TABLE)}
    country = read_csv(paths.reference_dir / COUNTRY_TABLE)
    order = {kpi["kpi_id"]: i for i, kpi in enumerate(framework)}
    unknown = {m["kpi_id"] for m in mapping if m["role"] != "excluded"} - set(order)
    if unknown:
        raise ValueError(f"indicator_map names KPIs missing from the framework: {sorted(unknown)}")
    rows = published_rows(mapping, figures) + country_rows(mapping, country, caveats) + reconstructed_rows(framework)

    def key(row: dict[str, str]):
        return (order[row["kpi_id"]], row["geography"] != ASEAN, row["geography"], row["indicator"],
                int(row["year"]) if row["year"] else -1, row["figure_id"])

    return sorted(rows, key=key)


# ---- declarations -----------------------------------------------------------------------------------
def data_date(figures: dict[str, dict[str, str]]) -> str:
    return figures[DATA_DATE_FIGURE]["value"]


def after_date(date: str, cutoff: str) -> bool | None:
    if len(date) == 10:
        return date > cutoff
    year, cutoff_year = int(date[:4]), int(cutoff[:4])
    return None if year == cutoff_year else year > cutoff_year


def guess_characteristic(text: str) -> str:
    match = re.match(r"^([A-E])\b", text)
    if match:
        return match.group(1)
    return "cross-pillar" if text.startswith("cross-pillar") else ""


def build_declarations(data_dir: Path) -> list[dict[str, str]]:
    paths = DataPaths.of(data_dir)
    figures = {f["figure_id"]: f for f in read_csv(paths.reference_dir / FIGURES_TABLE)}
    cutoff = data_date(figures)
    rows = []
    for record in read_csv(paths.reference_dir / "declarations_2016_2020.csv"):
        kind = record["instrument_type"].lower()
        chair = kind.startswith("chairman")
        ministerial = "ministerial" in kind
        leaders = not (chair or ministerial)
        if chair:
            note = "not counted: a Chair's press statement is issued by the ASEAN Chair, not made by the ASEAN Leaders"
        elif ministerial:
            note = "not counted: a ministerial declaration noted by the Leaders, not made by them"
        else:
            note = "counted: a declaration or statement made or adopted by the ASEAN Leaders at a Summit"
        rows.append({
            "title": record["title"], "instrument_type": record["instrument_type"], "summit": record["summit"],
            "date": record["date"], "year": record["date"][:4], "host_city": record["host_city"],
            "characteristic": guess_characteristic(record["ascc_characteristic_guess"]),
            "characteristic_guess": record["ascc_characteristic_guess"], "characteristic_is_guess": "true",
            "leaders_instrument": flag(leaders), "cross_pillar": flag("cross-pillar" in kind),
            "after_mtr_data_date": flag(after_date(record["date"], cutoff)),
            "counted_in_mtr": flag(leaders), "counting_note": note,
            "source": record["source"], "verification": record["verification"], "provenance": "public_statistics",
        })
    return rows


# ---- assessment findings ----------------------------------------------------------------------------
def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def clean_bullet(text: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^[\u2022\-]\s*", "", text).strip()


def build_findings(data_dir: Path) -> list[dict[str, str]]:
    lines = (DataPaths.of(data_dir).reference_dir / SUMMARY_FILE).read_text(encoding="utf-8").splitlines()
    rows, section, table, title = [], "", "", ""
    for line in lines:
        heading = re.match(r"^#+\s*(\d+(?:\.\d+)?)\.?\s", line)
        if heading:
            section, table = heading.group(1), ""
            continue
        caption = re.match(r"^(Table (\d+))\.\s*(.+)$", line.strip())
        if caption:
            table, title = (caption.group(1), caption.group(3)) if caption.group(2) in ("7", "8") else ("", "")
            continue
        if not table or "\t" not in line:
            continue
        label, _, body = line.partition("\t")
        if label.strip() == "Assessment Dimension":
            continue
        bullets = [clean_bullet(b) for b in re.findall(r"<li>(.*?)</li>", body)]
        for number, text in enumerate((b for b in bullets if b), start=1):
            dimension = slug(label.replace("Blueprint ", ""))
            rows.append({
                "finding_id": f"T{table.split()[1]}-{dimension}-{number}", "table": table, "table_title": title,
                "section": section, "level": "national_synthesis" if "National" in title else "regional",
                "dimension": dimension, "dimension_label": label.strip(), "bullet": str(number),
                "geography": ASEAN, "finding": text,
                "mentions_all_ams": flag(bool(re.search(r"\ball ten AMS\b|\b10 AMS\b", text))),
                "provenance": "published", "source": f"MTR executive summary, section {section}, {table}",
            })
    return rows


# ---- institutional forms ----------------------------------------------------------------------------
def build_forms(data_dir: Path) -> list[dict[str, str]]:
    paths = DataPaths.of(data_dir)
    figures = {f["figure_id"]: f for f in read_csv(paths.reference_dir / FIGURES_TABLE)}
    mtr_year = int(data_date(figures)[:4])
    bodies = [b for b in read_csv(paths.reference_dir / "sectoral_bodies.csv")
              if b["in_mtr_15_implementing_sbs"].strip().lower() == "yes"]
    centres = read_csv(paths.reference_dir / "ascc_centres.csv")
    rows = []
    for body in bodies:
        counted, links, excluded, verified = [], [], [], False
        for centre in centres:
            served = centre["serves_sectoral_body"]
            if re.split(r"[\s(]", served.strip(), maxsplit=1)[0] != body["acronym"]:
                continue
            name = centre["acronym"] or centre["name"]
            text = f"{served} {centre['verification']}"
            inferred = "inferred" in text or "likely" in served
            reason = next((p for p in NOT_A_CENTRE if p in text), "")
            year = centre["year_established"]
            if reason:
                excluded.append(f"{name}: {reason}")
            elif year and int(year) > mtr_year:
                excluded.append(f"{name}: established {year}, after the MTR")
            elif year and int(year) == mtr_year:
                excluded.append(f"{name}: established {year}, the year of the MTR data date; not shown to predate it")
            else:
                counted.append(name)
                links.append(f"{name}: link {'inferred' if inferred else 'given'}"
                             + ("" if year else "; year of establishment not found"))
                verified = verified or (not inferred and bool(year))
        if counted:
            form = "has_centre"
            provenance = "public_statistics" if verified else "reconstructed"
            note = ("at least one centre's link to this body is given in ascc_centres.csv" if verified else
                    "every counted centre's link is inferred or its year of establishment is not found; "
                    "counted as existing at the MTR date (assumption)")
        else:
            form, provenance = "runs_through_som", "reconstructed"
            note = ("no ASEAN centre serving this body before the MTR data year in ascc_centres.csv; "
                    "the list may be incomplete, so this form is inferred from absence")
        rows.append({"sectoral_body": body["acronym"], "name": body["full_name"], "form": form,
                     "centres": ";".join(counted), "centre_links": "; ".join(links),
                     "not_counted": "; ".join(excluded), "provenance": provenance, "note": note})
    return rows


# ----------------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.make_kpi_tables", description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None, help="data folder to read (default: data/)")
    parser.add_argument("--out-dir", type=Path, default=None, help="folder to write (default: the data folder)")
    args = parser.parse_args(argv)
    data_dir = DataPaths.of(args.data_dir).data_dir
    out_dir = args.out_dir or data_dir
    write_csv(out_dir / "kpi" / "kpi_observations.csv", OBSERVATION_COLUMNS, build_observations(data_dir))
    write_csv(out_dir / "institutions" / "declarations.csv", DECLARATION_COLUMNS, build_declarations(data_dir))
    write_csv(out_dir / "institutions" / "assessment_findings.csv", FINDING_COLUMNS, build_findings(data_dir))
    write_csv(out_dir / "institutions" / "institutional_forms.csv", FORM_COLUMNS, build_forms(data_dir))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
