"""Checks of the chapter-4 lab (``labs/ch4_kinks.ipynb``)."""

from __future__ import annotations

from coursekit import kinks as K
from coursekit.checks import CORRECT, NOT_ANSWERED, WRONG, _is_unanswered, check, report

__all__ = ["check_critical_speed", "check_energy_growth", "check_order", "check_rest_energy"]


def check_rest_energy(energy) -> bool:
    """Exercise 1: the energy of the static φ⁴ kink, computed from the field (exact 2√2/3).

    Parameters
    ----------
    energy : float
        The student's energy.

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
    >>> check_rest_energy(2 * 2**0.5 / 3)
    ✅ rest energy of the kink: correct.
    True
    """
    return check("rest energy of the kink", energy, K.rest_energy("phi4"), rtol=1e-6,
                 hint="integrate 0.5 phi_x^2 + V(phi) over the grid: a spectral derivative "
                      "(or the exact phi_x) and a plain sum times dx; the domain must hold the "
                      "whole kink")


def check_energy_growth(verlet_growth, rk4_growth) -> bool:
    """Exercise 2: how much the largest energy error grows from the first half of a long run
    to the second, for Störmer–Verlet and for RK4.

    Parameters
    ----------
    verlet_growth, rk4_growth : float
        Ratio of the largest relative energy error over the second half of the run to that
        over the first half.

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
    >>> check_energy_growth(1.0, 2.0)
    ✅ energy error growth: correct. Verlet's error stays in a band, RK4's grows with time.
    True
    """
    name = "energy error growth"
    if _is_unanswered(verlet_growth) or _is_unanswered(rk4_growth):
        return report(name, NOT_ANSWERED, "", "")
    v, r = float(verlet_growth), float(rk4_growth)
    if v < 1.1 and r > 1.8:
        return report(name, CORRECT, "Verlet's error stays in a band, RK4's grows with time.",
                      "")
    return report(name, WRONG, f"got {v:.3g} for Verlet and {r:.3g} for RK4",
                  "run to t = 2000 with dt = 0.1 for both, take |E/E0 - 1|, and divide its "
                  "maximum over the second half of the recording times by that over the first "
                  "half; a symplectic method should give about 1, RK4 about 2")


def check_order(order) -> bool:
    """Exercise 3: the convergence order of Yoshida's composition measured on the breather.

    Parameters
    ----------
    order : float
        The fitted slope of log(error) against log(dt).

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
    >>> check_order(3.98)
    ✅ order of Yoshida's method: correct.
    True
    """
    return check("order of Yoshida's method", order, 4.0, atol=0.2,
                 hint="compare each run with the exact breather at the same time, for steps "
                      "0.08, 0.04, 0.02, and fit the slope of log(error) against log(dt) with "
                      "numpy.polyfit; too small a step hits the spatial error floor")


def check_critical_speed(v_c) -> bool:
    """Exercise 4: the critical speed of φ⁴ kink–antikink collisions found by bisection.

    Parameters
    ----------
    v_c : float
        The student's critical speed.

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
    >>> check_critical_speed(0.2601)
    ✅ critical speed: correct.
    True
    """
    return check("critical speed", v_c, K.PHI4_CRITICAL_SPEED, atol=2e-3,
                 hint="bisect between 0.25 (capture) and 0.27 (escape): a speed counts as "
                      "above v_c when K.collide(v, t_after=200) escapes after one bounce")
