"""``buyerlens analyze``: the JSON contract on stdout, the readable report, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from diagnose_helpers import at, make_bundle, msg
from typer.testing import CliRunner

from buyerlens.cli import build_app

AS_OF = "2026-11-26T12:00:00+01:00"


@pytest.fixture
def bundle_file(tmp_path: Path) -> Path:
    messages = [
        msg(
            "i1", "inbound", at("2026-11-02"), "De prijs is te hoog, wij betalen nu 0,80 per stuk."
        ),
        msg("o1", "outbound", at("2026-11-03"), "Wat betaalt u nu precies?"),
    ]
    path = tmp_path / "deal.json"
    path.write_text(json.dumps(make_bundle(messages=messages).to_json_dict()), "utf-8")
    return path


def test_json_output_is_the_contract(bundle_file: Path) -> None:
    result = CliRunner().invoke(
        build_app(), ["analyze", str(bundle_file), "--as-of", AS_OF, "--json", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    [deal] = data["deals"]
    assert deal["deal"] == "d1"
    assert deal["as_of"] == AS_OF
    assert deal["patterns"]["price_focus"]["price_picture"]["discouraged_question_asked"]
    assert "stop_asking_current_price" in [a["id"] for a in deal["actions"]]
    assert all(a["text"] and a["why"] for a in deal["actions"])


def test_readable_report(bundle_file: Path) -> None:
    result = CliRunner().invoke(build_app(), ["analyze", str(bundle_file), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    assert "Omdozen 2027" in result.output
    assert "price_focus (B2)" in result.output
    assert "stop_asking_current_price" in result.output


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--deal", "d9"], 1, "no deal with id 'd9'"),
        (["--as-of", "2026-11-26T12:00:00"], 2, "no UTC offset"),
        (["--lang", "de"], 2, "language must be one of nl, en"),
    ],
)
def test_errors_become_messages_and_exit_codes(
    bundle_file: Path,
    args: list[str],
    code: int,
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from buyerlens.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["analyze", str(bundle_file), *args])
    assert exited.value.code == code
    assert message in capsys.readouterr().err


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    from buyerlens.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["analyze", str(tmp_path / "nope.json")])
    assert exited.value.code == 2
