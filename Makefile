# Convenience targets; dev.py does the work (and creates .venv when it is missing).
.PHONY: check test demo lint types bench train-signals

check:
	python3 dev.py check

test:
	python3 dev.py test

demo:
	python3 dev.py demo

lint:
	.venv/bin/ruff check src tests benchmarks eval dev.py setup.py
	.venv/bin/ruff format --check src tests benchmarks eval dev.py setup.py

types:
	.venv/bin/mypy

bench:
	for b in benchmarks/bench_*.py; do .venv/bin/python $$b || exit 1; done

train-signals:
	.venv/bin/python eval/train_signals.py
