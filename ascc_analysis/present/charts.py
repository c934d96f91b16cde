"""Charts in house style; every chart has a title, labelled axes and a source line."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from ascc_analysis.present.style import CHARACTERISTIC_COLOURS, STATUS_COLOURS, add_source_line
from ascc_analysis.data.taxonomy import Taxonomy

TOOL1_SOURCE = "Tool 1 register (data/raw/tool1), status as of {date}"


def status_by_body_chart(table: pd.DataFrame, taxonomy: Taxonomy, reporting_date: str | None):
    """Figure 1 of the MTR: activities by Sectoral Body, stacked by status.

    Parameters
    ----------
    table : pandas.DataFrame
        From ``metrics.status_by_body`` (bodies x statuses).
    taxonomy : Taxonomy
        For status labels.
    reporting_date : str or None
        Shown in the source line.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = plt.subplots(figsize=(9, 5))
    left = pd.Series(0, index=table.index)
    for status in table.columns:
        ax.barh(table.index, table[status], left=left, color=STATUS_COLOURS.get(status),
                label=taxonomy.label("statuses", status))
        left = left + table[status]
    ax.invert_yaxis()
    ax.set_xlabel("Number of activities")
    ax.set_ylabel("Sectoral Body")
    ax.set_title("Number, distribution and status of activities by Sectoral Body")
    ax.legend(title="Status", loc="lower right", frameon=False)
    add_source_line(fig, TOOL1_SOURCE.format(date=reporting_date or "unknown"))
    fig.tight_layout()
    return fig


def characteristic_rates_chart(summary: pd.DataFrame, reporting_date: str | None):
    """Implementation and completion rates of the five Characteristics side by side."""
    fig, ax = plt.subplots(figsize=(8, 4))
    codes = list(summary.index)
    colours = [CHARACTERISTIC_COLOURS[c] for c in codes]
    ax.bar(codes, summary["implementation_rate"], color=colours, label="Completed or ongoing")
    ax.bar(codes, summary["completion_rate"], color="#333333", alpha=0.45, width=0.4, label="Completed")
    ax.set_ylim(0, 100)
    ax.set_xlabel("Blueprint Characteristic")
    ax.set_ylabel("Share of linked activities (%)")
    ax.set_title("Implementation and completion rates by Characteristic")
    ax.legend(frameon=False, loc="upper right")
    add_source_line(fig, TOOL1_SOURCE.format(date=reporting_date or "unknown"))
    fig.tight_layout()
    return fig


def figure_html(fig, alt: str) -> str:
    """The figure as an inline PNG ``<img>`` with alt text; the figure is closed.

    PNG metadata is cleared so that the same figure gives the same bytes.
    """
    import base64
    import html
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    payload = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{payload}"/>'


def show(fig, alt: str):
    """Display a figure in the notebook as an inline image with alt text."""
    from IPython.display import HTML

    return HTML(figure_html(fig, alt))


def share_bars(labels: list[str], shares, counts, colour: str, axes: tuple[str, str], title: str, source: str):
    """Horizontal bars of shares, first label on top, each bar labelled ``x.x% (n)``.

    Parameters
    ----------
    labels : list of str
        One label per bar, in display order.
    shares, counts : sequence
        Share (percent) and number of activities of each bar.
    colour : str
        Bar colour.
    axes : tuple of str
        The x-axis and y-axis labels.
    title, source : str
        Chart title and source line.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = plt.subplots(figsize=(8, 0.35 * max(len(labels), 3) + 1.2))
    ax.barh(labels, shares, color=colour)
    ax.invert_yaxis()
    for y, (share, n) in enumerate(zip(shares, counts)):
        ax.text(share + 0.5, y, f"{share:.1f}% ({int(n):,})", va="center", fontsize=8)
    ax.set_xlabel(axes[0])
    ax.set_ylabel(axes[1])
    ax.set_title(title)
    add_source_line(fig, source)
    fig.tight_layout()
    return fig


def body_share_chart(shares: pd.DataFrame, colour: str, title: str, source: str):
    """Each Sectoral Body's share of a set of activities (``metrics.body_shares``), largest on top."""
    return share_bars(list(shares["sectoral_body"]), list(shares["share"]), list(shares["activities"]), colour,
                      ("Share of linked activities (%)", "Sectoral Body"), title, source)


