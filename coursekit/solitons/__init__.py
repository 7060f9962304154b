"""Solitons (chapter 3): the Korteweg–de Vries equation, its exact solutions and a spectral
solver (:mod:`~coursekit.solitons.kdv`).

The periodic grid and peak location are the shared tools of :mod:`coursekit.numerics.spectral`,
re-exported here because every KdV computation uses them.
"""

from coursekit.numerics.spectral import locate_peaks, periodic_grid
from coursekit.solitons.kdv import (
    METHODS,
    KdVRun,
    PhaseShifts,
    perturbed,
    phase_shifts,
    simulate,
    soliton,
    step_limit,
    two_soliton,
)

__all__ = ["KdVRun", "METHODS", "PhaseShifts", "locate_peaks", "periodic_grid", "perturbed",
           "phase_shifts", "simulate", "soliton", "step_limit", "two_soliton"]
