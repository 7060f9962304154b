"""coursekit: the solvers, analysis tools, dashboards and lab checks of *Dynamics in Action*.

The package is a house of floors; each imports only from the floors below it, and the subjects
never import each other (import-linter checks this in ``make test``)::

    presentation   plot · widgets · checks                  (Matplotlib, ipywidgets: here only)
    subjects       kinetics · population · solitons
    analysis       entropies, ordinal patterns, recurrence, embedding, Lyapunov, scaling
    systems        classic flows and maps, their right-hand sides and Jacobians (once)
    numerics       ODE/SDE steppers, spectral methods (shared by every chapter)
    core           errors · results · validation · randomness · JIT · progress bars

**One vocabulary for every solver.** A run starts from ``x0`` at ``t = 0``; ``t_end`` is the
final time (always a time; maps take ``n_steps`` instead); ``t_eval`` are the recording times;
``dt`` is the (largest) step of a method that has one, and the step actually used is reported in
``result.stats["dt"]``; ``seed`` (default ``None``) makes a stochastic run reproducible; long
runs take ``progress``. Deterministic solvers are called ``simulate``; maps ``iterate``;
stochastic algorithms keep the names of their methods (``gillespie``, ``tau_leap``) and lattice
models the names of their models.

**One result convention** (:mod:`coursekit._results`): frozen dataclasses with read-only arrays,
time first; ``t``, the state ``x``, the spatial ``grid``; ``method``, ``stats`` and ``message``.

**One error convention** (:mod:`coursekit.errors`): :class:`InputError` for bad arguments
(a ``ValueError`` and a ``TypeError``), :class:`SimulationError` with ``t`` and ``cause`` for a
run that fails.

Import what you need::

    from coursekit import population
"""

from coursekit._results import Ensemble, Result, Trajectory
from coursekit.errors import CourseKitError, InputError, SimulationError

__version__ = "0.2.0"
__all__ = ["CourseKitError", "Ensemble", "InputError", "Result", "SimulationError",
           "Trajectory", "__version__"]
