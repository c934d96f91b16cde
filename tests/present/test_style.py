import base64
import re

import pandas as pd

from ascc_analysis.present import style


def test_format_table_is_deterministic_and_formats_numbers():
    frame = pd.DataFrame({"Body": ["SOMHD"], "Activities": pd.array([1234], dtype="Int64"), "Share": [23.456]})
    first = style.format_table(frame, "bodies", percent_columns={"Share": 1}, caption="Bodies")
    second = style.format_table(frame.copy(), "bodies", percent_columns={"Share": 1}, caption="Bodies")
    assert first == second
    assert "1,234" in first and "23.5%" in first and "<caption>Bodies</caption>" in first


def test_csv_download_link_carries_the_table_inline():
    frame = pd.DataFrame({"a": [1, 2]})
    link = style.csv_download_link(frame, "numbers")
    payload = re.search(r"base64,([^\"]+)", link).group(1)
    assert base64.b64decode(payload).decode() == "a\n1\n2\n"
    assert 'download="numbers.csv"' in link and "http" not in link


def test_caption_is_escaped():
    html = style.format_table(pd.DataFrame({"a": [1]}), "t", caption="<script>x</script>")
    assert "<script>x</script>" not in html
