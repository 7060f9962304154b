"""Checks of the chapter-2 lab (``labs/ch2_lotka_volterra.ipynb``).

Each function computes its reference with :mod:`coursekit.population` and reports through the
generic helpers of :mod:`coursekit.checks`.
"""

from __future__ import annotations

import numpy as np

from coursekit.checks import check, check_choice, check_function
from coursekit.population import CompetitiveLotkaVolterra, LotkaVolterra, period

#: The rates used throughout the lab.
LAB_RATES = dict(alpha=1.0, beta=0.5, gamma=1.0, delta=0.25)

_CASES = [(6.0, 2.0, 1.0, 0.5, 1.0, 0.25), (1.0, 3.0, 2.0, 0.1, 0.5, 0.3),
          (0.5, 0.25, 0.7, 1.3, 0.2, 2.0)]


def _ref_rhs(x, y, alpha, beta, gamma, delta):
    return LotkaVolterra(alpha, beta, gamma, delta).rhs(np.array([x, y]))


def _ref_H(x, y, alpha, beta, gamma, delta):
    return LotkaVolterra(alpha, beta, gamma, delta).conserved_quantity(np.array([x, y]))


def check_rhs(func) -> bool:
    """Exercise 1: ``func(x, y, alpha, beta, gamma, delta)`` returns ``(dx/dt, dy/dt)``."""
    return check_function(
        "Lotka–Volterra right-hand side", func, _ref_rhs, _CASES,
        hint="dx/dt = alpha*x - beta*x*y and dy/dt = delta*x*y - gamma*y; return both as a tuple.",
    )


def check_conserved(func) -> bool:
    """Exercise 2: ``func(x, y, alpha, beta, gamma, delta)`` returns H."""
    return check_function(
        "conserved quantity H", func, _ref_H, _CASES,
        hint="H = delta*x - gamma*ln(x) + beta*y - alpha*ln(y); use np.log.",
    )


def check_small_period(T0) -> bool:
    """Exercise 3: the small-amplitude period for alpha = 2, gamma = 0.5."""
    return check(
        "small-amplitude period", T0, LotkaVolterra(2.0, 1.0, 0.5, 0.1).small_amplitude_period,
        rtol=1e-6, hint="linearise at (x*, y*): the eigenvalues are ±i·sqrt(alpha·gamma).",
    )


def check_period_ratio(ratio) -> bool:
    """Exercise 4: T(a = 1) / T0 for the lab's rates (measured with coursekit.population.period)."""
    lv = LotkaVolterra(**LAB_RATES)
    return check(
        "period ratio at a = 1", ratio, period(lv, 1.0) / lv.small_amplitude_period, rtol=1e-4,
        hint="period(lv, 1.0) divided by lv.small_amplitude_period (or 2*np.pi/np.sqrt(alpha*gamma)).",
    )


OUTCOMES = ["coexistence", "x wins", "y wins", "bistability"]


def check_outcomes(answers) -> bool:
    """Exercise 5: outcomes of competition for (a12, a21) = (0.5, 0.8), (1.2, 0.6), (1.4, 1.6)."""
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
    """Exercise 6: the growth factor of the Leslie matrix with fecundities ``LESLIE_F`` and
    survival ``LESLIE_S``."""
    from coursekit.population import leslie

    expected = leslie.analyse(leslie.leslie_matrix(LESLIE_F, LESLIE_S)).growth_factor
    return check("growth factor λ", lam, expected, rtol=1e-6,
                 hint="the dominant eigenvalue: max(abs(np.linalg.eigvals(L))), or "
                      "leslie.analyse(L).growth_factor")


def check_stable_age(w) -> bool:
    """Exercise 6: the stable age distribution, normalised to sum to 1."""
    from coursekit.population import leslie

    expected = leslie.analyse(leslie.leslie_matrix(LESLIE_F, LESLIE_S)).stable_age
    return check("stable age distribution", w, expected, rtol=1e-5,
                 hint="the eigenvector of the dominant eigenvalue, made positive and divided by "
                      "its sum")


def check_competition_fit(a_ac, a_ca) -> bool:
    """Exercise 7: the competition coefficients of Leslie's model fitted to Gause's data."""
    from coursekit.population import gause

    best = gause.fit(gause.load(), "leslie_gower").params
    ok = check("a_ac (effect of caudatum on aurelia)", a_ac, best["a_ac"], rtol=0.01,
               hint="gause.fit(gause.load(), 'leslie_gower').params['a_ac']")
    return ok & check("a_ca (effect of aurelia on caudatum)", a_ca, best["a_ca"], rtol=0.01,
                      hint="gause.fit(gause.load(), 'leslie_gower').params['a_ca']")
