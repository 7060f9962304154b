"""Checks of the chapter-3 lab (``labs/ch3_solitons.ipynb``)."""

from __future__ import annotations

import functools
import warnings

import numpy as np

from coursekit import solitons as S
from coursekit.checks import check
from coursekit.errors import CourseKitError, SimulationError

__all__ = ["ALIASING", "BLOWUP", "check_aliasing_table", "check_blowup_time", "check_momentum",
           "check_phase_shift", "check_speed", "stable_step"]

#: Exercise 4: a coarse grid and integrating-factor RK4. Without de-aliasing the run becomes
#: unstable; with the 2/3 rule it reaches t = 30. The failure mixes three causes (a grid that
#: under-resolves the k1 = 3 soliton, a step near the stability limit, and aliasing);
#: exercise 5 (:data:`ALIASING`) separates them. The domain is wide enough that the start is
#: periodic to 1e-6 (no boundary warning).
BLOWUP = dict(N=72, x_min=-16.0, x_max=16.0, k1=3.0, k2=1.0, x1=-4.0, x2=1.0, t_end=30.0,
              dt=0.002)


def check_speed(speed) -> bool:
    """Exercise 1: the measured speed of the soliton of amplitude 1.5 (exact: 3).

    Parameters
    ----------
    speed : float
        The student's speed.

    Returns
    -------
    bool
        True if the answer is right.

    Raises
    ------
    AssertionError
        Only in the strict modes of ``COURSEKIT_CHECKS`` (the test suite's), when the check is
        not correct (``solutions``) or not unanswered (``student``).

    Examples
    --------
    >>> check_speed(3.01)
    ✅ soliton speed: correct.
    True
    """
    return check("soliton speed", speed, 3.0, rtol=0.01,
                 hint="locate the peak at two times with solitons.locate_peaks and divide the "
                      "distance by the time; the exact speed is twice the amplitude")


def check_phase_shift(shift) -> bool:
    """Exercise 2: the forward shift of the fast soliton (``k1 = 2``, ``k2 = 1``).

    Parameters
    ----------
    shift : float
        The student's shift.

    Returns
    -------
    bool
        True if the answer is right.

    Raises
    ------
    AssertionError
        Only in the strict modes of ``COURSEKIT_CHECKS`` (the test suite's), when the check is
        not correct (``solutions``) or not unanswered (``student``).

    Examples
    --------
    >>> check_phase_shift(np.log(3.0))
    ✅ phase shift of the fast soliton: correct.
    True
    """
    return check("phase shift of the fast soliton", shift, S.phase_shifts(2.0, 1.0)[0],
                 rtol=0.02, hint="final position minus (initial position + k1**2 * t)")


def check_momentum(momentum) -> bool:
    """Exercise 3: the momentum (integral of u^2) of the soliton of speed c = 3.

    Parameters
    ----------
    momentum : float
        The student's value.

    Returns
    -------
    bool
        True if the answer is right.

    Raises
    ------
    AssertionError
        Only in the strict modes of ``COURSEKIT_CHECKS`` (the test suite's), when the check is
        not correct (``solutions``) or not unanswered (``student``).

    Examples
    --------
    >>> check_momentum(2.0 * 3.0 ** 1.5 / 3.0)
    ✅ momentum of the soliton: correct.
    True
    """
    return check("momentum of the soliton", momentum, (2.0 / 3.0) * 3.0**1.5, rtol=1e-6,
                 hint="np.sum(u**2) * dx on the periodic grid (spectrally accurate); exactly "
                      "(2/3) c^(3/2)")


def check_blowup_time(t_blowup) -> bool:
    """Exercise 4: the time at which the run ``BLOWUP`` stops with a SimulationError (its ``t``).

    Parameters
    ----------
    t_blowup : float
        The student's time.

    Returns
    -------
    bool
        True if the answer is right.

    Raises
    ------
    AssertionError
        Only in the strict modes of ``COURSEKIT_CHECKS`` (the test suite's), when the check is
        not correct (``solutions``) or not unanswered (``student``).
    CourseKitError
        If the reference run does not become unstable (then there is nothing to check).

    Examples
    --------
    >>> check_blowup_time(0.5)   # doctest: +ELLIPSIS
    ❌ blow-up time: you have 0.5, which is off by a relative ...
    False
    """
    c = BLOWUP
    x = S.periodic_grid(c["N"], c["x_min"], c["x_max"])
    u0 = S.two_soliton(x, 0, c["k1"], c["k2"], x1=c["x1"], x2=c["x2"])
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            S.simulate(u0, x, c["t_end"], dt=c["dt"], method="ifrk4", dealias=False)
    except SimulationError as err:
        expected = err.t
    else:
        raise CourseKitError("the reference run ch3.BLOWUP did not blow up on this machine; "
                           "please report it (the exercise cannot be checked)")
    return check("blow-up time", t_blowup, expected, rtol=1e-4,
                 hint="catch coursekit.errors.SimulationError as err: the time is err.t "
                      "(keep the same settings as ch3.BLOWUP)")


