"""Means of implementation, institutions and resources (MTR section 3.7, Table 7).

What the ``resources`` chapter computes that the rest of the package does not: the
Leaders' declarations by year and (guessed) Characteristic, the counting rule and how it
compares with the published total, funding sources by Sectoral Body, the institutional
form of each body with the centres serving it, the matrix of KRAs that bodies share, and the
chapter's sentences (its charts are drawn by ``present.charts``; Tables 7 and 8 beside the data are
``chapters.resources_findings``). Every number in a sentence comes from the frames passed in; reasons,
findings and the names of forms and counting rules are read from data.
"""

from __future__ import annotations

import pandas as pd

from ascc_analysis.analysis import activities as metrics
from ascc_analysis.analysis import gaps, network, reconcile
from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.present.basis import Basis
from ascc_analysis.present.judgement import ranked_names, withheld_note
from ascc_analysis.present.sentences import reconstructed_caveat
from ascc_analysis.present.text import agree, count, join, lower_first, percent

CROSS_PILLAR = "cross-pillar"
"""The ``characteristic`` value of declarations that belong to no single Characteristic."""
CENTRE_MARKS = (("inferred", "link inferred"), ("not found", "year not found"))
"""(words in a ``centre_links`` detail, mark shown beside the centre)."""

def _with_caveat(text: str, rows: pd.DataFrame, taxonomy: Taxonomy) -> str:
    """``text`` followed by the caution on reconstructed rows, so that the sentence keeps it wherever it is used."""
    caveat = reconstructed_caveat(rows, taxonomy)
    return f"{text} {caveat}" if caveat else text


# ---- declarations -------------------------------------------------------------------------------------
def _counted(declarations: pd.DataFrame) -> pd.Series:
    return declarations["counted_in_mtr"].fillna(False).astype(bool)


def declaration_columns(taxonomy: Taxonomy) -> list[str]:
    """Characteristic letters in taxonomy order, then ``cross-pillar``."""
    return [*taxonomy.characteristic_codes, CROSS_PILLAR]


