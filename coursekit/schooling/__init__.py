r"""Fish schools (chapter 5): the three-dimensional zonal model of Couzin et al. (2002) with a
compiled, parallel step and an :math:`O(N)` cell-list neighbour search, and its collective
memory (:mod:`~coursekit.schooling.couzin`); polarisation, milling and cohesion
(:mod:`~coursekit.schooling.measures`); the seed's seven entropy metrics and its Oceanic Schooling
Index (:mod:`~coursekit.schooling.entropy`).
"""

from coursekit.schooling.couzin import (
    Hysteresis,
    School,
    hysteresis,
    initial_school,
    simulate,
)
from coursekit.schooling.entropy import (
    OSI_WEIGHTS,
    SchoolEntropy,
    isotropic_polarisation_entropy,
    school_entropy,
)
from coursekit.schooling.measures import Cohesion, cohesion, milling, polarisation

__all__ = ["OSI_WEIGHTS", "Cohesion", "Hysteresis", "School", "SchoolEntropy", "cohesion",
           "hysteresis", "initial_school", "isotropic_polarisation_entropy", "milling",
           "polarisation", "school_entropy", "simulate"]
