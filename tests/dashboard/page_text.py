"""What a reader sees on a page run by AppTest, as text: headings, markdown, captions, alerts,
metrics, widget labels, options and help, expander and tab labels, every cell and header of the
frames passed to st.dataframe / st.table, and the words of the plotly charts (titles, axis
titles, trace names, texts, tick labels, annotations, hover templates). `problems` lists what no
reader should see: None, nan, NaT, a snake_case key, and in English a word of the Chinese
catalogue standing alone."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator

import pandas as pd
from streamlit.testing.v1 import AppTest

from presentation.strings import STRINGS

# proto fields a reader sees (ids, keys, form ids and JSON specs are not words on the page)
VISIBLE_FIELDS = {"body", "label", "help", "placeholder", "options", "caption", "delta", "text"}
RAW = re.compile(r"(?<![\w.])(None|nan|NaN|NaT|null|undefined)(?![\w.])")
SNAKE = re.compile(r"(?<![\w/.:-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/.:(-])")
CJK = re.compile(r"[\u3400-\u9fff]")
# the Chinese side of the catalogue: fixed words of the interface (not data from the files)
CHINESE_WORDS = {
    zh.strip()
    for zh, _ in STRINGS.values()
    if "{" not in zh and CJK.search(zh) and len(zh.strip()) <= 12
}


def _proto_texts(message, depth: int = 0) -> Iterator[str]:
    if depth > 4:
        return
    for field, value in message.ListFields():
        items = [value] if isinstance(value, str) or hasattr(value, "ListFields") else value
        if field.type == field.TYPE_MESSAGE:
            for item in items:
                if hasattr(item, "ListFields"):
                    yield from _proto_texts(item, depth + 1)
        elif field.name in VISIBLE_FIELDS and field.type == field.TYPE_STRING:
            yield from items


def _chart_texts(spec: str) -> Iterator[str]:
    figure = json.loads(spec)

    def walk(node, key: str = "") -> Iterator[str]:
        if isinstance(node, dict):
            for k, v in node.items():
                yield from walk(v, k)
        elif isinstance(node, list):
            for v in node:
                yield from walk(v, key)
        elif isinstance(node, str) and key in {
            "text", "name", "ticktext", "hovertemplate", "texttemplate", "hovertext", "title",
        }:  # fmt: skip
            yield re.sub(r"%\{[^}]*\}|<[^>]+>", " ", node)  # placeholders and tags are not words

    yield from walk(figure.get("data", []))
    yield from walk(figure.get("layout", {}))


def frames(at: AppTest) -> list[pd.DataFrame]:
    """The frames passed to st.dataframe and st.table."""
    return [element.value for element in [*at.dataframe, *at.table]]


def page_texts(at: AppTest) -> list[str]:
    """Every piece of text a reader sees on the page, each cell of a table on its own."""
    texts: list[str] = []
    for node in at:
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", "")
        if proto is None or kind in ("dataframe", "arrow_data_frame", "table"):
            continue
        if kind == "plotly_chart":
            texts.extend(_chart_texts(proto.spec))
            continue
        if hasattr(proto, "ListFields"):
            texts.extend(_proto_texts(proto))
    for frame in frames(at):
        texts.extend(str(c) for c in frame.columns)
        for column in frame.columns:
            for value in frame[column]:
                texts.append(_cell(value))
    return [text for text in texts if text]


def _cell(value) -> str:
    """A cell as st.dataframe draws it: a missing value shows as the word None."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return "None"
    return str(value)


def problems(at: AppTest, lang: str, data: frozenset[str] = frozenset()) -> list[str]:
    """What should not be on the page (each with the text it was found in). `data`: texts that
    came from the loaded files (a goal's 预算执行率 is the document's word, not the interface's)."""
    found = []
    for text in page_texts(at):
        for pattern, what in ((RAW, "raw"), (SNAKE, "key")):
            match = pattern.search(text)
            if match:
                found.append(f"{what} {match.group(0)!r} in {text[:120]!r}")
        if lang == "en" and text.strip() in CHINESE_WORDS and text.strip() not in data:
            found.append(f"untranslated {text.strip()!r}")
    return found
