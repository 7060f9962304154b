"""Population dynamics: Lotka–Volterra predator–prey and competition (chapter 2).

Arrays are time first, ``(n_times, n_state)``. See :mod:`coursekit.population.lotka_volterra`.
"""

from coursekit.population.lotka_volterra import (
    CompetitiveLotkaVolterra,
    LotkaVolterra,
    Stability,
    Trajectory,
    classify_equilibrium,
    period,
    simulate,
    simulate_noisy,
)

__all__ = [
    "CompetitiveLotkaVolterra",
    "LotkaVolterra",
    "Stability",
    "Trajectory",
    "classify_equilibrium",
    "period",
    "simulate",
    "simulate_noisy",
]
