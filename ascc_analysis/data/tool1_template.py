"""The Tool 1 reporting template: one workbook per Sectoral Body, laid out as the ingester reads it.

A template has the header block (Sectoral Body, reporting date, reporting period), the
activity table with one column per canonical Tool 1 column, and an Excel data validation on
every column: a drop-down list (or, for the Blueprint reference, a formula over the list of
codes) fed from the taxonomy, an input message and a stop alert on a value outside it. The
lists live on a hidden ``lists`` sheet, each under a workbook-level name; an ``instructions``
sheet says how to fill it. It may be pre-filled with a body's activities from a data folder,
so that the body only updates what changed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from ascc_analysis.config import EXPECTATIONS_DIR
from ascc_analysis.data.taxonomy import Taxonomy, load_taxonomy, normalise_label
from ascc_analysis.data.tool1 import ingest_tool1
from ascc_analysis.data.tool1_cells import CellError, resolve_body

TEMPLATES_SUBDIR = "templates"
"""Folder of the templates inside the output folder."""
ALL_BODIES = "all"
"""The body name that stands for every implementing Sectoral Body."""
TABLE_SHEET, INSTRUCTIONS_SHEET, LISTS_SHEET = "Tool 1", "instructions", "lists"
TITLE = "ASCC Blueprint 2025, M&E Tool 1: reporting template of a Sectoral Body"
HEADER_ROW = 6
"""The row of the column names; the activities start below it."""
EMPTY_ROWS = 500
"""Rows with the validations below the last pre-filled activity."""
BLANK_ALLOWED = ("end_year", "notes", "provenance")
"""Columns whose cells the ingester accepts blank (every other cell of an activity is required)."""
LEFT_OUT_COLUMNS = ("row_number",)
"""Canonical columns the template does not carry: a running number, which the ingester ignores."""
REFERENCE_SEPARATOR = "; "
"""Between the Blueprint references of one activity (one of the separators the ingester splits on)."""
YEAR_COLUMNS = ("start_year", "end_year")
LABELLED_FIELDS = {"activity_type": "activity_types", "status": "statuses", "funding_source": "funding_sources",
                   "provenance": "provenance"}
"""Coded columns and their taxonomy table: the template lists their labels, which the ingester maps to codes."""
YEARS_SUITE = "activities.json"
"""The suite whose start-year bounds are the Blueprint's span (the gate's own rule)."""
PROMPT_TITLE_LIMIT, PROMPT_LIMIT, ERROR_LIMIT = 32, 255, 255
"""Excel's limits on the length of a validation's titles, input message and error message."""
DATE_FORMAT = "d mmmm yyyy"
WIDTHS = {"activity_code": 18, "title": 50, "blueprint_reference": 22, "notes": 40}
"""Column widths (characters) where the default of 16 is too narrow or too wide."""
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REFERENCE_CHECK = ('SUMPRODUCT(--ISNUMBER(FIND(";"&{name}&";",";"&UPPER({text})&";")))'
                   '=LEN({text})-LEN(SUBSTITUTE({text},";",""))+1')
"""True when every ``;``-separated code of the cell is in the named list (spaces ignored, any case)."""


@dataclass(frozen=True)
class TemplateList:
    """One drop-down list: its workbook-level name (also its heading on the lists sheet) and its values."""

    name: str
    values: tuple


@dataclass(frozen=True)
class TemplateColumn:
    """One column of the activity table.

    ``header`` is the name written in the header row (a name the ingester maps to ``field``);
    ``required`` says whether an activity's cell may be left blank; ``choices`` names the
    :class:`TemplateList` of its values (None: free text).
    """

    field: str
    header: str
    required: bool
    choices: str | None
    prompt: str

    @property
    def message(self) -> str:
        """The input message: what to write, and whether it is required."""
        return f"{self.prompt} {'Required.' if self.required else 'Optional.'}"


def template_path(output_dir: str | Path, body: str) -> Path:
    """Where the template of ``body`` is written: ``<output_dir>/templates/Tool1_<body>.xlsx``."""
    return Path(output_dir) / TEMPLATES_SUBDIR / f"Tool1_{body}.xlsx"


def blueprint_years(expectations_dir: str | Path = EXPECTATIONS_DIR) -> range:
    """The years of the Blueprint's span, as the activities suite bounds an activity's start year.

    Raises
    ------
    ValueError
        When the suite has no such bounds.
    """
    suite = json.loads((Path(expectations_dir) / YEARS_SUITE).read_text(encoding="utf-8"))
    for expectation in suite["expectations"]:
        kwargs = expectation.get("kwargs", {})
        if expectation["type"] == "expect_column_values_to_be_between" and kwargs.get("column") == YEAR_COLUMNS[0]:
            return range(int(kwargs["min_value"]), int(kwargs["max_value"]) + 1)
    raise ValueError(f"{YEARS_SUITE} bounds no {YEAR_COLUMNS[0]}: the Blueprint's span is unknown")


def resolve_bodies(names: Iterable[str], taxonomy: Taxonomy) -> list[str]:
    """The implementing Sectoral Bodies named (any case; ``all`` for every one), in the order named, once each.

    Raises
    ------
    ValueError
        For a name that is not an implementing Sectoral Body, saying which are.
    """
    bodies: list[str] = []
    for name in names:
        if name.strip().lower() == ALL_BODIES:
            found = taxonomy.implementing_bodies
        else:
            try:
                found = [resolve_body(name, taxonomy)]
            except CellError as error:
                raise ValueError(f"--make-template {name}: {error}; or '{ALL_BODIES}'") from error
        bodies += [body for body in found if body not in bodies]
    return bodies


def template_lists(taxonomy: Taxonomy, years: range) -> dict[str, TemplateList]:
    """The drop-down lists of a template, by name, from the taxonomy (labels, which the ingester maps to codes)."""
    lists = {"sectoral_body": TemplateList("sectoral_bodies", tuple(taxonomy.implementing_bodies)),
             "blueprint_reference": TemplateList("blueprint_references", tuple(taxonomy.kra_codes + taxonomy.sm_codes))}
    for field, table in LABELLED_FIELDS.items():
        lists[field] = TemplateList(table, tuple(getattr(taxonomy, table)["label"]))
    lists["year"] = TemplateList("years", tuple(years))
    return lists


def template_columns(taxonomy: Taxonomy, lists: dict[str, TemplateList]) -> list[TemplateColumn]:
    """The columns of the activity table: every canonical Tool 1 column but :data:`LEFT_OUT_COLUMNS`, in the
    order of the column alias table."""
    fields = [field for field in dict.fromkeys(taxonomy.column_aliases.values()) if field not in LEFT_OUT_COLUMNS]
    years = lists["year"].values
    prompts = {
        "activity_code": "A code of your own, unique to the activity (e.g. the code of your work plan).",
        "title": "The activity's title, in any language.",
        "blueprint_reference": (f"One or more KRA or strategic-measure codes, separated by ';' (e.g. "
                                f"{reference_example(taxonomy)}). "
                                f"KRAs: {', '.join(taxonomy.kra_codes)}."),
        "activity_type": "Pick the type from the list.",
        "status": "Pick the status as of the reporting date.",
        "start_year": f"Pick the year it started (or starts): {years[0]} to {years[-1]}.",
        "end_year": f"Pick the year it ended (or is expected to end): {years[0]} to {years[-1]}; blank if unknown.",
        "funding_source": "Pick the main source of funding.",
        "notes": "Anything the other columns do not say; several lines are allowed.",
        "provenance": "Leave blank for your own records (read as Reported).",
    }
    choices = {"blueprint_reference": "blueprint_reference", "activity_type": "activity_type", "status": "status",
               "start_year": "year", "end_year": "year", "funding_source": "funding_source",
               "provenance": "provenance"}
    return [TemplateColumn(field, _header(field, taxonomy), field not in BLANK_ALLOWED, choices.get(field),
                           prompts.get(field, "")) for field in fields]


def reference_example(taxonomy: Taxonomy) -> str:
    """A Blueprint-reference cell as the template's convention writes it: a KRA and a strategic measure."""
    codes = [taxonomy.kra_codes[0], (taxonomy.sm_codes or taxonomy.kra_codes[1:])[-1]]
    return REFERENCE_SEPARATOR.join(codes)


