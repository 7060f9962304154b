"""Checks of the chapter-2 lab (``labs/ch2_lotka_volterra.ipynb``).

Each function computes its reference with :mod:`coursekit.population` and reports through the
generic helpers of :mod:`coursekit.checks`.
"""

from __future__ import annotations

import numpy as np

from coursekit.checks import check, check_choice, check_function
from coursekit.population import CompetitiveLotkaVolterra, LotkaVolterra, period

__all__ = [
    "LAB_RATES", "LESLIE_F", "LESLIE_S", "OUTCOMES", "check_competition_fit",
    "check_conserved", "check_growth_factor", "check_outcomes", "check_period_ratio",
    "check_rhs", "check_small_period", "check_stable_age",
]

#: The rates used throughout the lab.
LAB_RATES = dict(alpha=1.0, beta=0.5, gamma=1.0, delta=0.25)

_CASES = [(6.0, 2.0, 1.0, 0.5, 1.0, 0.25), (1.0, 3.0, 2.0, 0.1, 0.5, 0.3),
          (0.5, 0.25, 0.7, 1.3, 0.2, 2.0)]


def _ref_rhs(x, y, alpha, beta, gamma, delta):
    return LotkaVolterra(alpha, beta, gamma, delta).rhs(np.array([x, y]))


def _ref_H(x, y, alpha, beta, gamma, delta):
    return LotkaVolterra(alpha, beta, gamma, delta).conserved_quantity(np.array([x, y]))


def check_rhs(func) -> bool:
    """Exercise 1: ``func(x, y, alpha, beta, gamma, delta)`` returns ``(dx/dt, dy/dt)``.

    Parameters
    ----------
    func : callable
        The student's right-hand side.

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
    >>> check_rhs(lambda x, y, a, b, g, d: (a * x - b * x * y, d * x * y - g * y))
    ✅ Lotka–Volterra right-hand side: correct. (3 cases)
    True
    """
    return check_function(
        "Lotka–Volterra right-hand side", func, _ref_rhs, _CASES,
        hint="dx/dt = alpha*x - beta*x*y and dy/dt = delta*x*y - gamma*y; return both as a tuple.",
    )


def check_conserved(func) -> bool:
    """Exercise 2: ``func(x, y, alpha, beta, gamma, delta)`` returns the conserved quantity H.

    Parameters
    ----------
    func : callable
        The student's H.

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
    >>> check_conserved(lambda x, y, a, b, g, d: d * x - g * np.log(x) + b * y - a * np.log(y))
    ✅ conserved quantity H: correct. (3 cases)
    True
    """
    return check_function(
        "conserved quantity H", func, _ref_H, _CASES,
        hint="H = delta*x - gamma*ln(x) + beta*y - alpha*ln(y); use np.log.",
    )


def check_small_period(T0) -> bool:
    """Exercise 3: the small-amplitude period for alpha = 2, gamma = 0.5.

    Parameters
    ----------
    T0 : float
        The student's period.

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
    >>> check_small_period(2 * np.pi)
    ✅ small-amplitude period: correct.
    True
    """
    return check(
        "small-amplitude period", T0, LotkaVolterra(2.0, 1.0, 0.5, 0.1).small_amplitude_period,
        rtol=1e-6, hint="linearise at (x*, y*): the eigenvalues are ±i·sqrt(alpha·gamma).",
    )


def check_period_ratio(ratio) -> bool:
    """Exercise 4: ``T(a = 1) / T0`` for the lab's rates.

    The reference is :func:`coursekit.population.lotka_volterra.period`.

    Parameters
    ----------
    ratio : float
        The student's ratio.

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
    >>> check_period_ratio(...)
    ⏳ period ratio at a = 1: not answered yet. Replace the `...` with your answer and run the cell.
    False
    """
    lv = LotkaVolterra(**LAB_RATES)
    return check(
        "period ratio at a = 1", ratio, period(lv, 1.0) / lv.small_amplitude_period, rtol=1e-4,
        hint="period(lv, 1.0) divided by lv.small_amplitude_period (or 2*np.pi/np.sqrt(alpha*gamma)).",
    )


OUTCOMES = ["coexistence", "x wins", "y wins", "bistability"]


