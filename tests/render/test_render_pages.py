"""The seeds' report read as a browser reads it: the HTML of every page and of the index, parsed.

Chinese glyphs (lang, SC fonts), navigation that resolves, nothing loaded from the network, every table
with its CSV beside the page holding the table's data, no NaN/None in a table, code hidden by default.
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import json
import re
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").glob("*.ipynb") if re.match(r"^\d{2}-", p.name))
PAGES = [p.stem + ".html" for p in NOTEBOOKS]

pytestmark = pytest.mark.slow

#: element attributes a browser fetches when the page opens (an <a href> is only followed when clicked)
LOADED = {
    "script": ["src"], "img": ["src", "srcset"], "iframe": ["src"], "frame": ["src"], "source": ["src", "srcset"],
    "video": ["src", "poster"], "audio": ["src"], "track": ["src"], "embed": ["src"], "object": ["data"],
    "input": ["src"], "link": ["href"], "image": ["href", "xlink:href"], "use": ["href", "xlink:href"],
}
NETWORK = re.compile(r"^\s*(https?:)?//", re.I)
CSS_FETCH = re.compile(r"""(url\(\s*['"]?\s*(https?:)?//|@import\s+(url\()?\s*['"]?\s*(https?:)?//)""", re.I)
JS_FETCH = re.compile(
    r"""(\bfrom\s*['"](https?:)?//|\bimport\s*\(\s*['"](https?:)?//|\bimport\s*['"](https?:)?//"""
    r"""|\bfetch\(\s*['"](https?:)?//|\.src\s*=\s*['"](https?:)?//|importScripts\(\s*['"](https?:)?//)""",
    re.I,
)
BASE64 = re.compile(r"""["']([A-Za-z0-9+/]{400,}={0,2})["']""")
NOT_A_VALUE = re.compile(r"\b(NaN|nan|None|NaT|<NA>|null|undefined)\b")


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _embedded(text: str) -> list[str]:
    """The base64 payloads of a script (itables ships its library that way), decoded."""
    out = []
    for m in BASE64.finditer(text):
        try:
            out.append(base64.b64decode(m.group(1), validate=True).decode("utf-8"))
        except (binascii.Error, UnicodeDecodeError):
            continue
    return out


def _network_loads(soup: BeautifulSoup) -> list[str]:
    found = []
    for tag, attrs in LOADED.items():
        for el in soup.find_all(tag):
            for attr in attrs:
                value = el.get(attr)
                if value and any(NETWORK.match(v.split()[0]) for v in str(value).split(",") if v.strip()):
                    found.append(f"<{tag} {attr}={value}>")
    for el in soup.find_all(style=True):
        if CSS_FETCH.search(el["style"]):
            found.append(f"style attribute {el['style'][:80]}")
    for el in soup.find_all("style"):
        for text in [el.get_text()]:
            if CSS_FETCH.search(text):
                found.append(f"<style> {CSS_FETCH.search(text).group(0)}")
    for el in soup.find_all("script"):
        text = el.get_text()
        for part in [text, *_embedded(text)]:
            for rx in (JS_FETCH, CSS_FETCH):
                m = rx.search(part)
                if m:
                    found.append(f"<script> {part[max(0, m.start() - 60):m.end() + 60]!r}")
    return found


def _dt_args(script: str) -> dict:
    at = script.index("let dt_args = ") + len("let dt_args = ")
    return json.JSONDecoder().raw_decode(script[at:])[0]


def _tables(page: Path):
    """(figure, header, rows) of every table on a page: the table the reader's browser builds."""
    for fig in _soup(page).find_all("figure", class_="nqp-table"):
        script = next(s.get_text() for s in fig.find_all("script") if "let dt_args" in s.get_text())
        table = BeautifulSoup(_dt_args(script)["table_html"], "html.parser")
        head = table.find("thead").find_all("tr")[-1]
        header = [" ".join(c.get_text().split()) for c in head.find_all(["th", "td"])]
        body = table.find("tbody")
        rows = [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in (body.find_all("tr") if body else [])]
        yield fig, header, rows


def _same(shown: str, raw: str) -> bool:
    """Is ``shown`` (a cell of the page) a rendering of ``raw`` (the CSV's value)?"""
    shown, raw = " ".join(shown.split()), " ".join(raw.split())
    if raw == "":
        return shown in ("", "—")
    if raw in ("True", "False") and shown in ("yes", "no"):
        return (raw == "True") == (shown == "yes")
    try:
        value = float(raw)
    except ValueError:
        return shown == raw
    if shown == raw:
        return True
    text = shown.replace(",", "").replace("∞", "inf")
    percent = text.endswith("%")
    text = text.rstrip("%")
    try:
        number = float(text)
    except ValueError:
        return False
    mantissa, _, exponent = text.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    tolerance = 0.5 * 10 ** (-decimals + (int(exponent) if exponent else 0)) * 1.0001
    if percent:
        number, tolerance = number / 100, tolerance / 100
    return number == value or abs(number - value) <= tolerance


def test_every_page_and_the_index_are_written(seeds_report):
    for name in ["index.html", *PAGES]:
        assert (seeds_report / name).is_file(), name


@pytest.mark.parametrize("name", ["index.html", *PAGES])
def test_pages_are_chinese_and_name_the_sc_fonts(seeds_report, name):
    soup = _soup(seeds_report / name)
    assert soup.html.get("lang") == "zh-Hans"
    css = " ".join(s.get_text() for s in soup.find_all("style"))
    stack = re.search(r"font-family:\s*([^;}]*)", css[css.find("body"):] if "body" in css else css)
    assert stack and "Noto Sans CJK SC" in css and "Source Han Sans SC" in css
    # the first CJK font the page asks for is a simplified-Chinese one (no JP glyph forms first)
    families = re.findall(r"font-family:\s*([^;}]*)", css)
    ours = [f for f in families if "CJK" in f or "Han" in f]
    assert ours and all(re.search(r'"([^"]*(CJK|Han)[^"]*)"', f).group(1).endswith(("SC", "CN")) for f in ours)


@pytest.mark.parametrize("name", ["index.html", *PAGES])
def test_nothing_is_loaded_from_the_network(seeds_report, name):
    soup = _soup(seeds_report / name)
    if name != "index.html":
        scripts = " ".join(s.get_text() for s in soup.find_all("script"))
        assert any("DataTable" in part for part in _embedded(scripts)), "the tables' library is embedded"
    assert not _network_loads(soup)


def test_the_network_check_finds_what_a_browser_would_fetch():
    page = BeautifulSoup(
        '<html><head><script src="https://cdn.example.org/require.js"></script>'
        "<style>@import url('https://fonts.example.org/css');</style></head><body>"
        '<a href="https://example.org/">a link is not fetched</a>'
        "<script type=\"module\">import { x } from 'https://unpkg.example.org/x.js';</script>"
        f"<script>inject(\"{base64.b64encode(('fetch(' + repr('https://e.org/a') + ');' + ' ' * 400).encode()).decode()}\")</script>"
        "</body></html>",
        "html.parser",
    )
    found = _network_loads(page)
    assert len(found) == 4, found
    assert not any("a link" in f for f in found)


def test_each_page_has_a_title_and_links_to_the_index_and_its_neighbours(seeds_report):
    titles = {}
    for path in NOTEBOOKS:
        first = nbformat.read(path, as_version=4).cells[0].source.splitlines()[0]
        titles[path.stem + ".html"] = first.lstrip("# ").strip()
    for i, name in enumerate(PAGES):
        soup = _soup(seeds_report / name)
        assert soup.title.get_text().startswith(titles[name]), soup.title
        assert soup.find("h1").get_text().strip().rstrip("¶").strip() == titles[name]
        nav = soup.find("nav", class_="nqp-nav")
        hrefs = {a.get("rel", [None])[0] if a.get("rel") else "index": a["href"] for a in nav.find_all("a")}
        assert hrefs["index"] == "index.html"
        assert hrefs.get("prev") == (PAGES[i - 1] if i > 0 else None)
        assert hrefs.get("next") == (PAGES[i + 1] if i + 1 < len(PAGES) else None)
        for a in soup.find_all("a", href=True):
            target = a["href"]
            if NETWORK.match(target) or target.startswith(("#", "mailto:")):
                continue
            assert (seeds_report / target.split("#")[0]).is_file(), f"{name}: broken link {target}"
    index = _soup(seeds_report / "index.html")
    assert [a["href"] for a in index.select("ol.pages > li > a:first-child")] == PAGES


def test_the_index_shows_each_question_and_the_first_findings(seeds_report):
    index = " ".join(_soup(seeds_report / "index.html").get_text().split())
    for path in NOTEBOOKS:
        executed = nbformat.read(seeds_report / path.name, as_version=4)
        at = max(i for i, c in enumerate(executed.cells) if c.cell_type == "markdown" and "## Findings" in c.source)
        printed = "".join(o.get("data", {}).get("text/markdown", "") for c in executed.cells[at:] if c.cell_type == "code"
                          for o in c.get("outputs", []))
        first = next(line for line in printed.splitlines() if line.startswith("- "))
        words = re.sub(r"[*`]", "", first[2:])
        assert " ".join(words.split())[:60] in index, f"{path.name}: first finding not on the index"
        question = nbformat.read(path, as_version=4).cells[0].source.split("\n\n")[1]
        plain = " ".join(re.sub(r"[*`]", "", question).split())
        assert plain[:50] in index, f"{path.name}: question not on the index"


@pytest.mark.parametrize("name", PAGES)
def test_every_table_has_its_csv_beside_the_page_holding_its_data(seeds_report, name):
    tables = list(_tables(seeds_report / name))
    assert tables, f"{name} shows no table"
    for fig, header, rows in tables:
        links = fig.find_all("a", class_="nqp-csv")
        assert len(links) == 1, "one CSV link under each table"
        path = seeds_report / links[0]["href"]
        assert path.parent == seeds_report and path.is_file()
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM, for Excel"
        records = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))
        assert [" ".join(h.split()) for h in records[0]] == header
        data = records[1:]
        assert int(fig["data-rows"]) == len(data)
        assert len(rows) == len(data), f"{path.name}: {len(rows)} rows shown, {len(data)} in the CSV"
        for r, (shown, written) in enumerate(zip(rows, data)):
            assert len(shown) == len(written)
            for c, (a, b) in enumerate(zip(shown, written)):
                assert _same(a, b), f"{path.name} row {r} column {header[c]!r}: page {a!r}, CSV {b!r}"


