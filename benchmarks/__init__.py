"""Benchmarks of coursekit against peer packages: ``make bench`` (``python -m benchmarks``).

Each module times one workload in coursekit and in its peer at equal accuracy, under the same
thread settings (BLAS pinned to one thread with threadpoolctl), and reports ratios; first-call
(compile) times are measured separately in a fresh process. Benchmarks are never part of
``make test``: timings are reported, not asserted.
"""
