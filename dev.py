#!/usr/bin/env python3
"""Set up and run buyerlens from a fresh clone, with nothing but Python 3.11+.

    python3 dev.py demo     create .venv, install, load the demo data, serve the web app
    python3 dev.py test     create .venv, install, run the whole test suite
    python3 dev.py check    lint (ruff), types (mypy --strict) and the tests

Both create the virtual environment ``.venv`` in the repository root when it is missing
and (re)install the project when ``pyproject.toml``, ``setup.py`` or the C extensions'
sources changed, so ``.venv/bin/buyerlens`` is the command afterwards. Extra arguments
after ``test`` go to pytest. The install compiles two small C extensions: it needs a C
compiler and the Python headers (gcc and python3-dev on Debian).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".buyerlens-installed"
_BUILD_INPUTS = (
    ROOT / "pyproject.toml",
    ROOT / "setup.py",
    *sorted((ROOT / "src" / "buyerlens").rglob("*.c")),
    *sorted((ROOT / "src" / "buyerlens").rglob("*.h")),
)


def _run(*cmd: str | Path) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    code = subprocess.call([str(c) for c in cmd], cwd=ROOT)
    if code:
        sys.exit(code)


def ensure_venv() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be run by an older python3
        sys.exit("buyerlens needs Python 3.11 or newer; run this with python3.11")
    if not (BIN / "python").exists():
        print(f"creating the virtual environment {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    # reinstall when the project's files or the C extension's source changed (an editable
    # install builds the extension in place once; nothing rebuilds it on import)
    wanted = hashlib.sha256(b"".join(p.read_bytes() for p in _BUILD_INPUTS)).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    _run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    _run(BIN / "python", "-m", "pip", "install", "--quiet", "-e", ".[dev]")
    STAMP.write_text(wanted + "\n")


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in {"demo", "test", "check"}:
        sys.exit(__doc__)
    ensure_venv()
    task, rest = argv[0], argv[1:]
    if task == "demo":
        _run(BIN / "buyerlens", "demo", "--serve", *rest)
    elif task == "test":
        _run(BIN / "python", "-m", "pytest", *rest)
    else:
        _run(BIN / "ruff", "check", "src", "tests", "benchmarks", "eval", "dev.py", "setup.py")
        _run(
            BIN / "ruff",
            "format",
            "--check",
            "src",
            "tests",
            "benchmarks",
            "eval",
            "dev.py",
            "setup.py",
        )
        _run(BIN / "mypy")
        _run(BIN / "python", "-m", "pytest", *rest)


if __name__ == "__main__":
    main(sys.argv[1:])
