"""Great Expectations results in words: each failed expectation as a Failure with values and the rows they came from.

A failure names the suite, the column, a few unexpected values and their lineage
(``file sheet 'x' row n`` for the Tool 1 register, ``file row n`` for a CSV table).
Checks that failed only because of what ingestion already reported are left out: checks
on a missing column (the column-set check names it), and the emptiness of cells that were
emptied because they did not hold their column's type (the cast failure names each).
"""

from __future__ import annotations

import numbers

import pandas as pd

from ascc_analysis.data.schema import LINEAGE_COLUMNS
from ascc_analysis.validation.result import Check, Failure

SHOWN = 5
"""Unexpected values (and their rows) a failure message lists."""

UNCAST_ATTR = "uncast"
"""``frame.attrs`` key: column -> positions of the cells emptied because they could not be cast."""

NOT_NULL = "expect_column_values_to_not_be_null"


def _columns(kwargs: dict) -> str | None:
    if kwargs.get("column"):
        return kwargs["column"]
    if kwargs.get("column_A"):
        return f"{kwargs['column_A']}, {kwargs['column_B']}"
    if kwargs.get("column_list"):
        return ", ".join(kwargs["column_list"])
    return None


def _check(suite: str, outcome, passed: bool) -> Check:
    config = outcome.expectation_config
    description = getattr(config, "description", None) or ""
    return Check(suite, config.type, _columns(config.kwargs), description, bool(passed))


def _exception(outcome) -> str | None:
    """The message of an exception raised while evaluating an expectation, if any."""
    info = outcome.exception_info or {}
    if info.get("raised_exception"):
        return str(info.get("exception_message"))
    nested = [v for v in info.values() if isinstance(v, dict) and v.get("raised_exception")]
    return str(nested[0].get("exception_message")) if nested else None


def _shorten(values, limit: int = 8) -> str:
    values = [str(v) for v in values]
    return ", ".join(values[:limit]) + (f", ... ({len(values)} in all)" if len(values) > limit else "")


def _number(value):
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _bounds(kwargs: dict) -> str:
    low, high = _number(kwargs.get("min_value")), _number(kwargs.get("max_value"))
    if low is not None and high is not None:
        return f"values outside {low}..{high}"
    return f"values below {low}" if low is not None else f"values above {high}"


def _message(outcome) -> str:
    """What failed, in words (the expectation's description is prepended when it has one)."""
    config, result = outcome.expectation_config, outcome.result or {}
    kwargs, kind = config.kwargs, config.type
    error = _exception(outcome)
    if error:
        text = f"could not be checked: {error}"
    elif kind == "expect_table_columns_to_match_set":
        mismatch = (result.get("details") or {}).get("mismatched") or {}
        text = f"columns differ: missing {mismatch.get('missing') or []}, unexpected {mismatch.get('unexpected') or []}"
    elif kind == "expect_column_values_to_be_of_type":
        text = f"type {result.get('observed_value')!s}, expected {kwargs.get('type_')}"
    elif kind == "expect_table_row_count_to_be_between":
        text = f"{result.get('observed_value')} rows, expected at least {kwargs.get('min_value')}"
    elif kind == "expect_column_values_to_be_in_set":
        text = f"values not in the allowed set ({_shorten(kwargs.get('value_set') or [])})"
    elif kind == "expect_column_values_to_not_be_null":
        text = "empty values"
    elif kind == "expect_column_values_to_be_unique":
        text = "duplicate values"
    elif kind == "expect_compound_columns_to_be_unique":
        text = "duplicate combinations"
    elif kind == "expect_column_values_to_be_between":
        text = _bounds(kwargs)
    elif kind == "expect_column_values_to_match_regex":
        text = f"values not matching {kwargs.get('regex')}"
    elif kind == "expect_column_distinct_values_to_contain_set":
        text = "expected values missing from the column"
    elif kind == "expect_column_pair_values_a_to_be_greater_than_b":
        text = f"{kwargs['column_A']} {'<' if kwargs.get('or_equal') else '<='} {kwargs['column_B']}"
    elif kind == "expect_column_pair_values_to_be_equal":
        text = f"{kwargs['column_A']} differs from {kwargs['column_B']}"
    else:
        text = kind.removeprefix("expect_").replace("_", " ") + " failed"
    description = getattr(config, "description", None)
    return f"{description}: {text}" if description else text


def _unexpected(outcome) -> tuple[list, list]:
    """(unexpected values, their row indexes) as reported by GX, aligned."""
    config, result = outcome.expectation_config, outcome.result or {}
    if config.type == "expect_column_distinct_values_to_contain_set":
        return list(result.get("partial_missing_list") or []), []
    values = list(result.get("partial_unexpected_list") or [])
    return values, list(result.get("partial_unexpected_index_list") or [])


