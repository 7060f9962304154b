"""Checks of the chapter-3 lab (``labs/ch3_solitons.ipynb``)."""

from __future__ import annotations

import warnings

import numpy as np

from coursekit import solitons as S
from coursekit.checks import check
from coursekit.errors import CourseKitError, SimulationError

__all__ = ["BLOWUP", "check_blowup_time", "check_momentum", "check_phase_shift", "check_speed"]

#: Exercise 4: a coarse grid and integrating-factor RK4. Without de-aliasing the run becomes
#: unstable near t = 13.8; with the 2/3 rule it reaches t = 30 with momentum drift 3e-5. The
#: domain is wide enough that the start is periodic to 1e-6 (no boundary warning).
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
