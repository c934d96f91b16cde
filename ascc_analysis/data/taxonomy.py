"""The Blueprint taxonomy, read once from data files.

Characteristics, Key Result Areas, strategic measures, Sectoral Bodies, Member States,
statuses, activity types, funding sources and provenance values are data, not code:
``data/taxonomy/*.csv`` plus two reference files (``blueprint_kras.csv`` and
``sectoral_bodies.csv``). So are the words and colours the reports give codes: KPI statuses,
directions and status bases, institutional forms, declaration counting rules, KPI
collection categories, and the colour-blind-safe palette with its named uses. The alias
tables in ``data/taxonomy/aliases/`` map the wording of a Tool 1 export (headers and
values) to these codes, so a new export's spelling is added there without touching code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd

from ascc_analysis.config import KRAS_FILE, SECTORAL_BODIES_FILE, DataPaths

KRA_PATTERN = r"^\s*([{letters}])\s*\.?\s*(\d)\s*(?:\.\s*|\s+)?(\d{{1,2}})?\s*$"
"""A Blueprint reference as desk officers type it: ``A1``, ``A.1``, ``B 2``, ``A.1.3`` (``letters``: the
Characteristic codes in either case)."""

LABEL_TABLES = ("kpi_statuses", "kpi_directions", "status_bases", "institutional_forms", "counting_rules",
                "collection_categories", "palette", "kpi_id_origins")
"""Tables of ``data/taxonomy/`` that give codes their words (``label``, ``phrase``) or colours."""


def normalise_label(text: object) -> str:
    """Fold a header or value for alias matching: lower case, single spaces, no colon.

    Parameters
    ----------
    text : object
        A cell value.

    Returns
    -------
    str
        The folded text ("" for empty cells).
    """
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    folded = re.sub(r"\s+", " ", str(text)).strip().lower()
    return folded.rstrip(":").strip()


@dataclass(frozen=True)
class Taxonomy:
    """All code lists of the Blueprint and the alias tables of Tool 1."""

    characteristics: pd.DataFrame
    kras: pd.DataFrame
    strategic_measures: pd.DataFrame
    sectoral_bodies: pd.DataFrame
    member_states: pd.DataFrame
    statuses: pd.DataFrame
    activity_types: pd.DataFrame
    funding_sources: pd.DataFrame
    provenance: pd.DataFrame
    kpi_statuses: pd.DataFrame
    kpi_directions: pd.DataFrame
    status_bases: pd.DataFrame
    institutional_forms: pd.DataFrame
    counting_rules: pd.DataFrame
    collection_categories: pd.DataFrame
    palette: pd.DataFrame
    """Named colours: the Okabe-Ito palette, then uses (``average``, ``highlight`` ...)."""
    kpi_id_origins: pd.DataFrame
    """Where a KPI id comes from (``mtr``: printed in the MTR; ``project``: assigned here), its mark and footnote."""
    column_aliases: dict[str, str] = field(repr=False)
    value_aliases: dict[str, dict[str, str]] = field(repr=False)
    header_block_aliases: dict[str, str] = field(repr=False)
    """Folded header-block label (``sectoral body``) -> field (``sectoral_body``)."""

    @cached_property
    def characteristic_codes(self) -> list[str]:
        """Characteristic letters, A to E."""
        return self.characteristics["code"].tolist()

    @cached_property
    def kra_codes(self) -> list[str]:
        """KRA codes such as ``A.1``."""
        return self.kras["kra_code"].tolist()

    @cached_property
    def sm_codes(self) -> list[str]:
        """Strategic-measure codes such as ``A.1.1`` (reconstructed)."""
        return self.strategic_measures["sm_code"].tolist()

    @cached_property
    def implementing_bodies(self) -> list[str]:
        """Acronyms of the Sectoral Bodies that implement the Blueprint (15)."""
        rows = self.sectoral_bodies[self.sectoral_bodies["implementing"]]
        return rows["acronym"].tolist()

    @cached_property
    def coordinating_bodies(self) -> list[str]:
        """Acronyms of the coordinating bodies kept beside the implementing ones."""
        rows = self.sectoral_bodies[~self.sectoral_bodies["implementing"]]
        return rows["acronym"].tolist()

    @cached_property
    def ams_codes(self) -> list[str]:
        """ISO3 codes of the ten ASEAN Member States."""
        return self.member_states["iso3"].tolist()

    @cached_property
    def status_codes(self) -> list[str]:
        """Status codes: completed, ongoing, upcoming, withdrawn."""
        return self.statuses["code"].tolist()

    @cached_property
    def activity_type_codes(self) -> list[str]:
        """Activity-type codes, e.g. ``capacity_building``."""
        return self.activity_types["code"].tolist()

    @cached_property
    def funding_source_codes(self) -> list[str]:
        """Funding-source codes, e.g. ``asean_funds``."""
        return self.funding_sources["code"].tolist()

    @cached_property
    def provenance_codes(self) -> list[str]:
        """Provenance values: published, public_statistics, reconstructed, reported."""
        return self.provenance["code"].tolist()

    @cached_property
    def built_by_project(self) -> list[str]:
        """Provenance codes of rows this project made (``reconstructed``): never shown as measured values."""
        return self.provenance.loc[self.provenance["built_by_project"], "code"].tolist()

    def colours(self, table: str) -> dict[str, str]:
        """Code -> colour of a table with a ``colour`` column (``characteristics``, ``statuses``,
        ``kpi_statuses``; ``palette`` by name)."""
        frame = getattr(self, table)
        return dict(zip(frame[frame.columns[0]], frame["colour"]))

    def statuses_where(self, flag: str) -> list[str]:
        """Status codes whose boolean column ``flag`` (assessed, implemented, completed) is true."""
        return list(self._statuses_by_flag[flag])

    @cached_property
    def _statuses_by_flag(self) -> dict[str, tuple[str, ...]]:
        flags = ("assessed", "implemented", "completed")
        return {flag: tuple(self.statuses.loc[self.statuses[flag], "code"]) for flag in flags}

    def label(self, table: str, code: str, column: str | None = None) -> str:
        """Human label of ``code`` in one of the code tables (``activity_types`` ...); ``column``
        picks another wording (``phrase``)."""
        frame = getattr(self, table)
        key = "code" if "code" in frame.columns else frame.columns[0]
        name = column or ("label" if "label" in frame.columns else "name")
        match = frame.loc[frame[key] == code, name]
        return str(match.iloc[0]) if len(match) else str(code)

    def kra_of(self, code: str) -> str | None:
        """The KRA a KRA or strategic-measure code belongs to (None if unknown)."""
        return self._kra_by_code.get(code)

    @cached_property
    def _kra_by_code(self) -> dict[str, str]:
        """Every KRA and strategic-measure code -> its KRA (a lookup per link of a large register)."""
        measures = self.strategic_measures
        first = dict(zip(measures["sm_code"].astype(str)[::-1], measures["kra_code"].astype(str)[::-1], strict=True))
        return first | {code: code for code in self.kra_codes}

    def parse_reference(self, text: str) -> str | None:
        """Canonical KRA or strategic-measure code of one typed reference, or None.

        ``"b2"``, ``"B.2"`` and ``"B 2"`` give ``"B.2"``; ``"A.1.3"`` gives ``"A.1.3"``
        when that strategic measure exists. Unknown codes give None.
        """
        match = self._kra_pattern.match(str(text))
        if not match:
            return None
        letter, kra_number, sm_number = match.groups()
        code = f"{letter.upper()}.{kra_number}" + (f".{int(sm_number)}" if sm_number else "")
        return code if code in self._reference_codes else None

    @cached_property
    def _kra_pattern(self) -> re.Pattern:
        letters = "".join(self.characteristic_codes) + "".join(self.characteristic_codes).lower()
        return re.compile(KRA_PATTERN.format(letters=re.escape(letters)))

    @cached_property
    def _reference_codes(self) -> frozenset[str]:
        return frozenset(self.kra_codes) | frozenset(self.sm_codes)


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _as_bool(series: pd.Series) -> pd.Series:
    return series.str.strip().str.lower().isin({"true", "yes", "1"})


def _kras(path: Path) -> pd.DataFrame:
    kras = _read(path)
    kras["verified"] = ~kras["verification"].str.upper().str.startswith("UNVERIFIED")
    return kras


def _bodies(path: Path) -> pd.DataFrame:
    bodies = _read(path)
    bodies["implementing"] = bodies["in_mtr_15_implementing_sbs"].str.strip().str.lower() == "yes"
    return bodies


def _column_aliases(taxonomy_dir: Path) -> dict[str, str]:
    table = _read(taxonomy_dir / "aliases" / "columns.csv")
    aliases = {normalise_label(column): column for column in table["column"]}
    aliases.update({normalise_label(a): c for a, c in zip(table["alias"], table["column"])})
    return aliases


def _value_aliases(taxonomy: dict[str, pd.DataFrame], taxonomy_dir: Path) -> dict[str, dict[str, str]]:
    code_tables = {"status": "statuses", "activity_type": "activity_types",
                   "funding_source": "funding_sources", "provenance": "provenance"}
    aliases: dict[str, dict[str, str]] = {}
    for field_name, table in code_tables.items():
        codes = taxonomy[table]
        aliases[field_name] = {normalise_label(c): c for c in codes["code"]}
        aliases[field_name].update({normalise_label(lbl): c for lbl, c in zip(codes["label"], codes["code"])})
    extra = _read(taxonomy_dir / "aliases" / "values.csv")
    for field_name, alias, canonical in extra[["field", "alias", "canonical"]].itertuples(index=False):
        aliases.setdefault(field_name, {})[normalise_label(alias)] = canonical
    return aliases


def _header_block_aliases(taxonomy_dir: Path) -> dict[str, str]:
    table = _read(taxonomy_dir / "aliases" / "header_block.csv")
    return {normalise_label(alias): name for name, alias in zip(table["field"], table["alias"])}


@lru_cache(maxsize=8)
def _load(taxonomy_dir: Path, kras_file: Path, bodies_file: Path) -> Taxonomy:
    tables = {
        name: _read(taxonomy_dir / f"{name}.csv")
        for name in ("characteristics", "strategic_measures", "member_states", "statuses",
                     "activity_types", "funding_sources", "provenance", *LABEL_TABLES)
    }
    for flag in ("assessed", "implemented", "completed"):
        tables["statuses"][flag] = _as_bool(tables["statuses"][flag])
    tables["provenance"]["built_by_project"] = _as_bool(tables["provenance"]["built_by_project"])
    return Taxonomy(
        kras=_kras(kras_file),
        sectoral_bodies=_bodies(bodies_file),
        column_aliases=_column_aliases(taxonomy_dir),
        value_aliases=_value_aliases(tables, taxonomy_dir),
        header_block_aliases=_header_block_aliases(taxonomy_dir),
        **tables,
    )


def load_taxonomy(data_dir: str | Path | None = None) -> Taxonomy:
    """Load the taxonomy of a data folder (the shipped ``data/`` by default).

    Parameters
    ----------
    data_dir : str or Path, optional
        A data folder; parts it lacks come from the shipped ``data/``.

    Returns
    -------
    Taxonomy
        The code lists and alias tables (cached per folder).
    """
    paths = DataPaths.of(data_dir)
    return _load(paths.taxonomy_dir, paths.resolve(KRAS_FILE), paths.resolve(SECTORAL_BODIES_FILE))