#: Exercise 5: the same collision with ETDRK4 on grids of N points, at a step of a quarter of
#: the stability limit (:func:`stable_step`), with and without the 2/3 rule. Only aliasing
#: differs within a pair of runs; only the resolution between pairs. Measured: N = 64 blows
#: up without de-aliasing, N = 96 drifts about 35 times more, N = 192 the same with or without.
ALIASING = dict(N=(64, 96, 128, 192), x_min=-16.0, x_max=16.0, k1=3.0, k2=1.0, x1=-4.0, x2=1.0,
                t_end=30.0, step_fraction=0.25)


def stable_step(u0, x, fraction: float = 1.0) -> float:
    """``fraction`` of the stability limit of the solvers without de-aliasing.

    The same step for the runs with and without the 2/3 rule (the limit without it is the
    smaller): :func:`coursekit.solitons.kdv.step_limit` with ``dealias=False``, times
    ``fraction``.

    Parameters
    ----------
    u0 : array_like
        The start.
    x : array_like
        The periodic grid.
    fraction : float
        Fraction of the limit, ``> 0``.

    Returns
    -------
    float

    Raises
    ------
    InputError
        For a bad grid, start or fraction.

    Examples
    --------
    >>> x = S.periodic_grid(64, -16.0, 16.0)
    >>> round(stable_step(S.soliton(x, 0, c=2.0), x), 4)
    0.0663
    """
    from coursekit import _validate as V

    return float(V.positive("fraction", fraction) * S.step_limit(u0, x, dealias=False))


@functools.lru_cache(maxsize=None)
def _aliasing_run(N, dealias):
    c = ALIASING
    x = S.periodic_grid(N, c["x_min"], c["x_max"])
    u0 = S.two_soliton(x, 0, c["k1"], c["k2"], x1=c["x1"], x2=c["x2"])
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            run = S.simulate(u0, x, c["t_end"], dt=stable_step(u0, x, c["step_fraction"]),
                             method="etdrk4", dealias=dealias)
    except SimulationError:
        return np.inf
    return run.invariant_drift()["momentum"]


def check_aliasing_table(table) -> bool:
    """Exercise 5: momentum drift of the :data:`ALIASING` runs, with and without the 2/3 rule.

    Parameters
    ----------
    table : dict
        ``{(N, dealias): drift}`` for every ``N`` of :data:`ALIASING` and ``dealias`` in
        ``(True, False)``: the relative momentum drift ``run.invariant_drift()["momentum"]``
        of a run that reached ``t_end``, or ``numpy.inf`` for one that stopped with a
        :class:`~coursekit.errors.SimulationError`.

    Returns
    -------
    bool
        True if the answer is right.

    Raises
    ------
    AssertionError
        Only in the strict modes of ``COURSEKIT_CHECKS`` (the test suite's), when the check is
        not correct (``solutions``) or not unanswered (``student``).

    Examples
    --------
    >>> check_aliasing_table({})     # doctest: +ELLIPSIS
    ❌ aliasing table: ...
    False
    """
    from coursekit.checks import CORRECT, NOT_ANSWERED, WRONG, report

    name = "aliasing table"
    hint = ("for each N: x = S.periodic_grid(N, -16, 16), the two-soliton start of ALIASING, "
            "dt = ch3.stable_step(u0, x, 0.25), S.simulate(..., method='etdrk4', dealias=...); "
            "store run.invariant_drift()['momentum'], or np.inf after a SimulationError")
    if table is Ellipsis or table is None:
        return report(name, NOT_ANSWERED, "", hint)
    keys = [(N, d) for N in ALIASING["N"] for d in (True, False)]
    if not isinstance(table, dict) or any(k not in table for k in keys):
        return report(name, WRONG, f"expected a dict with the keys {keys}", hint)
    for key in keys:
        expected = _aliasing_run(*key)
        try:
            got = float(table[key])
        except (TypeError, ValueError):
            return report(name, WRONG, f"the entry {key} is not a number", hint)
        if np.isinf(expected) != np.isinf(got) or (
                np.isfinite(expected) and not np.isclose(got, expected, rtol=0.05)):
            what = "a blow-up (np.inf)" if np.isinf(expected) else f"a drift of {expected:.2e}"
            return report(name, WRONG, f"for N = {key[0]}, dealias = {key[1]} the run gives "
                                       f"{what}; you have {got:.3g}", hint)
    return report(name, CORRECT, "", hint)
