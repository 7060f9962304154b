"""The errors coursekit raises, and what each one means.

* :class:`InputError` — an argument is of the wrong type or has a bad value (a negative rate, a
  step beyond the stability limit, NaN in data). It subclasses both :class:`ValueError` and
  :class:`TypeError`, so the usual ``except ValueError`` (or ``except TypeError`` for a wrong
  type) catches it; its message says what was wrong and what would be right.
* :class:`NotFittedError` — a learner was asked to predict before it was fitted (like
  scikit-learn's error of that name, it is both a :class:`ValueError` and an
  :class:`AttributeError`).
* :class:`SimulationError` — a computation that started from valid input left its domain of
  validity at run time (a blow-up, a population driven negative, too many events). It carries
  the time ``t`` at which that happened and a short ``cause`` as attributes, so that code never
  has to parse the message.
"""

from __future__ import annotations

__all__ = ["CAUSES", "CourseKitError", "InputError", "NotFittedError", "SimulationError"]


class CourseKitError(Exception):
    """Base class of coursekit's own errors.

    Examples
    --------
    >>> issubclass(SimulationError, CourseKitError) and issubclass(InputError, CourseKitError)
    True
    """


class InputError(CourseKitError, ValueError, TypeError):
    """A bad argument: wrong type or value. The message says what would be right.

    Examples
    --------
    >>> from coursekit.population import LotkaVolterra
    >>> try:
    ...     LotkaVolterra(alpha=-1.0)
    ... except ValueError as err:
    ...     print(err)
    alpha must be a positive, finite number; got -1.0
    """


class NotFittedError(CourseKitError, ValueError, AttributeError):
    """A learner of :mod:`coursekit.koopman` used before ``fit``.

    Examples
    --------
    >>> from coursekit.koopman import DMD
    >>> try:
    ...     DMD().predict([[1.0]])
    ... except NotFittedError as err:
    ...     print(err)
    this DMD is not fitted yet: call fit(X, dt=...) first
    """


#: The causes a :class:`SimulationError` reports (its ``cause`` attribute).
NON_FINITE = "non-finite"
BELOW_BOUND = "below lower bound"
NEGATIVE = "negative"
MAX_EVENTS = "max_events"
STEP_UNDERFLOW = "step underflow"
NO_CONVERGENCE = "no convergence"
SOLVER_FAILURE = "solver failure"
NO_RETURN = "no return"
SINGULAR = "singular"
UNSTABLE = "unstable"
OVERFLOW = "overflow"
#: A growing cluster reached the edge of its finite lattice.
BOUNDARY = "boundary"
CAUSES = (NON_FINITE, BELOW_BOUND, NEGATIVE, MAX_EVENTS, STEP_UNDERFLOW, NO_CONVERGENCE,
          SOLVER_FAILURE, NO_RETURN, SINGULAR, UNSTABLE, OVERFLOW, BOUNDARY)


class SimulationError(CourseKitError, RuntimeError):
    """A run left its domain of validity (blow-up, NaN, negative population, ...).

    Parameters
    ----------
    message : str
        What happened and what to try instead.
    t : float, optional
        The model time at which it happened (``None`` when no time applies).
    cause : str, optional
        A short machine-readable reason, one of :data:`CAUSES` (``"non-finite"``,
        ``"below lower bound"``, ``"negative"``, ``"max_events"``, ``"step underflow"``,
        ``"no convergence"``, ``"solver failure"``, ``"no return"``, ``"singular"``,
        ``"unstable"``: a conserved quantity grew, the mark of a numerical instability;
        ``"overflow"``: a count would leave the range of its integer type).

    Examples
    --------
    >>> err = SimulationError("the solution became non-finite at t = 2.5", t=2.5,
    ...                       cause="non-finite")
    >>> err.t, err.cause
    (2.5, 'non-finite')
    """

    def __init__(self, message: str, t: float | None = None, cause: str = ""):
        if cause and cause not in CAUSES:
            raise InputError(f"cause must be one of {CAUSES}; got {cause!r}")
        super().__init__(message)
        self.t = None if t is None else float(t)
        self.cause = cause

    def __reduce__(self):  # keep t and cause through pickling (worker processes)
        return (type(self), (str(self), self.t, self.cause))
