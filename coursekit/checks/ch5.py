"""Checks of the chapter-5 lab (``labs/ch5_schooling.ipynb``)."""

from __future__ import annotations

import numpy as np

from coursekit import schooling as S
from coursekit.checks import CORRECT, NOT_ANSWERED, WRONG, _is_unanswered, check, report

__all__ = ["check_memory", "check_order_map", "check_pair_alignment", "check_scaling"]

#: The lab's widths of the zone of orientation (exercise 1).
MAP_DR_O = (0.0, 1.0, 1.5, 3.5, 6.0, 10.0)


def check_order_map(p, m) -> bool:
    """Exercise 1: time-averaged polarisation and milling at the widths :data:`MAP_DR_O` of the
    zone of orientation (Δr_a = 14, N = 100): a swarm at 0, a torus at 1 and 1.5, a dynamic
    parallel group at 3.5 and highly parallel ones at 6 and 10.

    Parameters
    ----------
    p, m : array_like, shape (6,)
        The student's mean polarisation and milling at each width, in the order of
        :data:`MAP_DR_O`.

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
    >>> check_order_map([0.1, 0.1, 0.1, 0.9, 1.0, 1.0], [0.2, 0.9, 0.9, 0.03, 0.03, 0.03])
    ✅ order parameters against Δr_o: correct. A swarm, a torus, then parallel groups.
    True
    """
    name = "order parameters against Δr_o"
    if _is_unanswered(p) or _is_unanswered(m):
        return report(name, NOT_ANSWERED, "", "")
    try:
        p, m = np.asarray(p, dtype=float), np.asarray(m, dtype=float)
    except (TypeError, ValueError):
        return report(name, WRONG, "p and m must be lists or arrays of numbers", "")
    if p.shape != (len(MAP_DR_O),) or m.shape != p.shape:
        return report(name, WRONG, f"got shapes {p.shape} and {m.shape}, expected "
                      f"({len(MAP_DR_O)},) each", "one value per width in MAP_DR_O, in order")
    problems = []
    if np.any(~np.isfinite(p)) or np.any(~np.isfinite(m)):
        problems.append("some values are not finite numbers")
    elif np.any((p < 0) | (p > 1) | (m < 0) | (m > 1)):
        problems.append("p and m lie between 0 and 1 (time averages of unit-normalised sums)")
    elif not (p[0] < 0.3 and m[0] < 0.4):
        problems.append(f"at Δr_o = 0 expected a swarm (p and m small), got p = {p[0]:.2f}, "
                        f"m = {m[0]:.2f}")
    for k in (1, 2):
        if not problems and not (m[k] > 0.7 and p[k] < 0.3):
            problems.append(f"at Δr_o = {MAP_DR_O[k]:g} expected a torus (m near 0.9), got "
                            f"p = {p[k]:.2f}, m = {m[k]:.2f}")
    if not problems and not (p[3] > 0.8 and m[3] < 0.2):
        problems.append(f"at Δr_o = 3.5 expected a parallel group (p near 0.9), got "
                        f"p = {p[3]:.2f}, m = {m[3]:.2f}")
    if not problems and not (p[4] > 0.95 and p[5] > 0.99):
        problems.append(f"at Δr_o = 6 and 10 expected highly parallel groups (p near 1), "
                        f"got p = {p[4]:.2f} and {p[5]:.2f}")
    if problems:
        return report(name, WRONG, "; ".join(problems),
                      "run S.simulate(n_fish=100, t_end=300.0, n_times=301, dr_o=..., "
                      "dr_a=14.0, seed=...) and average run.polarisation and run.milling over "
                      "the last 100 records (the last 100 s), then over the seeds")
    return report(name, CORRECT, "A swarm, a torus, then parallel groups.", "")


def check_memory(p_rising, p_falling) -> bool:
    """Exercise 2: the polarisation at Δr_o = 1 on the rising and on the falling branch of a
    hysteresis loop (Δr_a = 14): a torus on the way up, still parallel on the way down.

    Parameters
    ----------
    p_rising, p_falling : float
        The student's time-averaged polarisation at Δr_o = 1 on each branch.

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
    >>> check_memory(0.1, 0.9)
    ✅ collective memory: correct. Same parameters, two states: the school remembers.
    True
    """
    name = "collective memory"
    if _is_unanswered(p_rising) or _is_unanswered(p_falling):
        return report(name, NOT_ANSWERED, "", "")
    try:
        up, down = float(p_rising), float(p_falling)
    except (TypeError, ValueError):
        return report(name, WRONG, "give two single numbers", "float(loop.polarisation[...][0])")
    if up < 0.3 and down > 0.7:
        return report(name, CORRECT, "Same parameters, two states: the school remembers.", "")
    return report(name, WRONG, f"got p = {up:.2f} on the way up and {down:.2f} on the way down",
                  "loop = S.hysteresis(np.arange(0.5, 5.01, 0.5), dr_a=14.0, t_run=150.0, "
                  "t_average=50.0, seed=...); pick the entries with loop.dr_o == 1.0 and "
                  "loop.rising True (up) or False (down)")


