"""Checks of the chapter-1 lab (``labs/ch1_kinetics.ipynb``)."""

from __future__ import annotations

import math

import numpy as np

from coursekit.checks import CORRECT, NOT_ANSWERED, WRONG, report
from coursekit.kinetics.lattice import CONTACT_PROCESS_LAMBDA_C_1D

__all__ = ["check_decay", "check_ssa", "check_transition_bracket"]


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


def check_decay(t, rho, exponent) -> bool:
    """Exercise 2: the student's own A + A -> 0 run and the exponent fitted to it.

    Three things are checked, all against the student's data: ``rho`` is a density of
    A + A -> 0 on a line from a full start with hops at rate 1 (within 10 % of the exact
    :func:`coursekit.kinetics.lattice.annihilation_exact` at every ``t >= 1``, which a run of
    10^5 sites meets with room to spare); ``exponent`` is the least-squares slope of
    ``ln rho`` against ``ln t`` over the times ``t >= 100`` of those data (to 0.02: any
    reasonable window or fitting routine passes); and it lies within 0.06 of the exact -1/2.
    A typed number without data cannot pass, nor can the exact densities themselves. (For
    runs much longer than ``t = 3000`` on 10^5 sites the statistical scatter of the late
    densities grows towards the 10 % tolerance: use more sites.)

    Parameters
    ----------
    t, rho : array_like, shape (n,)
        The recording times and the student's densities.
    exponent : float
        The student's fitted exponent.

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
    >>> check_decay([1.0, 10.0], [0.3, 0.1], -0.5)   # doctest: +ELLIPSIS
    ❌ decay of A + A -> 0 in 1D: ...
    False
    """
    from coursekit.kinetics.lattice import annihilation_exact

    name = "decay of A + A -> 0 in 1D"
    hint = ("simulate with lat.annihilation(100_000, t, seed=...), pass t, the density column "
            "run.density[:, 0] and the slope of log(density) against log(t) for t >= 100 "
            "(e.g. power_law_fit(t, rho, xmin=100).exponent)")
    if any(v is Ellipsis or v is None for v in (t, rho, exponent)):
        return report(name, NOT_ANSWERED, "", hint)
    try:
        t, rho = np.asarray(t, float).ravel(), np.asarray(rho, float).ravel()
        exponent = float(exponent)
    except (TypeError, ValueError):
        return report(name, WRONG, "t and rho must be arrays of numbers and exponent a number",
                      hint)
    if t.shape != rho.shape or not (np.all(np.isfinite(t)) and np.all(np.isfinite(rho))):
        return report(name, WRONG, "t and rho must be finite arrays of the same length", hint)
    early, late = t >= 1, t >= 100
    if np.sum(late) < 3 or np.any(rho[early] <= 0):
        return report(name, WRONG, f"need matching arrays t and rho with at least 3 positive "
                                   f"densities at t >= 100 (got {t.size} times, "
                                   f"{int(np.sum(late))} of them >= 100)", hint)
    off = np.max(np.abs(rho[early] / annihilation_exact(t[early]) - 1))
    if off < 1e-9:
        return report(name, WRONG, "these are the exact densities, not a simulation: run "
                                   "lat.annihilation and pass its densities", hint)
    if off > 0.1:
        return report(name, WRONG, f"these densities differ from the exact A + A -> 0 density "
                                   f"of a full line by up to {off:.0%}: is it the right model, "
                                   "started full, with enough sites?", hint)
    slope = float(np.polyfit(np.log(t[late]), np.log(rho[late]), 1)[0])
    if abs(exponent - slope) > 0.02:
        return report(name, WRONG, f"your exponent {exponent:.3f} is not the slope of your own "
                                   f"data at t >= 100, {slope:.3f}", hint)
    if abs(exponent + 0.5) > 0.06:
        return report(name, WRONG, f"the exponent {exponent:.3f} is far from the exact -1/2",
                      hint)
    return report(name, CORRECT, f"your data follow the exact lattice solution to {off:.1%}, "
                                 f"and their slope is {slope:.3f} (exact -1/2)", hint)


