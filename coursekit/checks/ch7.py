"""Checks of the chapter-7 lab (``labs/ch7_koopman.ipynb``)."""

from __future__ import annotations

import numpy as np

from coursekit.checks import CORRECT, NOT_ANSWERED, WRONG, _is_unanswered, check, report

__all__ = ["LAB_MAP", "LAB_MATRIX", "LORENZ_DT", "check_dmd_eigenvalues", "check_forecaster",
           "check_lotka_volterra", "check_lyapunov_exponent", "check_reconstruction",
           "check_trusted_eigenvalues", "lorenz_data"]

#: Part 2's sampling step of the Lorenz data.
LORENZ_DT = 0.02

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


def lorenz_data(t_train: float = 60.0, t_test: float = 200.0, start=(1.0, 1.0, 1.0)):
    """Part 2's Lorenz data: a training and a later test stretch, sampled every
    :data:`LORENZ_DT`, after a transient of 50 time units (RK4 step 0.005).

    Parameters
    ----------
    t_train, t_test : float
        Lengths of the two stretches (time units); 20 time units lie between them.
    start : sequence of float
        Where the orbit starts, before the transient.

    Returns
    -------
    (ndarray, ndarray)
        ``train`` and ``test``, time first, ``(n_times, 3)``.

    Raises
    ------
    InputError
        For a start that is not three finite numbers.

    Examples
    --------
    >>> train, test = lorenz_data(2.0, 1.0)
    >>> train.shape, test.shape
    ((100, 3), (50, 3))
    """
    from coursekit import systems

    n1, n2 = (int(round(v / LORENZ_DT)) for v in (t_train, 20.0 + t_train))
    t = LORENZ_DT * np.arange(n2 + int(round(t_test / LORENZ_DT)))
    x = np.array(systems.simulate(systems.lorenz(), x0=list(start), t_eval=t, dt=0.005, transient=50.0).x)
    return x[:n1], x[n2:]


def check_lyapunov_exponent(lam) -> bool:
    """Exercise 4: the largest Lyapunov exponent of ``systems.lorenz()``, 0.906 (Sprott 2003),
    to 0.02.

    Parameters
    ----------
    lam : float
        The exponent.

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
    >>> check_lyapunov_exponent(0.90)
    ✅ largest Lyapunov exponent: correct.
    True
    """
    return check("largest Lyapunov exponent", lam, 0.906, rtol=0, atol=0.02,
                 hint="lyapunov_spectrum(systems.lorenz(), k=1).exponents[0]")


def _fitted(name, model):
    if _is_unanswered(model):
        report(name, NOT_ANSWERED, "", "")
        return False
    if not hasattr(model, "n_state_") or getattr(model, "n_state_", None) != 3:
        report(name, WRONG, "expected a learner fitted to the three Lorenz components", "")
        return False
    if abs(model.dt_ - LORENZ_DT) > 1e-12:
        report(name, WRONG, f"fit with dt={LORENZ_DT} (the sampling step of the data)", "")
        return False
    return True


def check_forecaster(model, minimum: float = 1.0) -> bool:
    """Exercise 5: a learner fitted to :func:`lorenz_data` forecasts fresh Lorenz data for at
    least ``minimum`` Lyapunov times (median over 10 starts on an orbit it has not seen;
    :math:`\\lambda_1 = 0.906`), and beats persistence.

    Parameters
    ----------
    model : Learner
        Fitted, ``dt=LORENZ_DT``, three components.
    minimum : float
        The valid prediction time to reach.

    Returns
    -------
    bool
        True if it does.

    Raises
    ------
    AssertionError
        Only in the strict modes of ``COURSEKIT_CHECKS`` (the test suite's), when the check is
        not correct (``solutions``) or not unanswered (``student``).

    Examples
    --------
    >>> from coursekit.koopman import SINDy
    >>> train, _ = lorenz_data(30.0, 1.0)
    >>> check_forecaster(SINDy().fit(train, dt=LORENZ_DT))
    ✅ valid prediction time: correct...
    True
    """
    from coursekit.koopman.forecasting import Persistence, valid_prediction_times

    name = "valid prediction time"
    if not _fitted(name, model):
        return False
    _, fresh = lorenz_data(1.0, 60.0, start=(-3.0, 2.0, 30.0))
    vpt = float(np.median(valid_prediction_times(model, fresh, 0.906, n_starts=10, n_steps=600)))
    base = float(np.median(valid_prediction_times(Persistence().fit(fresh, dt=LORENZ_DT), fresh, 0.906,
                                                  n_starts=10, n_steps=600)))
    hint = ("train longer or on multi-step windows (horizon), and fit with dt=LORENZ_DT; the "
            "chapter's StNN reaches about 2 Lyapunov times")
    if vpt < minimum or vpt <= base:
        return report(name, WRONG, f"median {vpt:.2f} Lyapunov times (persistence {base:.2f}); "
                      f"at least {minimum} needed", hint)
    return report(name, CORRECT, f"median {vpt:.2f} Lyapunov times (persistence {base:.2f})", "")


def check_reconstruction(model, maximum: float = 1.0) -> bool:
    """Exercise 6: a free run of 10,000 steps of a learner fitted to :func:`lorenz_data` fills
    state space like the Lorenz attractor: state-space divergence (20 bins per component)
    against a fresh orbit of the same length below ``maximum``.

    Parameters
    ----------
    model : Learner
        Fitted, ``dt=LORENZ_DT``, three components (a delay learner starts from the fresh
        orbit's first samples).
    maximum : float
        The largest divergence accepted.

    Returns
    -------
    bool
        True if the free run passes.

    Raises
    ------
    AssertionError
        Only in the strict modes of ``COURSEKIT_CHECKS`` (the test suite's), when the check is
        not correct (``solutions``) or not unanswered (``student``).

    Examples
    --------
    >>> from coursekit.koopman import SINDy
    >>> train, _ = lorenz_data(30.0, 1.0)
    >>> check_reconstruction(SINDy().fit(train, dt=LORENZ_DT))
    ✅ attractor reconstruction: correct...
    True
    """
    from coursekit.koopman.forecasting import forecast, state_space_divergence

    name = "attractor reconstruction"
    if not _fitted(name, model):
        return False
    _, fresh = lorenz_data(1.0, 10000 * LORENZ_DT + 1.0, start=(-3.0, 2.0, 30.0))
    q = int(getattr(model, "delays", 1))
    run = forecast(model, fresh[:q], 10000)
    d = state_space_divergence(run, fresh[q - 1:q + 10000])
    hint = ("a PLRNN with generalized teacher forcing (alpha about 0.2, windows of 25 steps) "
            "reproduces the attractor after about 60 epochs")
    if not d < maximum:
        return report(name, WRONG, f"state-space divergence {d:.2f}, above {maximum}", hint)
    return report(name, CORRECT, f"state-space divergence {d:.2f}", "")