def check_scaling(sizes, t_cells, t_pairs, cells_exponent, pairs_exponent) -> bool:
    """Exercise 3: the exponents :math:`k` of time per step :math:`\\propto N^k`, fitted to the
    student's own timings, for the cell list and for all pairs.

    Timings depend on the machine and its load, so the check verifies the fit (the slope of
    log time against log N by least squares) and says what the exponents mean; it does not
    judge the timings themselves.

    Parameters
    ----------
    sizes : array_like
        Numbers of fish, at least two, increasing.
    t_cells, t_pairs : array_like
        Seconds per step at each size, with the cell list and with all pairs.
    cells_exponent, pairs_exponent : float
        The student's fitted exponents.

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
    >>> check_scaling([1000, 2000, 4000], [1e-3, 2e-3, 4e-3], [1e-2, 4e-2, 1.6e-1], 1.0, 2.0)
    ✅ scaling with N: correct. Cell list N^1.00, all pairs N^2.00: O(N) against O(N²).
    True
    """
    name = "scaling with N"
    answers = (sizes, t_cells, t_pairs, cells_exponent, pairs_exponent)
    if any(_is_unanswered(a) for a in answers):
        return report(name, NOT_ANSWERED, "", "")
    try:
        n = np.asarray(sizes, dtype=float)
        tc, tp = np.asarray(t_cells, dtype=float), np.asarray(t_pairs, dtype=float)
        kc, kp = float(cells_exponent), float(pairs_exponent)
    except (TypeError, ValueError):
        return report(name, WRONG, "sizes and times must be lists of numbers and the exponents "
                      "single numbers", "e.g. cells_exponent = np.polyfit(np.log(sizes), "
                      "np.log(t_cells), 1)[0]")
    if n.ndim != 1 or n.size < 2 or tc.shape != n.shape or tp.shape != n.shape or np.any(
            np.diff(n) <= 0) or np.any(~(tc > 0)) or np.any(~(tp > 0)):
        return report(name, WRONG, "give at least two increasing sizes and a positive time "
                      "per step for each, with both methods", "time each size once per method")
    fit_c = np.polyfit(np.log(n), np.log(tc), 1)[0]
    fit_p = np.polyfit(np.log(n), np.log(tp), 1)[0]
    if not (np.isclose(kc, fit_c, rtol=1e-6) and np.isclose(kp, fit_p, rtol=1e-6)):
        return report(name, WRONG, f"your timings give exponents {fit_c:.3f} and {fit_p:.3f}, "
                      f"you reported {kc:.3f} and {kp:.3f}", "fit log(time) against log(N): "
                      "np.polyfit(np.log(sizes), np.log(times), 1)[0] is the slope")
    meaning = ("O(N) against O(N²)." if fit_c < 1.4 and fit_p > 1.5 else
               "These are not the expected 1 and 2: a busy machine, or sizes too small for the "
               "fixed costs to vanish, blur timings. Try again with larger N.")
    return report(name, CORRECT, f"Cell list N^{fit_c:.2f}, all pairs N^{fit_p:.2f}: {meaning}",
                  "")


def check_pair_alignment(mean_alignment) -> bool:
    """Exercise 4: the mean of :math:`\\mathbf v_i\\cdot\\mathbf v_j` over all pairs of the
    last frame of ``S.simulate(n_fish=100, t_end=300.0, dr_o=3.5, dr_a=14.0, seed=1)``.

    Parameters
    ----------
    mean_alignment : float
        The student's mean over the 4950 pairs.

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
    >>> check_pair_alignment(0.0)
    ❌ mean pair alignment: ...
    False
    """
    run = S.simulate(n_fish=100, t_end=300.0, n_times=2, dr_o=3.5, dr_a=14.0, seed=1)
    v = run.heading[-1]
    dots = v @ v.T
    expected = dots[np.triu_indices(len(v), 1)].mean()
    return check("mean pair alignment", mean_alignment, expected, rtol=1e-9,
                 hint="headings = run.heading[-1]; D = headings @ headings.T; average "
                      "D[np.triu_indices(100, 1)] (each pair once, no fish with itself)")
