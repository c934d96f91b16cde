"""Acronyms spelled out at their first use in running text (ascc_analysis.present.acronyms)."""

from bs4 import BeautifulSoup

from ascc_analysis.present import acronyms

TERMS = {"KPI": "Key Performance Indicator", "SB": "Sectoral Body", "SOMS": "Senior Officials Meeting on Sports",
         "SOMSWD": "Senior Officials Meeting on Social Welfare and Development", "M&E": "Monitoring and Evaluation"}


def _main(body: str):
    return BeautifulSoup(f"<main>{body}</main>", "html.parser").main


def test_the_first_use_in_running_text_is_spelled_out_once_and_later_ones_are_not():
    main = _main("<h2>KPI status</h2><table><tr><td>KPI 5</td></tr></table><p>Of 31 KPIs, 3 show progress.</p>"
                 "<p>A KPI and SOMSWD, then SOMS and M&amp;E.</p>")
    assert acronyms.expand_first_use(main, TERMS) == ["KPI", "SOMSWD", "SOMS", "M&E"]
    assert main.h2.get_text() == "KPI status" and main.td.get_text() == "KPI 5"  # headings and tables as they are
    first, second = main.find_all("p")
    assert first.get_text() == "Of 31 KPIs (Key Performance Indicators), 3 show progress."
    assert first.abbr["title"] == "Key Performance Indicator"
    assert first.find(class_=acronyms.EXPANSION_CLASS).get_text() == "(Key Performance Indicators)"
    assert second.get_text() == ("A KPI and SOMSWD (Senior Officials Meeting on Social Welfare and Development), "
                                 "then SOMS (Senior Officials Meeting on Sports) and M&E (Monitoring and Evaluation).")


def test_quotations_links_the_banner_and_basis_marks_are_left_alone():
    main = _main('<section class="report-banner"><p>SB</p></section><p class="basis-mark">SB</p>'
                 "<blockquote><p>SB</p></blockquote><p><a href='#'>SB</a></p><li>SBs work</li>")
    assert acronyms.expand_first_use(main, TERMS) == ["SB"]
    assert main.li.get_text() == "SBs (Sectoral Bodies) work"
    assert main.get_text().count("Sectoral") == 1


def test_the_glossary_reads_the_capitalised_terms_and_the_sectoral_bodies_from_data():
    import pandas as pd

    from ascc_analysis.config import DataPaths
    from ascc_analysis.data.taxonomy import load_taxonomy

    terms = acronyms.glossary()
    rows = pd.read_csv(DataPaths.of(None).resolve(acronyms.TERMS_FILE), dtype=str)
    capitals = rows[rows["term"].str.upper() == rows["term"]]
    assert len(capitals)
    assert all(terms[t] == acronyms.expansion(m) for t, m in zip(capitals["term"], capitals["meaning"]))
    assert not set(rows.loc[rows["term"].str.upper() != rows["term"], "term"]) & set(terms)  # words, not acronyms
    assert set(load_taxonomy().sectoral_bodies["acronym"]) <= set(terms)
    assert acronyms.expansion("Key Result Area: a group (of measures)") == "Key Result Area"
    assert acronyms.plural("Sectoral Body") == "Sectoral Bodies" and acronyms.plural("Key Result Area") == \
        "Key Result Areas"
