"""Errors raised by coursekit.

Bad input raises :class:`ValueError` (the Python convention, so ``except ValueError`` works);
a simulation that fails at run time raises :class:`SimulationError`, naming the time and the
likely cause.
"""


class CourseKitError(Exception):
    """Base class of coursekit's own errors."""


class SimulationError(CourseKitError, RuntimeError):
    """A simulation left its domain of validity (blow-up, NaN, negative population, ...)."""
