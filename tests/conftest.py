"""Shared fixtures.

HTML export (tests/test_html_export.py, tests/test_browser.py): ``html_sample_notebook``,
an executed-looking report notebook built in memory.
"""

from __future__ import annotations

import pytest


def _html_sample_notebook():
    """A notebook shaped like an executed MTR report, built without a kernel.

    Markdown headings (h1, three h2 with h3s, a duplicate heading, a heading in a Markdown
    output), the template's ``parameters`` cell and papermill's ``injected-parameters`` cell,
    three house-style tables with CSV links, six house-style PNG charts (``charts.figure_html``),
    a stdout stream and a JavaScript output (which the exporter must drop).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import nbformat
    import pandas as pd
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    from ascc_analysis.data.taxonomy import load_taxonomy
    from ascc_analysis.present import charts, style
    from ascc_analysis.present.charts.finish import finish_chart

    style.apply_house_style()
    taxonomy = load_taxonomy()
    colours = list(taxonomy.colours("palette").values())

    def html_output(html, text="<IPython.core.display.HTML object>"):
        return new_output("display_data", data={"text/html": html, "text/plain": text})

    def bar_chart(index):
        labels = [f"Sectoral Body {n:02d}" for n in range(1, 19)]
        fig, ax = plt.subplots(figsize=(9, 5))
        ax.barh(labels, [(n * 7 + index * 5) % 40 + 3 for n in range(18)], color=colours[index % 8])
        return charts.figure_html(finish_chart(fig, ax, title=f"Sample chart {index + 1}", labels=(
            "Number of activities", ""), source="Synthetic test data"),
            alt=f"Sample chart {index + 1}: activities by Sectoral Body")

    rates = pd.DataFrame({"implementation_rate": [80.0, 75.5, 62.0, 90.1, 55.0],
                          "completion_rate": [40.0, 35.0, 30.5, 60.0, 20.0]}, index=list("ABCDE"))
    table = pd.DataFrame({"Sectoral Body": [f"Body {n}" for n in range(1, 13)],
                          "Activities": [n * 11 for n in range(1, 13)],
                          "Completed (%)": [n * 3.7 for n in range(1, 13)]})
    chart_cells = [new_code_cell("charts.show(fig, alt)", outputs=[html_output(bar_chart(i))]) for i in range(5)]
    cells = [
        new_markdown_cell("# Sample regional overview\n\nA synthetic report for the exporter's tests."),
        new_code_cell("data_dir = None\noutput_dir = None", metadata={"tags": ["parameters"]}),
        new_code_cell("# Parameters\ndata_dir = \"/data\"\n", metadata={"tags": ["injected-parameters"]}),
        new_code_cell("secret_marker_variable = 42\nprint('loaded 1,234 activities')",
                      outputs=[new_output("stream", name="stdout", text="loaded 1,234 activities\n")]),
        new_markdown_cell("## Activities planned and assessed\n\nSome text about activities."),
        new_code_cell("display(HTML(style.format_table(table, 'activities')))",
                      outputs=[html_output(style.format_table(table, "activities", {"Completed (%)": 1},
                                                              caption="Activities by Sectoral Body"))]),
        *chart_cells[:2],
        new_markdown_cell("### Status of activities"),
        chart_cells[2],
        new_markdown_cell("## The five Characteristics side by side"),
        new_code_cell("charts.show(charts.characteristic_rates_chart(rates, date), alt)",
                      outputs=[html_output(charts.figure_html(
                          charts.characteristic_rates_chart(rates, taxonomy, "2020-05-21"),
                          alt="Implementation and completion rates"))]),
        new_code_cell("display(Markdown('### Rates in numbers'))",
                      outputs=[new_output("display_data", data={"text/markdown": "### Rates in numbers",
                                                                "text/plain": "<Markdown>"})]),
        new_code_cell("display(HTML(style.format_table(rates, 'rates')))",
                      outputs=[html_output(style.format_table(rates.reset_index(names="Characteristic"), "rates",
                                                              {"implementation_rate": 1, "completion_rate": 1}))]),
        new_code_cell("Javascript('alert(1)')",
                      outputs=[new_output("display_data", data={"application/javascript": "alert('hi')",
                                                                "text/plain": "<IPython.core.display.Javascript>"})]),
        new_markdown_cell("## Published figures against recomputed values"),
        *chart_cells[3:],
        new_code_cell("display(HTML(style.format_table(published, 'published')))",
                      outputs=[html_output(style.format_table(table.head(4), "published"))]),
        new_markdown_cell("### Status of activities\n\nA second heading with the same text."),
    ]
    for number, cell in enumerate(cells):
        cell["id"] = f"cell{number:02d}"
        if cell.cell_type == "code":
            cell["execution_count"] = number
    notebook = new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "ascc-mtr", "display_name": "Python (ascc-mtr)", "language": "python"},
        "language_info": {"name": "python", "pygments_lexer": "ipython3"},
        "papermill": {"start_time": "2025-01-01T00:00:00", "end_time": "2025-01-01T00:00:09", "duration": 9.0},
    })
    nbformat.validate(notebook)
    return notebook


@pytest.fixture(scope="session")
def html_sample_notebook():
    """An executed-looking report notebook (see ``_html_sample_notebook``); copy before changing it."""
    return _html_sample_notebook()


RENDER_TIMEOUT = 1800


@pytest.fixture(scope="session")
def rendered_outputs(tmp_path_factory):
    """Every report of the registry rendered once by ``run_all.py`` into a temporary folder.

    Returns the output folder and the finished process (its exit code and output), so that
    tests of the reports, of the index and of the browser all read one real render.
    """
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    output_dir = tmp_path_factory.mktemp("rendered-outputs")
    process = subprocess.run([sys.executable, "run_all.py", "--output-dir", str(output_dir), "--wait", "0"],
                             cwd=root, capture_output=True, text=True, timeout=RENDER_TIMEOUT)
    return output_dir, process
