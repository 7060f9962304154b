r"""Fish schools (chapter 5): the three-dimensional zonal model of Couzin et al. (2002) with a
compiled, parallel step and an :math:`O(N)` cell-list neighbour search, and its collective
memory (:mod:`~coursekit.schooling.couzin`); polarisation, milling and cohesion
(:mod:`~coursekit.schooling.measures`).
"""

from coursekit.schooling.couzin import (
    Hysteresis,
    School,
    hysteresis,
    initial_school,
    simulate,
)
from coursekit.schooling.measures import Cohesion, cohesion, milling, polarisation

__all__ = ["Cohesion", "Hysteresis", "School", "cohesion", "hysteresis", "initial_school",
           "milling", "polarisation", "simulate"]
