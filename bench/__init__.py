"""Benchmarks: `make bench` runs them and prints figures; nothing here is asserted by tests."""
