"""Run every benchmark and print its table: ``make bench``."""

from benchmarks import dashboards, lotka_volterra

print(lotka_volterra.compare().table())
print()
print(dashboards.table())
