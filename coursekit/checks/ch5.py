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
    zone of orientation (Δr_a = 14, N = 100): swarm at 0, torus at 1.5, parallel at 10.

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
    p, m = np.asarray(p, dtype=float), np.asarray(m, dtype=float)
    if p.shape != (len(MAP_DR_O),) or m.shape != p.shape:
        return report(name, WRONG, f"got shapes {p.shape} and {m.shape}, expected "
                      f"({len(MAP_DR_O)},) each", "one value per width in MAP_DR_O, in order")
    problems = []
    if not (p[0] < 0.3 and m[0] < 0.4):
        problems.append(f"at Δr_o = 0 expected a swarm (p and m small), got p = {p[0]:.2f}, "
                        f"m = {m[0]:.2f}")
    if not (m[2] > 0.7 and p[2] < 0.3):
        problems.append(f"at Δr_o = 1.5 expected a torus (m near 0.9), got p = {p[2]:.2f}, "
                        f"m = {m[2]:.2f}")
    if not p[-1] > 0.99:
        problems.append(f"at Δr_o = 10 expected a highly parallel group (p near 1), got "
                        f"p = {p[-1]:.2f}")
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
    up, down = float(p_rising), float(p_falling)
    if up < 0.3 and down > 0.7:
        return report(name, CORRECT, "Same parameters, two states: the school remembers.", "")
    return report(name, WRONG, f"got p = {up:.2f} on the way up and {down:.2f} on the way down",
                  "loop = S.hysteresis(np.arange(0.5, 5.01, 0.5), dr_a=14.0, t_run=150.0, "
                  "t_average=50.0, seed=...); pick the entries with loop.dr_o == 1.0 and "
                  "loop.rising True (up) or False (down)")


def check_scaling(cells_exponent, pairs_exponent) -> bool:
    """Exercise 3: how the time per step grows with the number of fish, :math:`\\propto N^k`,
    for the cell list (about 1) and for all pairs (about 2), with short zones.

    Parameters
    ----------
    cells_exponent, pairs_exponent : float
        Fitted slopes of log(time per step) against log(N).

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
    >>> check_scaling(1.05, 1.95)
    ✅ scaling with N: correct. O(N) against O(N²).
    True
    """
    name = "scaling with N"
    if _is_unanswered(cells_exponent) or _is_unanswered(pairs_exponent):
        return report(name, NOT_ANSWERED, "", "")
    c, a = float(cells_exponent), float(pairs_exponent)
    if 0.7 < c < 1.4 and a > 1.5 and a > c + 0.3:
        return report(name, CORRECT, "O(N) against O(N²).", "")
    return report(name, WRONG, f"got exponents {c:.2f} (cells) and {a:.2f} (all pairs)",
                  "time 50 steps from S.initial_school(n, seed=...) with dr_o=1.0, dr_a=1.0, "
                  "after one short warm-up run; take the best of three timings, then fit "
                  "log(time) against log(N) with numpy.polyfit; a busy machine blurs timings")


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
