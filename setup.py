"""The C extension; everything else about the package is in pyproject.toml.

``_wordtable.c`` is the learned layer's word table (docs/signals.md, "Speed"): CPython's
C API only, no third-party code. ``pip install -e .`` builds it in place with the
system's C compiler (gcc here; the Python headers come with CPython).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "buyerlens.signals._wordtable",
            ["src/buyerlens/signals/_wordtable.c"],
            extra_compile_args=["-O2"],
        )
    ]
)
