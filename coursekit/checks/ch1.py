"""Checks of the chapter-1 lab (``labs/ch1_kinetics.ipynb``)."""

from __future__ import annotations

import math

import numpy as np

from coursekit.checks import CORRECT, NOT_ANSWERED, WRONG, check, report
from coursekit.kinetics.lattice import CONTACT_PROCESS_LAMBDA_C_1D

__all__ = ["check_decay_exponent", "check_ssa", "check_transition_interval"]


def check_ssa(func, n_runs: int = 2000) -> bool:
    """Exercise 1: a student's exact birth–death simulation.

    ``func(k, gamma, n0, t_end, rng)`` returns the copy number at ``t_end`` of one exact
    birth–death trajectory. From ``n0 = 0`` the law at time t is Poisson with mean
    ``k/gamma (1 - exp(-gamma t))``: the check compares the mean and the Fano factor of
    ``n_runs`` runs with it.

    Parameters
    ----------
    func : callable
        The student's simulation.
    n_runs : int
        Number of runs drawn.

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
    >>> check_ssa(lambda k, gamma, n0, t_end, rng: None)
    ⏳ your Gillespie birth–death simulation: not answered yet.
    Write the body of the function (below its docstring) and run the cell.
    False
    """
    name = "your Gillespie birth–death simulation"
    hint = ("waiting time: rng.exponential(1 / (k + gamma * n)); then a birth with probability "
            "k / (k + gamma * n), else a death; stop when the time passes t_end and return n")
    if not callable(func):
        return report(name, WRONG, "expected a function", hint)
    rng = np.random.default_rng(12345)
    k, gamma, t_end = 20.0, 1.0, 2.0
    try:
        first = func(k, gamma, 0, t_end, rng)
        if first is None:
            return report(name, NOT_ANSWERED, "Write the body of the function (below its "
                          "docstring) and run the cell.", hint)
        samples = np.array([first] + [func(k, gamma, 0, t_end, rng) for _ in range(n_runs - 1)],
                           dtype=float)
    except Exception as err:  # noqa: BLE001 - report the student's error helpfully
        return report(name, WRONG, f"calling it raised {type(err).__name__}: {err}", hint)
    mean = k / gamma * (1 - math.exp(-gamma * t_end))
    m, fano = samples.mean(), samples.var(ddof=1) / max(samples.mean(), 1e-12)
    if abs(m - mean) > 4 * math.sqrt(mean / n_runs):
        return report(name, WRONG, f"the mean at t = {t_end} is {m:.2f}, expected {mean:.2f} "
                       f"(within {4 * math.sqrt(mean / n_runs):.2f})", hint)
    if abs(fano - 1) > 0.15:
        return report(name, WRONG, f"the variance/mean ratio is {fano:.2f}; the exact law is "
                       "Poisson (ratio 1)", hint)
    return report(name, CORRECT, f"mean {m:.2f} (exact {mean:.2f}), variance/mean {fano:.2f}",
                   hint)


def check_decay_exponent(exponent) -> bool:
    """Exercise 2: the decay exponent of A + A -> 0 in one dimension (exact: -1/2).

    Parameters
    ----------
    exponent : float
        The fitted exponent.

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
    >>> check_decay_exponent(-0.49)
    ✅ decay exponent of A + A -> 0 in 1D: correct.
    True
    """
    return check("decay exponent of A + A -> 0 in 1D", exponent, -0.5, rtol=0.1,
                 hint="fit log(density) against log(t) at late times (t >= 100), e.g. with "
                      "coursekit.analysis.power_law_fit; the slope is negative")


def check_transition_interval(interval) -> bool:
    """Exercise 3: an interval containing the extinction threshold of the 1D contact process.

    The interval ``(low, high)`` must be at most 0.5 wide and contain the literature value
    :data:`coursekit.kinetics.lattice.CONTACT_PROCESS_LAMBDA_C_1D`.

    Parameters
    ----------
    interval : (float, float)
        ``(low, high)``.

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
    >>> check_transition_interval((2.6, 3.0))
    ❌ interval for the extinction threshold: the threshold lies above your interval
       Hint: run contact_process for birth rates between 3 and 3.6: below the threshold the
       density falls to zero, above it levels off; report the last rate that dies and the first
       that survives
    False
    """
    name = "interval for the extinction threshold"
    hint = ("run contact_process for birth rates between 3 and 3.6: below the threshold the "
            "density falls to zero, above it levels off; report the last rate that dies and the "
            "first that survives")
    if interval is Ellipsis or interval is None:
        return report(name, NOT_ANSWERED, "", hint)
    try:
        low, high = (float(v) for v in interval)
    except (TypeError, ValueError):
        return report(name, WRONG, "give two numbers, (low, high)", hint)
    if not low < high:
        return report(name, WRONG, f"low ({low}) must be below high ({high})", hint)
    if high - low > 0.5:
        return report(name, WRONG, f"the interval is {high - low:.2f} wide; narrow it to 0.5",
                       hint)
    if not low < CONTACT_PROCESS_LAMBDA_C_1D < high:
        side = "above" if CONTACT_PROCESS_LAMBDA_C_1D >= high else "below"
        return report(name, WRONG, f"the threshold lies {side} your interval", hint)
    return report(name, CORRECT, f"the literature value is {CONTACT_PROCESS_LAMBDA_C_1D}",
                   hint)
