"""What the commands print: tables aligned for Chinese by display width, no line wider than the terminal,
long cells cut with …, nothing cut when the output goes to a file; an example under every --help."""

from __future__ import annotations

import argparse
import shlex
import unicodedata

import pytest

import nqp
from nqp.cli import build_parser, main


def _cells(line: str) -> list[str | None]:
    """The terminal cells a line takes: a wide (W/F) character fills two, the second marked None. Counted
    from the Unicode East Asian Width property, independently of the printer's own measure."""
    out: list[str | None] = []
    for ch in line:
        if unicodedata.combining(ch):
            continue
        out.append(ch)
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            out.append(None)
    return out


def _width(line: str) -> int:
    return len(_cells(line))


def _starts(header: str) -> list[int]:
    """Terminal columns where the header's names start (names are separated by two or more spaces)."""
    cells, starts = _cells(header), []
    for i, ch in enumerate(cells):
        if ch not in (" ", None) and (i == 0 or (i >= 2 and cells[i - 1] == " " and cells[i - 2] == " ")):
            starts.append(i)
    return starts


def _run(argv, capsys) -> str:
    assert main([str(a) for a in argv]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", [
    ["theme", "{seeds}", "建圈强链"],
    ["keywords", "{seeds}", "--by", "outlet"],
    ["kwic", "{seeds}", "建圈强链", "--window", "30"],
    ["keyness", "{seeds}", "--by", "outlet", "--target", "科技日报"],
    ["duplicates", "{seeds}", "--unit", "sentence"],
    ["categories", "{seeds}", "--by", "outlet"],
])
@pytest.mark.parametrize("columns", [80])
def test_no_printed_line_is_wider_than_the_terminal(command, columns, seeds_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", str(columns))
    out = _run([a.format(seeds=seeds_path) for a in command], capsys)
    lines = out.splitlines()
    assert len(lines) > 2
    assert max(_width(line) for line in lines) <= columns


def test_theme_fits_a_wide_terminal_too(seeds_path, articles, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    out = _run(["theme", seeds_path, "建圈强链"], capsys)
    assert max(_width(line) for line in out.splitlines()) <= 120
    # the cut sentences are the beginnings of the table's sentences
    table = nqp.theme_table(nqp.theme(articles, ["建圈强链"]), width=60)
    block = out.split("\nmentions\n")[1].split("\n\n")[0].splitlines()
    cut = [line for line in block[1:] if "…" in line.rstrip().split("  ")[-2]]
    assert cut and all(any(s.startswith(c.rstrip().split("  ")[-2].strip().rstrip("…")) for s in table["sentence"])
                       for c in cut)


def test_columns_line_up_by_display_width(seeds_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    lines = _run(["keywords", seeds_path, "--by", "outlet", "--top", "3"], capsys).splitlines()
    starts = _starts(lines[0])
    assert len(starts) == 5  # group, term, score, rank, count
    header = _cells(lines[0])
    ends = [i for i in range(len(header)) if header[i] not in (" ", None) and (i + 1 == len(header) or header[i + 1] == " ")]
    for line in lines[1:]:
        cells = _cells(line)
        # the text columns (group, term) start where their header starts, left-aligned
        for col in starts[:2]:
            assert cells[col] not in (" ", None) and (col == 0 or cells[col - 1] == " ")
        # the numbers (score, rank, count) end where their header ends, right-aligned
        for end in ends[2:]:
            assert cells[end] not in (" ", None) and (end + 1 == len(cells) or cells[end + 1] == " ")
    assert any(unicodedata.east_asian_width(ch) == "W" for ch in lines[1])  # the group is Chinese


def test_concordance_lines_up_the_match(seeds_path, articles, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    lines = _run(["kwic", seeds_path, "建圈强链", "--window", "30"], capsys).splitlines()
    hits = nqp.kwic(articles, "建圈强链", window=30)
    assert len(lines) == len(hits)
    opens = {_cells(line).index("【") for line in lines}
    assert len(opens) == 1  # every match starts in the same terminal column
    for line, match, left in zip(lines, hits["match"], hits["left"]):
        assert f"【{match}】" in line
        shown_left = line.split("【")[0].rstrip().split("  ")[-1].strip()
        assert left.endswith(shown_left.lstrip("…"))  # the left context is cut at its far end
    assert max(_width(line) for line in lines) <= 100


def test_nothing_is_cut_in_a_file_or_pipe(seeds_path, articles, capsys, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)  # captured output is not a terminal
    out = _run(["theme", seeds_path, "建圈强链", "--width", "200"], capsys)
    table = nqp.theme_table(nqp.theme(articles, ["建圈强链"]), width=200)
    assert all(sentence in out for sentence in table["sentence"])


def test_every_command_has_examples_that_parse():
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert {"keyness", "topics", "collocations", "discover", "duplicates", "clusters"} <= set(sub.choices)
    for name, command in sub.choices.items():
        text = command.format_help()
        assert "examples:" in text, f"nqp {name} --help shows no example"
        examples = [line.strip() for line in text.split("examples:")[1].splitlines() if line.strip().startswith("nqp ")]
        assert examples and all(e.split()[1] == name for e in examples)
        for example in examples:
            args = build_parser().parse_args(shlex.split(example.split("  #")[0])[1:])
            assert args.command == name
    assert "examples:" in parser.format_help()


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0 and capsys.readouterr().out == f"nqp {nqp.__version__}\n"


def test_readme_lists_every_command_with_an_example_that_parses():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Command line\n", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|") for line in section.splitlines() if line.startswith("| `")]
    listed = {row[1].strip().strip("`"): row[3].strip().strip("`") for row in rows}
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert set(listed) == set(sub.choices)
    for name, example in listed.items():
        assert build_parser().parse_args(shlex.split(example)[1:]).command == name
