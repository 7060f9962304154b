"""Run every benchmark and print its table: ``make bench``."""

from benchmarks import (
    analysis,
    cold_start,
    dashboards,
    interrupt,
    kinetics,
    kinks,
    koopman,
    koopman_nn,
    lotka_volterra,
    neighbours,
    schooling,
    solitons,
    sweep,
    sync,
)

print(lotka_volterra.compare().table())
print()
print(analysis.compare().table())
print()
print(kinetics.table())
print()
print(solitons.table())
print()
print(kinks.table())
print()
print(neighbours.table())
print()
print(schooling.table())
print()
print(sync.table())
print()
print(koopman.table())
print()
print(koopman_nn.epoch_table())
print()
print(koopman_nn.table())
print()
print(dashboards.table())
print()
print(interrupt.table())
print()
print(sweep.table())
print()
print(cold_start.table())