def type_mix_chart(ranking: pd.DataFrame, labels: dict[str, str], colour: str, title: str, source: str):
    """Activity types by share (``metrics.type_ranking``), most common first."""
    names = [labels.get(code, code) for code in ranking["activity_type"]]
    return share_bars(names, list(ranking["share"]), list(ranking["activities"]), colour,
                      ("Share of linked activities (%)", "Type of activity"), title, source)


def series_chart(series: pd.DataFrame, title: str, unit: str, source: str, colour: str = "#0072B2"):
    """A small line chart of one KPI's series (columns ``year`` and ``value``)."""
    fig, ax = plt.subplots(figsize=(4.5, 2.6))
    ordered = series.sort_values("year")
    ax.plot(ordered["year"], ordered["value"], marker="o", color=colour)
    ax.set_xticks(sorted(ordered["year"].unique()))
    ax.set_xlabel("Year")
    ax.set_ylabel(unit)
    ax.set_title(title, fontsize=10)
    add_source_line(fig, source)
    fig.tight_layout()
    return fig


def country_bar_chart(values: pd.DataFrame, highlight: str | None, title: str, unit: str, source: str):
    """Bars of one indicator across Member States (columns ``geography``, ``value``), one highlighted."""
    fig, ax = plt.subplots(figsize=(6, 3))
    ordered = values.sort_values("value", ascending=False)
    colours = ["#D55E00" if geo == highlight else "#56B4E9" for geo in ordered["geography"]]
    ax.bar(ordered["geography"], ordered["value"], color=colours)
    ax.set_xlabel("ASEAN Member State")
    ax.set_ylabel(unit)
    ax.set_title(title, fontsize=10)
    add_source_line(fig, source)
    fig.tight_layout()
    return fig


def kpi_charts_html(observations: pd.DataFrame, kpi_id: str, text: str, cutoff_year: int, colour: str) -> str:
    """Small charts of one KPI: its ASEAN-level series and the latest country values, as HTML.

    Only measured values are drawn (reconstructed direction markers never are).
    """
    from ascc_analysis.analysis import kpi_views

    parts = [f"<h4>KPI {kpi_id}: {_escape(text)}</h4>"]
    series = kpi_views.asean_series(observations, kpi_id)
    if len(series) >= 2:
        unit = str(series["unit"].iloc[0])
        fig = series_chart(series, f"KPI {kpi_id}, ASEAN level", unit, _sources(series), colour)
        parts.append(figure_html(fig, f"Line chart: KPI {kpi_id} at ASEAN level, {series['year'].min()}-{series['year'].max()}"))
    countries = kpi_views.country_series(observations, kpi_id)
    if not countries.empty:
        latest = kpi_views.latest_by_country(countries, cutoff_year)
        unit = str(countries["unit"].iloc[0])
        title = f"KPI {kpi_id}: latest value up to {cutoff_year} by Member State"
        fig = country_bar_chart(latest, None, title, unit, _sources(countries))
        parts.append(figure_html(fig, f"Bars: latest value of KPI {kpi_id} in each Member State with data"))
    return "\n".join(parts)


def _escape(text: str) -> str:
    import html

    return html.escape(text)


def _sources(rows: pd.DataFrame, limit: int = 90) -> str:
    names = sorted({str(s).split(" (")[0].split("@")[0] for s in rows["source"].dropna()})
    text = "; ".join(names)
    return text if len(text) <= limit else text[: limit - 1] + "…"