def _sm_or_kra(taxonomy: Taxonomy) -> str:
    code = reference_example(taxonomy).split(REFERENCE_SEPARATOR)[-1]
    return f"{'strategic measure' if code in taxonomy.sm_codes else 'KRA'} {code}"


def _header(field: str, taxonomy: Taxonomy) -> str:
    """The column's name in words (``Activity code``) when the ingester maps it, else the canonical name."""
    words = field.replace("_", " ")
    return words.capitalize() if taxonomy.column_aliases.get(normalise_label(words)) == field else field


def prefill_rows(activities: pd.DataFrame, body: str, taxonomy: Taxonomy) -> list[dict]:
    """The rows of ``body`` in an ingested activity table, as the template shows them (labels, not codes).

    Parameters
    ----------
    activities : pandas.DataFrame
        ``Tool1Register.activities`` (``schema.ACTIVITY_DTYPES``).
    body : str
        The Sectoral Body whose rows are taken, in their file and row order.

    Returns
    -------
    list of dict
        Template column -> cell value (None for an empty cell).
    """
    rows = activities[activities["sectoral_body"] == body].sort_values(["source_file", "source_row"])
    prefilled = []
    for record in rows.to_dict("records"):
        row = {field: None if pd.isna(value) else value for field, value in record.items()}
        row |= {field: taxonomy.label(table, row[field]) for field, table in LABELLED_FIELDS.items() if row[field]}
        row |= {field: int(row[field]) for field in YEAR_COLUMNS if row[field] is not None}
        prefilled.append(row)
    return prefilled