@pytest.mark.parametrize("name", PAGES)
def test_no_table_shows_nan_or_none(seeds_report, name):
    for fig, header, rows in _tables(seeds_report / name):
        for row in rows:
            bad = [cell for cell in row if NOT_A_VALUE.search(cell)]
            assert not bad, f"{name}: {bad}"
        static = [td.get_text() for td in fig.find_all(["td"])]
        assert not [t for t in static if NOT_A_VALUE.search(t)]


@pytest.mark.parametrize("name", PAGES)
def test_code_is_hidden_by_default_and_findings_are_prose(seeds_report, name):
    soup = _soup(seeds_report / name)
    body = soup.body
    assert "nqp-show-code" not in body.get("class", [])
    css = " ".join(s.get_text() for s in soup.find_all("style"))
    assert re.search(r"\.nqp-page:not\(\.nqp-show-code\) \.jp-CodeCell \.jp-Cell-inputWrapper \{ display: none; \}", css)
    assert soup.find("button", class_="nqp-toggle-code")
    # the code that renders the Findings never reaches the page, nor the versions table
    nb = nbformat.read(ROOT / "notebooks" / name.replace(".html", ".ipynb"), as_version=4)
    hidden = [c.source for c in nb.cells if "hide-input" in c.metadata.get("tags", [])]
    text = soup.get_text()
    for source in hidden:
        assert source.splitlines()[0] not in text
    assert "display_setup()" not in text
    assert text.count("Run manifest") == 1
    assert not any(h[-1:] == ["version"] for _, h, _ in _tables(seeds_report / name)), "one versions table: the manifest"


def test_the_concordance_lines_up(seeds_report):
    found = 0
    for name in PAGES:
        for fig, header, rows in _tables(seeds_report / name):
            if not {"left", "match", "right"} <= set(header):
                continue
            found += 1
            script = next(s.get_text() for s in fig.find_all("script") if "let dt_args" in s.get_text())
            css = _dt_args(script)["table_style"]
            rules = {int(m.group(1)): m.group(2) for m in re.finditer(r"td\.col(\d+) \{([^}]*)\}", css)}
            left, match, right = (rules[header.index(c)] for c in ("left", "match", "right"))
            assert "text-align: right" in left and "white-space: nowrap" in left
            assert "white-space: nowrap" in match
            assert "text-align: left" in right and "white-space: nowrap" in right
    assert found, "no keyword-in-context table in the report"
