"""The labelled evaluation sets stay well-formed and balanced (eval/check_eval_sets.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_eval_sets_pass_their_checker() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "eval" / "check_eval_sets.py")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
