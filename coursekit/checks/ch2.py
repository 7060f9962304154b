"""Checks of the chapter-2 lab (``labs/ch2_lotka_volterra.ipynb``).

Each function computes its reference with :mod:`coursekit.population` and reports through the
generic helpers of :mod:`coursekit.checks`.
"""

from __future__ import annotations

import numpy as np

from coursekit.checks import check, check_choice, check_function
from coursekit.population import CompetitiveLotkaVolterra, LotkaVolterra, period

__all__ = [
    "CHI2_6_95", "LAB_RATES", "LESLIE_F", "LESLIE_S", "OUTCOMES", "THETA_LAB",
    "check_competition_fit", "check_conserved", "check_growth_factor", "check_lg_step",
    "check_loss_gradient", "check_outcomes", "check_period_ratio", "check_rhs",
    "check_small_period", "check_stable_age",
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


#: Starting point of the lab's fit: logarithms of (g_a, g_c, K_a, K_c, a_ac, a_ca).
THETA_LAB = tuple(np.log([0.8, 0.6, 500.0, 200.0, 1.0, 1.0]).tolist())

#: The 95 % point of the chi-square distribution with 6 degrees of freedom.
CHI2_6_95 = 12.591587243743977

_LG_CASES = [(2.0, 0.0, 0.8, 500.0, 1.5), (300.0, 120.0, 0.6, 200.0, 0.4),
             (np.array([10.0, 600.0]), np.array([50.0, 5.0]), 1.1, 450.0, 2.5)]


def _ref_lg_step(N, M, g, K, a):
    from coursekit.population import gause

    return gause._step("leslie_gower", N, M, (g, g, K, K, a, a))[0]


def check_lg_step(func) -> bool:
    """Exercise 7: ``func(N, M, g, K, a)``, one day of Leslie's competition model.

    ``N(t+1) = e^g N / (1 + (e^g - 1)(N + a M) / K)`` for a species ``N`` with competitor
    ``M``.

    Parameters
    ----------
    func : callable
        The student's step.

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
    >>> check_lg_step(lambda N, M, g, K, a: N)    # doctest: +ELLIPSIS
    ❌ one day of Leslie's model: for arguments ...
    False
    """
    return check_function(
        "one day of Leslie's model", func, _ref_lg_step, _LG_CASES, rtol=1e-10,
        hint="e = exp(g); return e * N / (1 + (e - 1) * (N + a * M) / K). Use operations that "
             "work on arrays and tensors alike (no math.exp).")


def _loss(theta) -> float:
    from coursekit.population import gause

    r = gause.residuals("leslie_gower", np.asarray(theta, float), gause.load())
    return float(r @ r)


def check_loss_gradient(grad) -> bool:
    """Exercise 8: the gradient of the fitting loss at :data:`THETA_LAB`.

    The loss is the sum over every counted day of the four cultures of
    ``(ln(1 + N_model) - ln(1 + N_data))**2``, the model started from two individuals per
    species, with ``theta`` the logarithms of ``(g_a, g_c, K_a, K_c, a_ac, a_ca)``. The
    reference is a central finite difference of coursekit's own residuals, so a gradient from
    autograd, from forward-mode differentiation or from the adjoint recursion all pass.

    Parameters
    ----------
    grad : array_like, shape (6,)
        The student's gradient.

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
    >>> check_loss_gradient(np.zeros(6))     # doctest: +ELLIPSIS
    ❌ gradient of the loss: ...
    False
    """
    theta = np.array(THETA_LAB)
    h = 1e-6
    expected = np.array([(_loss(theta + h * e) - _loss(theta - h * e)) / (2 * h)
                         for e in np.eye(6)])
    return check("gradient of the loss", grad, expected, rtol=1e-5,
                 atol=1e-6 * np.abs(expected).max(),
                 hint="theta = torch.tensor(ch2.THETA_LAB, dtype=torch.float64, "
                      "requires_grad=True); loss(theta).backward(); theta.grad.numpy(). Skip "
                      "day 1 (not counted) and use log1p on both model and data.")


def check_competition_fit(params) -> bool:
    """Exercise 9: a least-squares fit of Leslie's model to Gause's data.

    Any fit inside the data's uncertainty passes, not only coursekit's optimum: the student's
    parameters must give a loss (sum of squares of ``ln(1 + N)`` residuals) with
    ``n ln(RSS / RSS_min) <= 12.59``, ``n = 96`` the residuals that carry noise (day 0 is the
    known inoculum), the 95 % likelihood-ratio region of the six
    parameters for independent Gaussian errors (:data:`CHI2_6_95`). Gause's residuals are
    correlated from day to day (chapter 2), so the true region is wider: the check errs on the
    strict side.

    Parameters
    ----------
    params : dict
        The six parameters on their natural scale, by name: ``g_aurelia``, ``g_caudatum``,
        ``K_aurelia``, ``K_caudatum``, ``a_ac``, ``a_ca``.

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
    >>> check_competition_fit(...)   # doctest: +ELLIPSIS
    ⏳ fit of Leslie's model: not answered yet. ...
    False
    """
    from coursekit.checks import CORRECT, NOT_ANSWERED, WRONG, report
    from coursekit.population import gause

    name = "fit of Leslie's model"
    hint = ("minimise your loss from THETA_LAB (torch.optim.LBFGS, or scipy.optimize.minimize "
            "with your gradient) and pass dict(zip(gause.PARAMS, np.exp(theta)))")
    if params is None or params is Ellipsis:
        return report(name, NOT_ANSWERED, "", hint)
    try:
        values = np.array([float(params[k]) for k in gause.PARAMS])
    except (KeyError, TypeError, ValueError) as err:
        return report(name, WRONG, f"expected a dict with the keys {gause.PARAMS} and positive "
                                   f"values ({type(err).__name__}: {err})", hint)
    if not np.all(np.isfinite(values) & (values > 0)):
        return report(name, WRONG, "every parameter must be positive and finite", hint)
    theta = np.log(values)
    best = gause.fit(gause.load(), "leslie_gower")
    try:
        rss = _loss(theta)
    except Exception as err:  # noqa: BLE001 - a model that blows up is a wrong answer
        return report(name, WRONG, f"the model does not run with these parameters: {err}", hint)
    n = best.n - 4           # the four day-0 residuals are zero by construction: no noise
    stat = n * np.log(rss / best.rss)
    if stat <= CHI2_6_95:
        return report(name, CORRECT, f"your loss {rss:.4f} is within the 95 % region of the "
                                     f"best fit's {best.rss:.4f} (n ln(RSS/RSS_min) = "
                                     f"{stat:.2f} <= {CHI2_6_95:.2f})", hint)
    return report(name, WRONG, f"your loss {rss:.4f} is too far above the best fit's "
                               f"{best.rss:.4f}: n ln(RSS/RSS_min) = {stat:.1f} > "
                               f"{CHI2_6_95:.2f}", hint)
