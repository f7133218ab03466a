"""Benchmarks: torchless against real torch and a hand-written NumPy floor (``python -m benchmarks``)."""
