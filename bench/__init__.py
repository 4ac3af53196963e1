"""Benchmarks for the DESIGN budgets; see bench/README.md."""
