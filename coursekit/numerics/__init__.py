"""The numerical methods several chapters share (the floor above the core).

* :mod:`~coursekit.numerics.tree` — arithmetic on states that are numbers, arrays or tuples;
* :mod:`~coursekit.numerics.ode` — RK4, Dormand–Prince 5(4), Störmer–Verlet, Yoshida's
  fourth-order symplectic composition, Euler–Maruyama, and fixed-step and adaptive drivers;
* :mod:`~coursekit.numerics.spectral` — periodic Fourier grids, de-aliasing, spectral
  derivatives, ETDRK4 and integrating-factor steppers, the CFL limit, peak location;
* :mod:`~coursekit.numerics.neighbours` — neighbour search (k-d trees; compiled cell lists for
  moving particles, in open space or a periodic box).

Subjects build their solvers from these; they never copy them or reach into each other.
"""

import importlib

__all__ = ["neighbours", "ode", "spectral", "tree"]


def __getattr__(name):  # submodules load on first use (spectral imports scipy.fft)
    if name in __all__:
        return importlib.import_module(f"coursekit.numerics.{name}")
    raise AttributeError(f"module 'coursekit.numerics' has no attribute {name!r}")
