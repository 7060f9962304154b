r"""Kinks and breathers (chapter 4): the (1+1)-dimensional nonlinear Klein–Gordon equation for
the :math:`\phi^4`, sine-Gordon and linear potentials, its exact solutions, and a symplectic
pseudo-spectral solver (:mod:`~coursekit.kinks.klein_gordon`, with user-supplied potentials
through :class:`~coursekit.kinks.klein_gordon.Potential`), kink–antikink collisions with their
capture, escape and two-bounce windows (:mod:`~coursekit.kinks.collisions`), and the seed's
entropy, density and phase-space diagnostics (:mod:`~coursekit.kinks.diagnostics`).

The periodic grid is the shared tool of :mod:`coursekit.numerics.spectral`, re-exported here.
"""

from coursekit.kinks.collisions import PHI4_CRITICAL_SPEED, Collision, collide
from coursekit.kinks.klein_gordon import (
    METHODS,
    PHI4_SHAPE_MODE,
    POTENTIALS,
    Field,
    KleinGordonRun,
    Potential,
    breather,
    kink,
    kink_antikink,
    kink_positions,
    potential_energy_density,
    rest_energy,
    simulate,
    sine_gordon_kink_antikink,
    sine_gordon_kink_kink,
    step_limit,
)
from coursekit.numerics.spectral import periodic_grid

__all__ = ["METHODS", "PHI4_CRITICAL_SPEED", "PHI4_SHAPE_MODE", "POTENTIALS", "Collision",
           "Field", "KleinGordonRun", "Potential", "breather", "collide",
           "kink", "kink_antikink", "kink_positions", "periodic_grid",
           "potential_energy_density", "rest_energy", "simulate", "sine_gordon_kink_antikink",
           "sine_gordon_kink_kink", "step_limit"]
