"""Benchmarks: measured numbers, never pass/fail tests."""
