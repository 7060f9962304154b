"""Checks of the chapter-7 lab (``labs/ch7_koopman.ipynb``)."""

from __future__ import annotations

import numpy as np

from coursekit.checks import NOT_ANSWERED, WRONG, _is_unanswered, check, report

__all__ = ["LAB_MAP", "LAB_MATRIX", "check_dmd_eigenvalues", "check_lotka_volterra",
           "check_trusted_eigenvalues"]

#: Exercise 1's linear map, sampled every 0.1.
LAB_MATRIX = np.array([[0.9, -0.3], [0.3, 0.9]])
#: Exercise 2's map x' = a x, y' = b y + c x^2: (a, b, c).
LAB_MAP = (0.8, 0.6, 0.5)


def _sorted_complex(name, answer):
    try:
        values = np.sort_complex(np.asarray(answer, dtype=complex).ravel())
    except (TypeError, ValueError):
        report(name, WRONG, f"expected an array of numbers, got {type(answer).__name__}", "")
        return None
    return values


def check_dmd_eigenvalues(eigenvalues, continuous) -> bool:
    """Exercise 1: the DMD eigenvalues of :data:`LAB_MATRIX` (its own eigenvalues
    :math:`0.9 \\pm 0.3i`, to 1e-8) and the continuous-time ones :math:`\\ln\\lambda/\\Delta t`
    for :math:`\\Delta t = 0.1`, in any order.

    Parameters
    ----------
    eigenvalues : array_like of complex
        The discrete-time eigenvalues.
    continuous : array_like of complex
        The continuous-time eigenvalues.

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
    >>> lam = np.array([0.9 + 0.3j, 0.9 - 0.3j])
    >>> check_dmd_eigenvalues(lam, np.log(lam) / 0.1)
    ✅ DMD eigenvalues: correct.
    ✅ continuous-time eigenvalues: correct.
    True
    """
    exact = np.sort_complex(np.linalg.eigvals(LAB_MATRIX))
    results = []
    for name, answer, ref, hint in (
            ("DMD eigenvalues", eigenvalues, exact,
             "fit KP.DMD() to the orbit, time first (n_times, 2), and read model.eigenvalues_"),
            ("continuous-time eigenvalues", continuous, np.log(exact) / 0.1,
             "omega = log(lambda) / dt, or model.continuous_eigenvalues_ with dt=0.1 in fit")):
        if _is_unanswered(answer):
            results.append(report(name, NOT_ANSWERED, "", ""))
            continue
        values = _sorted_complex(name, answer)
        results.append(values is not None and check(name, values, ref, rtol=0, atol=1e-8, hint=hint))
    return all(results)


def check_trusted_eigenvalues(trusted) -> bool:
    """Exercise 2: the eigenvalues of a degree-3 EDMD of the map :data:`LAB_MAP` whose residual
    is below 1e-3: exactly :math:`1, a, b, a^2, ab, a^3` (to 1e-8, any order).

    Parameters
    ----------
    trusted : array_like
        The verified eigenvalues.

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
    >>> check_trusted_eigenvalues([1.0, 0.8, 0.6, 0.64, 0.48, 0.512])
    ✅ verified eigenvalues: correct.
    True
    """
    name = "verified eigenvalues"
    if _is_unanswered(trusted):
        return report(name, NOT_ANSWERED, "", "")
    a, b, _ = LAB_MAP
    exact = np.sort(np.array([1.0, a, b, a * a, a * b, a**3]))
    values = _sorted_complex(name, trusted)
    if values is None:
        return False
    hint = ("keep model.eigenvalues_[model.residuals_ < 1e-3]; the invariant span is 1, x, y, "
            "x^2, x y, x^3")
    if values.size != exact.size:
        return report(name, WRONG, f"expected {exact.size} eigenvalues, got {values.size}", hint)
    return check(name, values, exact.astype(complex), rtol=0, atol=1e-8, hint=hint)


def check_lotka_volterra(coef) -> bool:
    """Exercise 3: SINDy's coefficients for ``systems.lotka_volterra()`` on the library
    ``Polynomial(2)`` (order 1, prey, predator, prey², prey·predator, predator²): the four
    true terms within 1e-2 and every other coefficient exactly zero.

    Parameters
    ----------
    coef : array_like, shape (2, 6)
        ``model.coef_``.

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
    >>> check_lotka_volterra([[0, 1, 0, 0, -0.5, 0], [0, 0, -1, 0, 0.25, 0]])
    ✅ Lotka–Volterra coefficients: correct.
    True
    """
    name = "Lotka–Volterra coefficients"
    if _is_unanswered(coef):
        return report(name, NOT_ANSWERED, "", "")
    truth = np.zeros((2, 6))
    truth[0, 1], truth[0, 4], truth[1, 2], truth[1, 4] = 1.0, -0.5, -1.0, 0.25
    try:
        values = np.asarray(coef, dtype=float)
    except (TypeError, ValueError):
        return report(name, WRONG, "expected a 2 x 6 array of numbers", "")
    hint = "KP.SINDy(threshold=0.05).fit(X, dt=0.01) on 30 time units; read model.coef_"
    if values.shape != truth.shape:
        return report(name, WRONG, f"expected shape (2, 6), got {values.shape}", hint)
    if not np.array_equal(values != 0, truth != 0):
        return report(name, WRONG, "the sparsity pattern differs from prey' = prey - 0.5 prey "
                      "predator, predator' = -predator + 0.25 prey predator", hint)
    return check(name, values, truth, rtol=0, atol=1e-2, hint=hint)
