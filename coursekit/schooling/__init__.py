r"""Fish schools (chapter 5): the three-dimensional zonal model of Couzin et al. (2002) with a
compiled, parallel step and an :math:`O(N)` cell-list neighbour search
(:mod:`~coursekit.schooling.couzin`), and its order parameters, polarisation and milling.
"""

from coursekit.schooling.couzin import School, initial_school, milling, polarisation, simulate

__all__ = ["School", "initial_school", "milling", "polarisation", "simulate"]