def check_transition_bracket(below, above) -> bool:
    """Exercise 3: two seed runs of the 1D contact process that bracket the critical point.

    ``below`` and ``above`` are :class:`coursekit.kinetics.lattice.Spreading` results (from
    :func:`coursekit.kinetics.lattice.contact_process_spreading`) at two birth rates at most
    0.15 apart, each with at least 1000 seeds and recording times reaching ``t >= 100``. The
    check reads the verdict off the student's data: the survival exponent
    ``delta(t) = -d ln P / d ln t`` must rise at late times in ``below`` (the seeds die out
    ever faster) and fall in ``above``; and the bracket must contain the literature value
    :data:`coursekit.kinetics.lattice.CONTACT_PROCESS_LAMBDA_C_1D`.

    Parameters
    ----------
    below, above : Spreading
        The student's runs.

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
    >>> check_transition_bracket(..., ...)     # doctest: +ELLIPSIS
    ⏳ bracket of the extinction threshold: not answered yet. ...
    False
    """
    from coursekit.errors import InputError
    from coursekit.kinetics.lattice import Spreading, effective_exponents

    name = "bracket of the extinction threshold"
    hint = ("run lat.contact_process_spreading(lam, np.geomspace(1, 300, 26), 2000, seed=...) "
            "at two rates, and narrow them until delta(t) rises for the lower one and falls "
            "for the upper one")
    if below is Ellipsis or above is Ellipsis or below is None or above is None:
        return report(name, NOT_ANSWERED, "", hint)
    if not (isinstance(below, Spreading) and isinstance(above, Spreading)):
        return report(name, WRONG, "pass two results of lat.contact_process_spreading", hint)
    lo, hi = below.stats["lam"], above.stats["lam"]
    if not lo < hi:
        return report(name, WRONG, f"the first run's rate ({lo}) must be below the second's "
                                   f"({hi})", hint)
    if hi - lo > 0.15:
        return report(name, WRONG, f"the bracket ({lo}, {hi}) is {hi - lo:.2f} wide; narrow it "
                                   "to 0.15", hint)
    curvature = []
    for run in (below, above):
        if run.n_runs < 1000 or run.t[-1] < 100 or run.t.size < 8:
            return report(name, WRONG, f"the run at {run.stats['lam']} has {run.n_runs} seeds "
                                       f"and times up to {run.t[-1]:g}: use at least 1000 seeds,"
                                       " 8 times and t up to 100 or more", hint)
        times = run.t[run.t > 0]
        try:
            fitted = effective_exponents(run, t_min=np.sqrt(times[0] * times[-1]),
                                         lag=max(1, run.t.size // 5))
        except InputError as err:
            return report(name, WRONG, f"the run at {run.stats['lam']} cannot be analysed: "
                                       f"{err}", hint)
        curvature.append(fitted["delta"][1])
    if not curvature[0] > 0:
        return report(name, WRONG, f"at {lo} the survival exponent does not rise at late times "
                                   "in your data: that rate is not clearly below the threshold",
                      hint)
    if not curvature[1] < 0:
        return report(name, WRONG, f"at {hi} the survival exponent does not fall at late times "
                                   "in your data: that rate is not clearly above the threshold",
                      hint)
    if not lo < CONTACT_PROCESS_LAMBDA_C_1D < hi:
        return report(name, WRONG, f"your data seem to bracket the threshold, but the "
                                   f"literature value {CONTACT_PROCESS_LAMBDA_C_1D} lies outside "
                                   f"({lo}, {hi}): use more seeds", hint)
    return report(name, CORRECT, f"delta(t) rises at {lo} and falls at {hi}; the literature "
                                 f"value is {CONTACT_PROCESS_LAMBDA_C_1D}", hint)
