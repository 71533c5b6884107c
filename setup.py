"""The C extensions; everything else about the package is in pyproject.toml.

``_wordtable.c`` is the learned layer's word table and ``_scan.c`` sorts the scan's
matches into the extractor's lists (docs/signals.md, "Speed"); ``_words.h`` holds what
both need to read words. CPython's C API only, no third-party code. ``pip install -e .``
builds them in place with the system's C compiler (gcc here; the Python headers come
with CPython).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            f"buyerlens.signals.{name}",
            [f"src/buyerlens/signals/{name}.c"],
            depends=["src/buyerlens/signals/_words.h"],  # shared by both; in the sdist too
            extra_compile_args=["-O2"],
        )
        for name in ("_wordtable", "_scan")
    ]
)
