"""Charts in house style, each finished by :func:`finish.finish_chart` (title, axis labels, legend, source line).

The modules draw by subject (``activities``, ``kpis``, ``national``, ``network``); the charts a
template shows are importable from here (``charts.status_by_body_chart``, ``charts.show``).
"""

from ascc_analysis.present.charts.activities import (
    TOOL1_SOURCE,
    body_share_chart,
    characteristic_rates_chart,
    declarations_chart,
    funding_chart,
    implementation_gap_chart,
    share_bars,
    status_by_body_chart,
    type_mix_chart,
)
from ascc_analysis.present.charts.finish import figure_html, finish_chart, show
from ascc_analysis.present.charts.kpis import country_bar_chart, kpi_charts, kpi_status_chart, series_chart
from ascc_analysis.present.charts.national import indicator_charts
from ascc_analysis.present.charts.network import shared_kra_heatmap

__all__ = [
    "TOOL1_SOURCE", "body_share_chart", "characteristic_rates_chart", "country_bar_chart", "declarations_chart",
    "figure_html", "finish_chart", "funding_chart", "implementation_gap_chart", "indicator_charts",
    "kpi_charts", "kpi_status_chart", "series_chart", "share_bars", "shared_kra_heatmap", "show",
    "status_by_body_chart", "type_mix_chart",
]