def write_template(path: str | Path, body: str, taxonomy: Taxonomy, *, years: range | None = None,
                   reporting_date: date | None = None, rows: Sequence[dict] = (), send_to: str | None = None) -> Path:
    """Write the reporting template of one Sectoral Body.

    Parameters
    ----------
    path : str or Path
        The workbook to write (its folder is created).
    body : str
        An implementing Sectoral Body's acronym, written in the header block.
    taxonomy : Taxonomy
        Code lists (drop-downs) and alias tables (header names).
    years : range, optional
        The years offered; :func:`blueprint_years` when None.
    reporting_date : date, optional
        The header block's reporting date; today when None.
    rows : sequence of dict, optional
        Activities to pre-fill (template column -> value, as :func:`prefill_rows` gives).
    send_to : str, optional
        Who collects the filled templates, named on the instructions sheet.

    Returns
    -------
    Path
        ``path``.
    """
    years = blueprint_years() if years is None else years
    lists = template_lists(taxonomy, years)
    columns = template_columns(taxonomy, lists)
    workbook = Workbook()
    table = workbook.active
    table.title = TABLE_SHEET
    instructions = workbook.create_sheet(INSTRUCTIONS_SHEET)
    _write_lists(workbook, lists)
    last_row = HEADER_ROW + len(rows) + EMPTY_ROWS
    _write_header_block(table, body, taxonomy, lists, years, reporting_date or date.today())
    _write_table(table, columns, rows)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cells = f"{letter}{HEADER_ROW + 1}:{letter}{last_row}"
        table.add_data_validation(_column_validation(column, lists, f"{letter}{HEADER_ROW + 1}", cells))
    _write_instructions(instructions, body, columns, lists, taxonomy, send_to)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def make_templates(bodies: Iterable[str], output_dir: str | Path, *, data_dir: str | Path | None = None,
                   from_data: str | Path | None = None, reporting_date: date | None = None,
                   send_to: str | None = None) -> list[tuple[Path, int]]:
    """Write the templates of the bodies named (``all``: every implementing one) into ``<output_dir>/templates/``.

    Parameters
    ----------
    bodies : iterable of str
        Sectoral Body acronyms (any case), or ``all``.
    output_dir : str or Path
        The output folder.
    data_dir : str or Path, optional
        Whose taxonomy feeds the lists; the shipped ``data/`` when None.
    from_data : str or Path, optional
        A data folder whose Tool 1 register pre-fills each body's activities (its rows that
        ingest cleanly).

    Returns
    -------
    list of (Path, int)
        Each template written and the number of activities pre-filled in it.

    Raises
    ------
    ValueError
        For a name that is not an implementing Sectoral Body.
    """
    taxonomy = load_taxonomy(data_dir)
    names = resolve_bodies(bodies, taxonomy)
    activities = ingest_tool1(from_data, taxonomy=taxonomy).activities if from_data is not None else None
    written = []
    for body in names:
        rows = prefill_rows(activities, body, taxonomy) if activities is not None else []
        path = write_template(template_path(output_dir, body), body, taxonomy, reporting_date=reporting_date,
                              rows=rows, send_to=send_to)
        written.append((path, len(rows)))
    return written


