"""The words the floor uses (docs/terminology.md), checked against the Chinese translation:
one word per concept, full-width punctuation, counts without a separator under 10 000."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from andon_kiosk.assets import resource
from andon_kiosk.views.shift_widgets import pieces

DOC = Path(__file__).parents[2] / "docs" / "terminology.md"
CJK = r"[\u3400-\u9fff]"


def translations() -> list[tuple[str, str]]:
    """(English, Chinese) for every finished message of the kiosk's translation file."""
    root = ET.parse(resource("translations", "andon_kiosk_zh_CN.ts")).getroot()
    pairs = []
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        text = "".join(translation.itertext()).strip()
        if translation.get("type") not in ("unfinished", "vanished", "obsolete"):
            pairs.append((source, text))
    return pairs


def table() -> list[dict[str, str]]:
    """The rows of the table in docs/terminology.md."""
    rows = [line for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    return [
        dict(zip(header, (cell.strip() for cell in row.strip("|").split("|")), strict=True))
        for row in rows[2:]
    ]


ROWS = table()


def test_the_table_is_read_and_covers_the_words_the_issue_named() -> None:
    words = {row["中文"] for row in ROWS}
    assert {"塔灯", "异常单", "响应", "确定", "应答", "验证", "长期纠正措施"} <= words


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["concept"])
def test_one_word_per_concept(row: dict[str, str]) -> None:
    pairs = translations()
    match = row["matches"]
    if match.startswith("~"):
        chosen = [(en, zh) for en, zh in pairs if match[1:].lower() in en.lower()]
    else:
        chosen = [(en, zh) for en, zh in pairs if en == match[1:]]
    assert chosen, f"no English text matches {match!r}: the table is out of date"
    missing = [(en, zh) for en, zh in chosen if row["中文"] not in zh]
    assert not missing, f"should say {row['中文']}: {missing}"
    never = [w.strip() for w in row["never"].split(",") if w.strip()]
    wrong = [(en, zh) for en, zh in pairs for w in never if w in zh]
    assert not wrong, f"{never} must not appear: {wrong}"


def test_chinese_text_has_full_width_punctuation() -> None:
    """No ", : ; ? ! ( )" against a Chinese character (times such as 08:00 are fine)."""
    half = re.compile(CJK + r"\s?[,:;?!()]|[,:;?!()]\s?" + CJK)
    wrong = [(en, zh) for en, zh in translations() if half.search(zh)]
    assert not wrong, wrong


def test_counts_under_ten_thousand_have_no_separator() -> None:
    assert pieces(1019) == "1019"
    assert pieces(-9999) == "-9999"
    assert pieces(12500) == "12\u2009500"