def _text(value) -> str:
    if isinstance(value, (tuple, list)):
        return "(" + ", ".join(_text(v) for v in value) + ")"
    if isinstance(value, dict):
        return "(" + ", ".join(f"{k}={_text(v)}" for k, v in value.items()) + ")"
    return "<empty>" if value is None or value is pd.NA else str(value)


def _where(frame: pd.DataFrame, indexes: list) -> tuple:
    """Lineage of the rows at ``indexes`` (positions after ``reset_index``) of ``frame``."""
    positions = [int(i) for i in indexes[:SHOWN] if isinstance(i, numbers.Integral) and 0 <= i < len(frame)]
    if not positions:
        return ()
    if set(LINEAGE_COLUMNS) <= set(frame.columns):
        rows = frame.iloc[positions]
        return tuple(location(r.source_file, r.source_sheet, r.source_row) for r in rows.itertuples()
                     if not _missing(r.source_file))
    source = frame.attrs.get("source_file")
    if source:
        return tuple(f"{source} row {frame.index[i] + 2}" for i in positions
                     if isinstance(frame.index[i], numbers.Integral))
    return ()


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))


def location(file, sheet, row) -> str:
    """``file sheet 'x' row n``, leaving out what is unknown."""
    parts = [str(file)] + ([] if _missing(sheet) else [f"sheet {str(sheet)!r}"])
    return " ".join(parts + ([] if _missing(row) else [f"row {int(row)}"]))


def _missing_columns(failed: list) -> set:
    """Columns a failed ``expect_table_columns_to_match_set`` reports missing."""
    missing = set()
    for outcome in failed:
        if outcome.expectation_config.type == "expect_table_columns_to_match_set":
            mismatch = ((outcome.result or {}).get("details") or {}).get("mismatched") or {}
            missing |= set(mismatch.get("missing") or [])
    return missing


def suite_results(suite: str, results: list, frame: pd.DataFrame) -> tuple[list[Check], list[Failure]]:
    """The checks and failures of one suite's GX results on ``frame``.

    Parameters
    ----------
    suite : str
        The suite's name.
    results : list
        GX ``ExpectationValidationResult`` objects.
    frame : pandas.DataFrame
        The frame validated (positions as GX saw them), with lineage columns or
        ``attrs["source_file"]``, and ``attrs["uncast"]`` when cells were emptied.

    Returns
    -------
    tuple of (list of Check, list of Failure)
        One check per expectation; a not-null check that found only emptied cells counts
        as passed. Failures leave out checks that could not run on a missing column (the
        column-set failure names it; they still count as failed).
    """
    uncast = frame.attrs.get(UNCAST_ATTR) or {}
    missing = _missing_columns([outcome for outcome in results if not outcome.success])
    checks, failures = [], []
    for outcome in results:
        failure = None if outcome.success else _failure(suite, outcome, frame, _emptied(outcome, uncast))
        checks.append(_check(suite, outcome, passed=outcome.success or failure is None))
        if failure is not None and not (_exception(outcome) and failure.column in missing):
            failures.append(failure)
    return checks, failures


def _emptied(outcome, uncast: dict) -> set:
    """Positions of the cells a not-null check finds empty because ingestion emptied them."""
    config = outcome.expectation_config
    if config.type != NOT_NULL or config.kwargs.get("row_condition"):
        return set()
    return set(uncast.get(config.kwargs.get("column"), ()))


def _failure(suite: str, outcome, frame: pd.DataFrame, emptied: set) -> Failure | None:
    """A Failure, or None when every row it found is in ``emptied``; an expectation's
    ``meta.report_column`` reports that column's values instead (e.g. the activity codes
    of rows whose ``activity_known`` flag failed)."""
    config = outcome.expectation_config
    values, indexes = _unexpected(outcome)
    count = (outcome.result or {}).get("unexpected_count")
    if emptied and not _exception(outcome):
        count = (count or 0) - len(emptied)
        if count <= 0:
            return None
        kept = [(v, i) for v, i in zip(values, indexes) if i not in emptied]
        values, indexes = [v for v, _ in kept], [i for _, i in kept]
    column, message = _columns(config.kwargs), _message(outcome)
    shown = (config.meta or {}).get("report_column")
    if shown in frame.columns and not _exception(outcome):
        positions = [int(i) for i in indexes[:SHOWN] if isinstance(i, numbers.Integral) and 0 <= i < len(frame)]
        values, column = frame[shown].iloc[positions].tolist(), shown
        message = getattr(config, "description", None) or message
    return Failure(suite, config.type, column, tuple(_text(v) for v in values[:SHOWN]), _where(frame, indexes),
                   message, int(count) if count else None)
