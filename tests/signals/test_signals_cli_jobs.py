"""``buyerlens signals --jobs N``: the input read by several worker processes, each its own
part of the file (src/buyerlens/cli/shards.py), with the output of one process."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from buyerlens.cli import build_app
from buyerlens.cli.shards import cut_points
from buyerlens.model.errors import UsageError

runner = CliRunner()

_MESSAGES = [
    ("buyer", "nl", "Eerlijk gezegd vinden we de prijs te hoog. Mijn baas moet ook akkoord geven."),
    ("buyer", "en", "Honestly, your price is too high for us. We are happy with Hartley."),
    ("seller", "en", "I'll send you the revised quote by Friday."),
    ("seller", "nl", "Ik stuur je morgen de aangepaste offerte."),
    ("buyer", "nl", "Laten we dit na de zomer weer oppakken, nu is het te druk."),
    ("buyer", "en", "Could you tell me the lead time for 5,000 boxes?"),
]


def _input(n: int) -> list[str]:
    """``n`` lines: real messages in both languages and roles, with a blank line, a line
    that is not JSON, one without a role and one without a text among them."""
    lines = []
    for i in range(n):
        role, lang, text = _MESSAGES[i % len(_MESSAGES)]
        lines.append(json.dumps({"id": i, "text": text, "role": role, "lang": lang}))
    lines[3] = "{not json"
    lines[n // 2] = ""
    lines[n // 2 + 7] = json.dumps({"id": "x", "text": "Prijs?", "role": "koper"})
    lines[n - 2] = json.dumps({"id": "y"})
    return lines


def _run(args: list[str], stdin: str | None = None) -> tuple[int, str, str, str]:
    """Exit code, standard output, standard error and the error the command raised."""
    result = runner.invoke(build_app(), args, input=stdin)
    return result.exit_code, result.stdout, result.stderr, str(result.exception or "")


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_two_workers_give_the_output_and_line_numbers_of_one(tmp_path: Path, newline: str) -> None:
    f = tmp_path / "in.jsonl"
    f.write_bytes((newline.join(_input(240)) + newline).encode("utf-8"))
    one = _run(["signals", str(f)])
    assert one[0] == 1  # four bad lines: reported, skipped, exit 1
    for jobs in ("2", "3"):
        assert _run(["signals", str(f), "--jobs", jobs]) == one
    assert len(one[1].splitlines()) == 240 - 4
    # line numbers count in the whole file, not in a worker's part
    for no in (4, 121 + 7, 239):
        assert f"{f}:{no}:" in one[2]
    assert f"{f}: 3 line(s) could not be read" in one[3]


def test_workers_read_standard_input_too() -> None:
    text = "\n".join(_input(60)) + "\n"
    assert _run(["signals", "-", "-j", "2"], text) == _run(["signals", "-"], text)


def test_jobs_must_be_zero_or_more(tmp_path: Path) -> None:
    result = runner.invoke(build_app(), ["signals", "-", "--jobs", "-1"], input="")
    assert isinstance(result.exception, UsageError)
    assert "--jobs" in str(result.exception)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from([b"a", b"bc", b"\n", b"\r\n", b"\r", b"{}"]), max_size=40),
    st.integers(min_value=1, max_value=6),
)
def test_parts_cover_the_file_and_end_after_a_line_break(
    tmp_path_factory: pytest.TempPathFactory, pieces: list[bytes], parts: int
) -> None:
    data = b"".join(pieces)
    f = tmp_path_factory.mktemp("cut") / "in.jsonl"
    f.write_bytes(data)
    ranges = cut_points(f, parts)
    assert len(ranges) == parts
    assert ranges[0][0] == 0
    assert ranges[-1][1] == len(data)
    for (_, end), (start, _) in itertools.pairwise(ranges):
        assert end == start
    for start, end in ranges[:-1]:  # a part ends after a line break or at the end
        assert start <= end
        assert start == end or end == len(data) or data[end - 1 : end] == b"\n"
