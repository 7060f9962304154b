"""Population dynamics (chapter 2). Arrays are time first, ``(n_times, n_state)``.

* :mod:`~coursekit.population.lotka_volterra` — predator–prey and competition equations;
* :mod:`~coursekit.population.leslie` — Leslie matrices and coupled age-structured models;
* :mod:`~coursekit.population.gause` — Gause's *Paramecium* data and fitted competition models.
"""

from coursekit.population import gause, leslie
from coursekit.population.lotka_volterra import (
    Classification,
    CompetitiveLotkaVolterra,
    LotkaVolterra,
    Stability,
    classify_equilibrium,
    period,
    simulate,
    simulate_noisy,
)

__all__ = [
    "gause",
    "leslie",
    "Classification",
    "CompetitiveLotkaVolterra",
    "LotkaVolterra",
    "Stability",
    "classify_equilibrium",
    "period",
    "simulate",
    "simulate_noisy",
]