def check_outcomes(answers) -> bool:
    """Exercise 5: the outcomes of competition for ``(a12, a21)`` = (0.5, 0.8), (1.2, 0.6), (1.4, 1.6).

    Parameters
    ----------
    answers : list of str
        One of :data:`OUTCOMES` per case.

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
    >>> check_outcomes(["coexistence", "y wins", "bistability"])  # doctest: +ELLIPSIS
    ✅ outcome for a12 = 0.5, a21 = 0.8: correct.
    ...
    True
    """
    if answers is Ellipsis or answers is None:
        return check_choice("competition outcomes", answers, "", OUTCOMES)
    cases = [(0.5, 0.8), (1.2, 0.6), (1.4, 1.6)]
    if isinstance(answers, str) or len(answers) != len(cases):
        return check_choice("competition outcomes", "a list of the wrong length", "", OUTCOMES,
                            hint="give a list of three strings, one per case, in order.")
    ok = True
    for (a12, a21), answer in zip(cases, answers, strict=True):
        expected = CompetitiveLotkaVolterra(a12=a12, a21=a21).outcome()
        ok &= check_choice(
            f"outcome for a12 = {a12}, a21 = {a21}", answer, expected, OUTCOMES,
            hint="with K1 = K2 = 1: coexistence needs a12 < 1 and a21 < 1; bistability a12 > 1 "
                 "and a21 > 1; otherwise the species with the smaller coefficient against it wins.",
        )
    return ok


# --- Leslie and Gause sections ---------------------------------------------------------------------

LESLIE_F, LESLIE_S = [0.0, 1.1, 0.9, 0.3], [0.7, 0.6, 0.4]


def check_growth_factor(lam) -> bool:
    """Exercise 6: the growth factor of the Leslie matrix of ``LESLIE_F`` and ``LESLIE_S``.

    Parameters
    ----------
    lam : float
        The student's growth factor.

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
    >>> check_growth_factor(1.0)   # doctest: +ELLIPSIS
    ❌ growth factor λ: you have 1, which is off by a relative ...
    False
    """
    from coursekit.population import leslie

    expected = leslie.analyse(leslie.leslie_matrix(LESLIE_F, LESLIE_S)).growth_factor
    return check("growth factor λ", lam, expected, rtol=1e-6,
                 hint="the dominant eigenvalue: max(abs(np.linalg.eigvals(L))), or "
                      "leslie.analyse(L).growth_factor")


def check_stable_age(w) -> bool:
    """Exercise 6: the stable age distribution, normalised to sum to 1.

    Parameters
    ----------
    w : array_like, shape (4,)
        The student's distribution.

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
    >>> check_stable_age(np.ones(3) / 3)
    ❌ stable age distribution: expected shape (4,), got shape (3,)
       Hint: the eigenvector of the dominant eigenvalue, made positive and divided by its sum
    False
    """
    from coursekit.population import leslie

    expected = leslie.analyse(leslie.leslie_matrix(LESLIE_F, LESLIE_S)).stable_age
    return check("stable age distribution", w, expected, rtol=1e-5,
                 hint="the eigenvector of the dominant eigenvalue, made positive and divided by "
                      "its sum")


def check_competition_fit(a_ac, a_ca) -> bool:
    """Exercise 7: the competition coefficients of Leslie's model fitted to Gause's data.

    Parameters
    ----------
    a_ac, a_ca : float
        The student's coefficients.

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
    >>> check_competition_fit(..., ...)   # doctest: +ELLIPSIS
    ⏳ a_ac (effect of caudatum on aurelia): not answered yet. ...
    ⏳ a_ca (effect of aurelia on caudatum): not answered yet. ...
    False
    """
    from coursekit.population import gause

    best = gause.fit(gause.load(), "leslie_gower").params
    ok = check("a_ac (effect of caudatum on aurelia)", a_ac, best["a_ac"], rtol=0.01,
               hint="gause.fit(gause.load(), 'leslie_gower').params['a_ac']")
    return ok & check("a_ca (effect of aurelia on caudatum)", a_ca, best["a_ca"], rtol=0.01,
                      hint="gause.fit(gause.load(), 'leslie_gower').params['a_ca']")