def _header_label(field: str, taxonomy: Taxonomy) -> str:
    """The first label the ingester accepts for a header-block field, with a capital and a colon."""
    alias = next(alias for alias, name in taxonomy.header_block_aliases.items() if name == field)
    return f"{alias[:1].upper()}{alias[1:]}:"


def _write_header_block(sheet, body: str, taxonomy: Taxonomy, lists: dict[str, TemplateList], years: range,
                        reporting_date: date) -> None:
    """Rows 1-4: the title, then label in column A and value in B, as the ingester reads them."""
    full_name = dict(zip(taxonomy.sectoral_bodies["acronym"], taxonomy.sectoral_bodies["full_name"])).get(body)
    sheet.append([TITLE])
    sheet.append([_header_label("sectoral_body", taxonomy), body, full_name])
    sheet.append([_header_label("reporting_date", taxonomy), datetime.combine(reporting_date, datetime.min.time())])
    sheet.append(["Reporting period:", f"{years[0]}-{years[-1]} (the Blueprint's span)"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["B3"].number_format = DATE_FORMAT
    for row in range(2, 5):
        sheet.cell(row, 1).font = Font(bold=True)
    body_list = lists["sectoral_body"]
    sheet.add_data_validation(_validation(
        "list", body_list.name, "B2", "Sectoral Body", "Your body's acronym, as the list spells it.",
        f"Pick your Sectoral Body from the list ({', '.join(body_list.values)})."))
    sheet.add_data_validation(_validation(
        "date", f"DATE({years[0]},1,1)", "B3", "Reporting date",
        "The date the statuses are as of (a date, e.g. 21 May 2020).",
        f"Type a date from 1 January {years[0]} on (e.g. 21 May 2020).", operator="greaterThanOrEqual"))


def _write_table(sheet, columns: list[TemplateColumn], rows: Sequence[dict]) -> None:
    """The header row, the pre-filled activities below it, widths, wrapping and frozen panes."""
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(HEADER_ROW, index, column.header)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(column.field, 16)
    for number, row in enumerate(rows, start=HEADER_ROW + 1):
        for index, column in enumerate(columns, start=1):
            sheet.cell(number, index, row.get(column.field))
    wrapped = [index for index, column in enumerate(columns, start=1) if column.field in ("title", "notes")]
    for index in wrapped:
        for number in range(HEADER_ROW + 1, HEADER_ROW + len(rows) + 1):
            sheet.cell(number, index).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1)


def _column_validation(column: TemplateColumn, lists: dict[str, TemplateList], first_cell: str,
                       cells: str) -> DataValidation:
    """The column's validation: its list, the reference-codes formula, or (free text) a prompt only."""
    prompt = column.message
    if column.choices is None:
        return _validation("textLength", "0", cells, column.header, prompt, "", operator="greaterThanOrEqual")
    choices = lists[column.choices]
    if column.field == "blueprint_reference":
        formula = REFERENCE_CHECK.format(name=choices.name, text=f'SUBSTITUTE({first_cell}," ","")')
        error = f"Each code must be a KRA or strategic measure of the Blueprint. {column.prompt}"
        return _validation("custom", formula, cells, column.header, prompt, error)
    shown = ", ".join(map(str, choices.values))
    error = f"Pick a value from the list: {shown}." if len(shown) < 150 else "Pick a value from the drop-down list."
    return _validation("list", choices.name, cells, column.header, prompt, error)


def _validation(kind: str, formula: str, cells: str, title: str, prompt: str, error: str,
                operator: str | None = None) -> DataValidation:
    """A validation with an input message and, unless ``error`` is empty, a stop alert."""
    validation = DataValidation(type=kind, formula1=formula, operator=operator, allow_blank=True,
                                showInputMessage=True, showErrorMessage=bool(error), errorStyle="stop",
                                promptTitle=title[:PROMPT_TITLE_LIMIT], prompt=prompt[:PROMPT_LIMIT],
                                errorTitle=f"Not accepted: {title}"[:PROMPT_TITLE_LIMIT] if error else None,
                                error=error[:ERROR_LIMIT] or None)
    validation.add(cells)
    return validation


def _write_lists(workbook: Workbook, lists: dict[str, TemplateList]) -> None:
    """The hidden lists sheet: one list a column, each under its workbook-level name."""
    sheet = workbook.create_sheet(LISTS_SHEET)
    sheet.sheet_state = "hidden"
    for index, template_list in enumerate(lists.values(), start=1):
        letter = get_column_letter(index)
        sheet.cell(1, index, template_list.name).font = Font(bold=True)
        for number, value in enumerate(template_list.values, start=2):
            sheet.cell(number, index, value)
        reference = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(template_list.values) + 1}"
        workbook.defined_names[template_list.name] = DefinedName(template_list.name, attr_text=reference)


