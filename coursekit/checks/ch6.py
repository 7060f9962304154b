"""Checks of the chapter-6 lab (``labs/ch6_synchronisation.ipynb``)."""

from __future__ import annotations

import numpy as np

from coursekit import sync as Y
from coursekit.checks import CORRECT, NOT_ANSWERED, WRONG, _is_unanswered, check, report

__all__ = ["check_critical_coupling", "check_growth_exponents", "check_saturated_width"]


def check_critical_coupling(K_c_theory, K_c_measured) -> bool:
    """Exercise 1: the critical coupling of Gaussian natural frequencies of standard deviation
    1, from :math:`K_c = 2/(\\pi g(0))` (to 1e-6) and as read from a scan of the simulated
    coherence (within 15 %: a finite population rounds the onset off).

    Parameters
    ----------
    K_c_theory : float
        From the formula.
    K_c_measured : float
        Where the simulated coherence starts to rise.

    Returns
    -------
    bool
        True if both are right.

    Raises
    ------
    AssertionError
        Only in the strict modes of ``COURSEKIT_CHECKS`` (the test suite's), when the check is
        not correct (``solutions``) or not unanswered (``student``).

    Examples
    --------
    >>> check_critical_coupling(1.5957691, 1.7)
    ✅ critical coupling, formula: correct.
    ✅ critical coupling, measured: correct. A finite population rounds the transition off.
    True
    """
    exact = Y.critical_coupling("gaussian", 1.0)
    formula = check("critical coupling, formula", K_c_theory, exact, rtol=1e-6,
                    hint="g(0) = 1/sqrt(2 pi) for the standard normal density")
    name = "critical coupling, measured"
    if _is_unanswered(K_c_measured):
        return report(name, NOT_ANSWERED, "", "")
    try:
        measured = float(K_c_measured)
    except (TypeError, ValueError):
        return report(name, WRONG, f"expected a number, got {type(K_c_measured).__name__}", "")
    if not np.isfinite(measured) or abs(measured / exact - 1) > 0.15:
        return report(name, WRONG, f"{measured:.3g} is more than 15 % from the theory",
                      "scan K from 0.5 to 3 with 2000 oscillators at quantiles, average r over "
                      "the second half of a 200-unit run, and find where it first exceeds 0.2")
    measured_ok = report(name, CORRECT, "A finite population rounds the transition off.", "")
    return formula and measured_ok


def check_saturated_width(w2, L: int = 32, K: float = 1.0, D: float = 0.5) -> bool:
    """Exercise 2: the saturated mean squared roughness of the linear chain,
    :math:`D(L^2 - 1)/(12KL)`, within 5 % (a time and ensemble average).

    Parameters
    ----------
    w2 : float
        The student's measured saturated ⟨W²⟩.
    L, K, D : float
        The ring's size, coupling and noise (the lab's values by default).

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
    >>> check_saturated_width(1.35)
    ✅ saturated width: correct.
    True
    """
    return check("saturated width", w2, D * (L**2 - 1) / (12 * K * L), rtol=0.05,
                 hint="average roughness(rings.x)**2 over all rings and over times well after "
                      "saturation (t > L^2 / (4 pi^2 K) several times over)")


def check_growth_exponents(beta_ew, beta_kpz) -> bool:
    """Exercise 3: growth exponents of the odd (Edwards–Wilkinson, 1/4) and non-odd (KPZ, 1/3)
    rings of the lab; accepted within the spread that 32 rings give (0.21–0.29 and
    0.29–0.40, and the KPZ one larger by at least 0.04).

    Parameters
    ----------
    beta_ew, beta_kpz : float
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
    >>> check_growth_exponents(0.25, 0.34)
    ✅ growth exponents: correct. Edwards–Wilkinson and KPZ.
    True
    """
    name = "growth exponents"
    if _is_unanswered(beta_ew) or _is_unanswered(beta_kpz):
        return report(name, NOT_ANSWERED, "", "")
    try:
        ew, kpz = float(beta_ew), float(beta_kpz)
    except (TypeError, ValueError):
        return report(name, WRONG, "expected two numbers", "")
    hint = ("fit log <W^2> against log t from t = 30 to 300 and halve the slope (W^2 grows as "
            "t^(2 beta)); Y.growth_exponent(rings, 30.0, 300.0) does it")
    if not 0.21 <= ew <= 0.29:
        return report(name, WRONG, f"the odd chain's beta = {ew:.3g}; Edwards–Wilkinson has "
                      "1/4", hint)
    if not 0.29 <= kpz <= 0.40 or kpz - ew < 0.04:
        return report(name, WRONG, f"the non-odd chain's beta = {kpz:.3g}; KPZ has 1/3, clearly "
                      "above the odd chain's", hint)
    return report(name, CORRECT, "Edwards–Wilkinson and KPZ.", "")
