"""Benchmarks and evaluations: run as ``python -m bench.<name>``."""