def _write_instructions(sheet, body: str, columns: list[TemplateColumn], lists: dict[str, TemplateList],
                        taxonomy: Taxonomy, send_to: str | None) -> None:
    """How to fill the template, each column, the multi-KRA convention, the codes and where to send it."""
    first = HEADER_ROW + 1
    collector = send_to or "the person who sent you this template (the ASCC monitoring and evaluation team)"
    lines = [
        [f"How to fill in the Tool 1 template of {body}"],
        [],
        ["1.", f"On the '{TABLE_SHEET}' sheet, check the Sectoral Body (B2) and set the reporting date (B3): the "
               "date the statuses are as of."],
        ["2.", f"List your activities one a row from row {first} down, one column each; a pre-filled row needs "
               "only its status (and end year) brought up to date. Do not rename, move or insert columns."],
        ["3.", "Pick coded values from the drop-down lists; Excel refuses a value outside the list. Paste with "
               "Paste Special > Values, or the lists are lost."],
        ["4.", f"Several Blueprint references go in one cell, separated by '{REFERENCE_SEPARATOR.strip()}': "
               f"{reference_example(taxonomy)} links the activity to KRA {taxonomy.kra_codes[0]} and "
               f"{_sm_or_kra(taxonomy)}."],
        ["5.", "Text may be in any language (ไทย, ខ្មែរ, Tiếng Việt ...) and a note may run over several lines; "
               "line breaks are read as spaces."],
        ["6.", f"Save as Excel Workbook (.xlsx), keep the file name Tool1_{body}.xlsx and send it to {collector}."],
        [],
        ["Column", "What to write"],
        *[[column.header, column.message] for column in columns],
        [],
        ["KRA", "Key Result Area"],
        *[[code, title] for code, title in zip(taxonomy.kra_codes, taxonomy.kras["kra_title"])],
        [],
        ["Strategic measures", ", ".join(taxonomy.sm_codes)],
    ]
    for line in lines:
        sheet.append(line)
    sheet["A1"].font = Font(bold=True, size=13)
    for row in sheet.iter_rows():
        if row[0].value in ("Column", "KRA", "Strategic measures"):
            for cell in row:
                cell.font = Font(bold=True)
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 100