def declarations_by_year(declarations: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """Counted instruments by year and guessed Characteristic, with the instruments not counted.

    Parameters
    ----------
    declarations : pandas.DataFrame
        From ``institutions.load_declarations``.
    taxonomy : Taxonomy
        For the Characteristic order.

    Returns
    -------
    pandas.DataFrame
        Index: year. Columns: each Characteristic letter and ``cross-pillar`` (counted
        instruments), ``counted`` (their total) and ``not_counted``.
    """
    counted = declarations[_counted(declarations)]
    table = pd.crosstab(counted["year"].astype(int), counted["characteristic"].astype(str))
    years = sorted(declarations["year"].dropna().astype(int).unique())
    table = table.reindex(index=years, columns=declaration_columns(taxonomy), fill_value=0)
    table["counted"] = table.sum(axis=1)
    dropped = declarations.loc[~_counted(declarations), "year"].dropna().astype(int).value_counts()
    table["not_counted"] = dropped.reindex(years, fill_value=0).astype(int)
    return table.rename_axis("year")


def declarations_display(by_year: pd.DataFrame) -> pd.DataFrame:
    """``declarations_by_year`` with readable columns (``Year`` first, as text: no thousands separator)."""
    names = {code: (f"Characteristic {code}" if len(code) == 1 else "Cross-pillar") for code in by_year.columns}
    names.update(counted="Counted", not_counted="Not counted")
    table = by_year.rename(columns=names).rename_axis(columns=None).astype("int64")
    return table.set_axis(by_year.index.astype(str), axis=0).rename_axis("Year").reset_index()


def counting_rule_table(declarations: pd.DataFrame) -> pd.DataFrame:
    """How many instruments each ``counting_note`` keeps or drops, counted first.

    Returns
    -------
    pandas.DataFrame
        Columns ``Counted`` (yes/no), ``Reason`` (the note after its ``counted:`` prefix)
        and ``Instruments``.
    """
    notes = declarations["counting_note"].fillna("").astype(str)
    parts = notes.str.split(":", n=1, expand=True).reindex(columns=[0, 1]).fillna("")
    table = pd.DataFrame({"Counted": _counted(declarations).map({True: "yes", False: "no"}),
                          "Reason": parts[1].str.strip()})
    table = table.value_counts().rename("Instruments").reset_index()
    return table.sort_values(["Counted", "Instruments"], ascending=[False, False], ignore_index=True)


def rule_comparison_table(counts: dict[str, int], taxonomy: Taxonomy) -> pd.DataFrame:
    """The candidate counting rules (``institutions.declaration_counts``) with their names (``counting_rules.csv``)."""
    return pd.DataFrame({"Counting rule": [taxonomy.label("counting_rules", key) for key in counts],
                         "Instruments": [int(value) for value in counts.values()]})


def figure_check(figure_id: str, computed: object, published: pd.DataFrame, notes: pd.DataFrame) -> dict:
    """One published figure beside its computed value, with the recorded reason if any.

    Parameters
    ----------
    figure_id : str
        An id of the published figures.
    computed : object
        Its value computed from data.
    published, notes : pandas.DataFrame
        The ``published_figures`` and ``reconciliation_notes`` datasets.

    Returns
    -------
    dict
        ``published`` (text as printed), ``computed``, ``status`` and ``reason`` of
        ``reconcile.reconcile``; ``published`` is None when the figure is not published.
    """
    table = reconcile.reconcile({figure_id: computed}, published, notes)
    rows = table[table["figure_id"] == figure_id]
    if rows.empty:
        return {"published": None, "computed": computed, "status": "not_published", "reason": ""}
    return rows.iloc[0][["published", "computed", "status", "reason"]].to_dict()


def declarations_sentence(declarations: pd.DataFrame, check: dict) -> str:
    """The counting rule in numbers, and why its total differs from the published one.

    Parameters
    ----------
    declarations : pandas.DataFrame
        From ``institutions.load_declarations``.
    check : dict
        From :func:`figure_check` for ``declarations_since_2016``.
    """
    years = declarations["year"].dropna().astype(int)
    text = (f"The list holds {count(len(declarations))} declarations and statements dated {years.min()} to "
            f"{years.max()}; the counting rule keeps {count(int(_counted(declarations).sum()))}.")
    if check.get("published") is None:
        return text
    text += f" The MTR prints {check['published']} (Table 7)"
    if check["status"] in ("exact", "within_rounding"):
        return text + ", which the rule reproduces."
    status = reconcile.STATUS_LABELS.get(check["status"], check["status"]).lower()
    return text + f"; reconciliation status: {status}. Why: {check['reason']}"


def guess_sentence(declarations: pd.DataFrame) -> str:
    """Say that the Characteristic of each instrument is a guess, with how many rows are flagged."""
    flagged = int(declarations["characteristic_is_guess"].fillna(False).astype(bool).sum())
    return (f"The Characteristic of {count(flagged)} of the {count(len(declarations))} instruments is the list "
            "compiler's guess, not an assignment by the MTR: read the split by Characteristic as indicative.")


# ---- funding ------------------------------------------------------------------------------------------
def funding_by_body(activities: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """Assessed activities of each Sectoral Body and the share of each funding source.

    Returns
    -------
    pandas.DataFrame
        Columns ``sectoral_body``, ``activities`` and one column per funding-source code
        (percent of the body's assessed activities); most activities first.
    """
    assessed = metrics.assessed_activities(activities, taxonomy)
    counts = pd.crosstab(assessed["sectoral_body"].astype(str), assessed["funding_source"].astype(str))
    counts = counts.reindex(columns=taxonomy.funding_source_codes, fill_value=0)
    totals = counts.sum(axis=1)
    table = (100.0 * counts.div(totals, axis=0)).rename_axis(columns=None).reset_index()
    table.insert(1, "activities", totals.to_numpy())
    return table.sort_values(["activities", "sectoral_body"], ascending=[False, True], ignore_index=True)


def funding_display(by_body: pd.DataFrame, basis: Basis, taxonomy: Taxonomy) -> pd.DataFrame:
    """:func:`funding_by_body` with readable column names (source labels), bodies named only when ``basis`` may.

    The rows are ranked by assessed activities; on project-built rows the body column holds rank
    words (``present.judgement.ranked_names``) instead of names.
    """
    names = {code: taxonomy.label("funding_sources", code) for code in taxonomy.funding_source_codes}
    names.update(sectoral_body="Sectoral Body (most assessed activities first)", activities="Assessed activities")
    shown = by_body.assign(sectoral_body=ranked_names(list(by_body["sectoral_body"]), basis, taxonomy))
    return shown.rename(columns=names)


def funding_sentence(activities: pd.DataFrame, taxonomy: Taxonomy) -> str:
    """Funding sources of the assessed activities, largest share first, with the caution on reconstructed rows.

    Parameters
    ----------
    activities : pandas.DataFrame
        The register's activities (with ``provenance``); the shares are ``metrics.funding_shares``.
    taxonomy : Taxonomy
        Source labels; which provenance codes the project built.
    """
    shares = metrics.funding_shares(activities, taxonomy)
    total = int(shares["activities"].sum())
    if not total:
        return "No assessed activity records a funding source."
    ordered = shares.sort_values(["share", "funding_source"], ascending=[False, True])
    parts = [f"{lower_first(taxonomy.label('funding_sources', code))} ({percent(share)})"
             for code, share in zip(ordered["funding_source"], ordered["share"])]
    text = f"The {count(total)} assessed activities are funded by " + ", ".join(parts) + "."
    return _with_caveat(text, metrics.assessed_activities(activities, taxonomy), taxonomy)


# ---- institutional forms ------------------------------------------------------------------------------
def _centre_details(centre_links: object) -> list[tuple[str, str]]:
    """(centre, details) pairs of a ``centre_links`` cell; a part without a colon qualifies the previous centre."""
    if centre_links is None or pd.isna(centre_links):
        return []
    pairs: list[tuple[str, str]] = []
    for part in str(centre_links).split(";"):
        name, colon, detail = part.partition(":")
        if colon:
            pairs.append((name.strip(), detail.strip()))
        elif pairs and part.strip():
            pairs[-1] = (pairs[-1][0], f"{pairs[-1][1]}; {part.strip()}")
    return pairs


def centre_list(centre_links: object) -> str:
    """Centres of a ``centre_links`` cell, inferred links and unknown years marked.

    ``"ACAI: link inferred; ABVC: link given"`` gives ``"ACAI (link inferred); ABVC"``;
    ``"ARCs: link given; year of establishment not found"`` gives ``"ARCs (year not found)"``.
    """
    names = []
    for name, detail in _centre_details(centre_links):
        marks = [mark for key, mark in CENTRE_MARKS if key in detail]
        names.append(name + (f" ({', '.join(marks)})" if marks else ""))
    return "; ".join(names)


def forms_table(forms: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """The institutional form of each body, readable, with the centres serving it.

    Parameters
    ----------
    forms : pandas.DataFrame
        From ``institutions.load_institutional_forms``.
    taxonomy : Taxonomy
        Names of the forms (``institutional_forms.csv``).

    Returns
    -------
    pandas.DataFrame
        Columns: Sectoral Body, Name, Form, Centres serving it (inferred links marked),
        Not counted, Provenance, Note.
    """
    return pd.DataFrame({
        "Sectoral Body": forms["sectoral_body"].astype(str).to_numpy(),
        "Name": forms["name"].astype(str).to_numpy(),
        "Form": [taxonomy.label("institutional_forms", str(f)) for f in forms["form"]],
        "Centres serving it": [centre_list(links) for links in forms["centre_links"]],
        "Not counted": forms["not_counted"].fillna("").astype(str).to_numpy(),
        "Provenance": [taxonomy.label("provenance", str(p)) for p in forms["provenance"]],
        "Note": forms["note"].fillna("").astype(str).to_numpy(),
    })


def forms_sentence(forms: pd.DataFrame, taxonomy: Taxonomy) -> str:
    """How many bodies have a centre or run through their SOM, and how many rows the project built."""
    total = len(forms)
    parts = []
    for form, one, several in (("has_centre", "is served by a centre", "are served by a centre"),
                               ("runs_through_som", "runs through its senior officials' meeting",
                                "run through their senior officials' meetings")):
        rows = forms[forms["form"] == form]
        inferred = int(rows["provenance"].isin(taxonomy.built_by_project).sum())
        parts.append(f"{agree(len(rows), one, several)} ({count(inferred)} of them reconstructed)")
    links = sum("inferred" in detail for value in forms["centre_links"] for _, detail in _centre_details(value))
    return (f"Of the {count(total)} implementing Sectoral Bodies, " + " and ".join(parts) + ". "
            f"{count(links)} centre link{'s are' if links != 1 else ' is'} inferred rather than given in the list of "
            "centres; a body with no centre in that list is taken to run through its senior officials' meeting, "
            "which the list cannot prove.")


def implementation_by_form(activities: pd.DataFrame, forms: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """Implementation rate of the bodies of each institutional form (``gaps.body_implementation``).

    Returns
    -------
    pandas.DataFrame
        Columns ``form``, ``bodies``, ``assessed``, ``implemented``, ``implementation_rate``
        (percent of the assessed activities of those bodies), in the order of ``institutional_forms.csv``.
    """
    bodies = gaps.body_implementation(activities, taxonomy)
    merged = bodies.merge(forms[["sectoral_body", "form"]].astype(str), on="sectoral_body", how="inner")
    table = merged.groupby("form").agg(bodies=("sectoral_body", "size"), assessed=("assessed", "sum"),
                                       implemented=("implemented", "sum"))
    table = table.reindex([f for f in taxonomy.institutional_forms["code"] if f in table.index]).reset_index()
    table["implementation_rate"] = 100.0 * table["implemented"] / table["assessed"]
    return table


def form_rates_sentence(activities: pd.DataFrame, forms: pd.DataFrame, taxonomy: Taxonomy) -> str:
    """Implementation rate of each institutional form (:func:`implementation_by_form`) in one sentence.

    The caution on reconstructed activity rows is part of the sentence (the forms' own is in :func:`forms_sentence`).
    """
    table = implementation_by_form(activities, forms, taxonomy)
    if table.empty:
        return "No body of the institutional-forms table has assessed activities."
    parts = [f"{percent(rate)} of the {count(n)} assessed activities of the {count(b)} "
             f"{taxonomy.label('institutional_forms', f, 'phrase')}"
             for f, rate, n, b in zip(table["form"], table["implementation_rate"], table["assessed"], table["bodies"])]
    text = "Completed or ongoing: " + "; ".join(parts) + "."
    return _with_caveat(text, metrics.assessed_activities(activities, taxonomy), taxonomy)


def implementation_by_form_display(table: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """:func:`implementation_by_form` with readable names."""
    return pd.DataFrame({
        "Institutional form": [taxonomy.label("institutional_forms", f) for f in table["form"]],
        "Sectoral Bodies": table["bodies"].astype("int64").to_numpy(),
        "Assessed activities": table["assessed"].astype("int64").to_numpy(),
        "Completed or ongoing": table["implemented"].astype("int64").to_numpy(),
        "Implementation rate": table["implementation_rate"].to_numpy(),
    })


# ---- bodies sharing KRAs ------------------------------------------------------------------------------
def shared_kra_matrix(register, taxonomy: Taxonomy, level: str = "kra_code") -> pd.DataFrame:
    """Square matrix of the KRAs (or measures) each pair of Sectoral Bodies both serve.

    Off the diagonal: the ``shared`` count of ``network.shared_reference_pairs``; on the
    diagonal: how many KRAs the body serves itself. Bodies in taxonomy order, then any
    other body of the register alphabetically.

    Returns
    -------
    pandas.DataFrame
        Bodies x bodies, integer counts (symmetric).
    """
    served = network.bodies_per_reference(register, taxonomy, level)
    own = served["body_list"].str.split("; ").explode().value_counts()
    order = [b for b in taxonomy.implementing_bodies if b in own.index]
    order += sorted(set(own.index) - set(order))
    matrix = pd.DataFrame(0, index=order, columns=order, dtype="int64")
    for pair in network.shared_reference_pairs(register, taxonomy, level).itertuples(index=False):
        matrix.at[pair.body_a, pair.body_b] = matrix.at[pair.body_b, pair.body_a] = int(pair.shared)
    for body in order:
        matrix.at[body, body] = int(own[body])
    return matrix.rename_axis(index="Sectoral Body", columns="Sectoral Body")


def network_summary(matrix: pd.DataFrame) -> dict:
    """Pairs of bodies that share KRAs, from :func:`shared_kra_matrix`.

    Returns
    -------
    dict
        ``bodies``, ``pairs`` (possible pairs), ``pairs_sharing`` (sharing at least one),
        ``median_shared`` (over all possible pairs), ``most_shared`` and
        ``strongest`` (the pairs sharing the most, as ``"A-B"`` strings).
    """
    bodies = list(matrix.index)
    values = [(f"{a}-{b}", int(matrix.at[a, b])) for i, a in enumerate(bodies) for b in bodies[i + 1:]]
    shared = pd.Series(dict(values), dtype="int64")
    most = int(shared.max()) if len(shared) else 0
    return {"bodies": len(bodies), "pairs": len(shared), "pairs_sharing": int((shared > 0).sum()),
            "median_shared": float(shared.median()) if len(shared) else 0.0, "most_shared": most,
            "strongest": [pair for pair, n in shared.items() if n == most and most > 0]}


def network_sentence(register, taxonomy: Taxonomy) -> str:
    """The body network in words: pairs of bodies sharing KRAs, and the KRAs every body serves.

    Counts come from :func:`network_summary` of :func:`shared_kra_matrix` and from
    ``network.bodies_per_reference``. The pairs sharing the most and the KRAs every body serves
    are named only when no row behind them was built by the project (``present.judgement``);
    otherwise the sentence says how many and why they are not named. The caution on
    reconstructed rows is part of the sentence, so it travels with it into other reports.
    """
    summary = network_summary(shared_kra_matrix(register, taxonomy))
    if summary["pairs"] == 0:
        return "Fewer than two Sectoral Bodies serve a KRA: there is no pair to compare."
    rows = metrics.assessed_activities(register.activities, taxonomy)
    basis = Basis.of(rows)
    naming = basis.may_name(taxonomy)
    strongest = summary["strongest"]
    text = (f"Of the {count(summary['pairs'])} possible pairs of the {count(summary['bodies'])} Sectoral Bodies with "
            f"assessed activities, {count(summary['pairs_sharing'])} work on at least one KRA in common; a pair "
            f"shares {summary['median_shared']:g} KRAs at the median")
    if summary["most_shared"] and naming:
        shown = ", ".join(strongest[:3]) + (f" and {count(len(strongest) - 3)} more" if len(strongest) > 3 else "")
        text += f", and the most, {count(summary['most_shared'])}, are shared by {shown}"
    elif summary["most_shared"]:
        text += (f", and the most, {count(summary['most_shared'])}, are shared by {count(len(strongest))} "
                 f"pair{'s' if len(strongest) != 1 else ''} (not named here)")
    served = network.bodies_per_reference(register, taxonomy)
    everyone = served.loc[served["bodies"] == summary["bodies"], "kra_code"].astype(str).tolist()
    text += (f". {count(int((served['bodies'] > 1).sum()))} of the {count(len(served))} KRAs with linked activities "
             f"are served by more than one Sectoral Body, {count(len(everyone))} by every one of these bodies")
    if everyone:
        text += f" ({join(everyone)})" if naming else " (not named here)"
    text += "."
    if not naming:
        text += " " + withheld_note(basis, taxonomy)
    return _with_caveat(text, rows, taxonomy)


def kras_served_distribution(served: pd.DataFrame) -> pd.DataFrame:
    """How many KRAs are served by how many bodies (``network.bodies_per_reference``): the ranking without names.

    Returns
    -------
    pandas.DataFrame
        Columns ``Sectoral Bodies serving the KRA`` and ``KRAs``, most bodies first.
    """
    counts = served["bodies"].astype("int64").value_counts().sort_index(ascending=False)
    return pd.DataFrame({"Sectoral Bodies serving the KRA": counts.index.astype("int64"),
                         "KRAs": counts.to_numpy().astype("int64")})


def kras_served_display(served: pd.DataFrame, basis: Basis, taxonomy: Taxonomy) -> pd.DataFrame:
    """The KRAs by the number of bodies serving them, named (:func:`kras_served_table`) only when ``basis`` may
    name them; otherwise their distribution (:func:`kras_served_distribution`)."""
    if basis.may_name(taxonomy):
        return kras_served_table(served, taxonomy)
    return kras_served_distribution(served)


def kras_served_table(served: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """``network.bodies_per_reference`` (KRA level) with the KRA titles, unverified titles marked."""
    kras = taxonomy.kras.set_index("kra_code")
    titles = [(str(kras.at[code, "kra_title"]) + ("" if bool(kras.at[code, "verified"]) else " (title unverified)"))
              if code in kras.index else "" for code in served["kra_code"]]
    return pd.DataFrame({"KRA": served["kra_code"].to_numpy(), "Title": titles,
                         "Sectoral Bodies": served["bodies"].astype("int64").to_numpy(),
                         "Which": served["body_list"].to_numpy()})


# ---- sidecar figures ----------------------------------------------------------------------------------
def chapter_figures(register, taxonomy: Taxonomy, declarations: pd.DataFrame, forms: pd.DataFrame) -> dict:
    """The chapter's own computed figures for the sidecar (ids not among the published ones).

    Returns
    -------
    dict
        ``declarations_listed``, ``declarations_counted_<year>``, ``funding_share_<source>``,
        ``sbs_with_centre``, ``sbs_through_som``, ``sb_pairs_sharing_kra``, ``sb_pairs``,
        ``kras_served_by_all_sbs``.
    """
    by_year = declarations_by_year(declarations, taxonomy)
    shares = metrics.funding_shares(register.activities, taxonomy)
    matrix = shared_kra_matrix(register, taxonomy)
    summary = network_summary(matrix)
    served = network.bodies_per_reference(register, taxonomy)
    values = {"declarations_listed": len(declarations)}
    values.update({f"declarations_counted_{year}": int(n) for year, n in by_year["counted"].items()})
    values.update({f"funding_share_{code}": float(s) for code, s in zip(shares["funding_source"], shares["share"])})
    values.update(sbs_with_centre=int((forms["form"] == "has_centre").sum()),
                  sbs_through_som=int((forms["form"] == "runs_through_som").sum()),
                  sb_pairs_sharing_kra=summary["pairs_sharing"], sb_pairs=summary["pairs"],
                  kras_served_by_all_sbs=int((served["bodies"] == summary["bodies"]).sum()))
    return values
