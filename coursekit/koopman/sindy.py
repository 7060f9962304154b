r"""Sparse identification of nonlinear dynamics (SINDy).

Brunton, Proctor & Kutz (2016, "Discovering governing equations from data by sparse
identification of nonlinear dynamical systems", PNAS 113, 3932). From samples :math:`X`
``(n_times, n_state)`` and estimates :math:`\dot X` of their derivatives, find a sparse
coefficient matrix :math:`\Xi` with

.. math:: \dot X \approx \Theta(X)\,\Xi^{\mathsf T}, \tag{1}

where :math:`\Theta(X)` ``(n_times, n_terms)`` holds candidate functions
(:mod:`coursekit.koopman.dictionaries`: monomials, sines and cosines, ...). Sparsity comes from
**sequentially thresholded least squares** (STLSQ, the paper's algorithm): solve the
(ridge-regularised) least-squares problem, set coefficients below the threshold :math:`\lambda`
to zero, refit on the remaining terms, and repeat until the set of terms stops changing. The
identified model :math:`\dot x = \Xi\,\theta(x)` is simulated with RK4 by a compiled kernel
that evaluates the dictionary itself (no Python call per step).

Derivatives (:func:`differentiate`): second-order central differences for clean data;
Savitzky–Golay filtering (local cubic least-squares fits, Savitzky & Golay 1964) for noisy data.
With Savitzky–Golay the library is also evaluated on the *smoothed* states: noise inside
:math:`\Theta(X)` biases least squares (errors in variables; towards zero for a single
regressor), which at 5 % noise on Lorenz loses the :math:`-y` term of the second equation
unless the states are smoothed too.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

import numpy as np
import scipy.signal

from coursekit import _interrupt
from coursekit import _validate as V
from coursekit._jit import python
from coursekit.errors import NON_FINITE, InputError, SimulationError
from coursekit.koopman import _kernels as K
from coursekit.koopman._base import Learner, sampling_step, trajectories
from coursekit.koopman.dictionaries import Dictionary, Polynomial, default_names
from coursekit.numerics import ode

__all__ = ["SINDy", "central_difference4", "differentiate", "smooth", "stlsq"]

METHODS = ("finite_difference", "savgol")


def differentiate(X, dt: float, method: str = "finite_difference", window: int = 21) -> np.ndarray:
    """Time derivatives of samples, along the time axis (axis 0).

    Parameters
    ----------
    X : array_like, shape (n_times, n_state)
        Samples every ``dt``, time first.
    dt : float
        Sampling step.
    method : {"finite_difference", "savgol"}
        ``"finite_difference"``: second-order central differences (one-sided, second order, at
        the ends); ``"savgol"``: derivative of a local cubic least-squares fit over ``window``
        samples (``deriv=0`` of the same filter gives the smoothed states, :func:`smooth`).
    window : int
        Odd window length of ``"savgol"`` (at least 5).

    Returns
    -------
    ndarray, shape (n_times, n_state)
        :math:`\\dot X`.

    Raises
    ------
    InputError
        For NaN, too few samples or a bad window.

    Examples
    --------
    >>> t = np.linspace(0, 1, 11)
    >>> differentiate(t**2, 0.1)[:, 0].round(9).tolist()[:3]
    [0.0, 0.2, 0.4]
    """
    X = _one(X)
    dt = V.positive("dt", dt)
    method = V.choice("method", method, METHODS)
    if method == "finite_difference":
        return np.gradient(X, dt, axis=0, edge_order=2)
    return _savgol(X, window, 1, dt)


def _savgol(X: np.ndarray, window, deriv: int, dt: float = 1.0) -> np.ndarray:
    window = V.integer("window", window, minimum=5)
    if window % 2 == 0 or window > X.shape[0]:
        raise InputError(f"window must be odd and at most the number of samples ({X.shape[0]}); "
                         f"got {window}")
    return scipy.signal.savgol_filter(X, window, 3, deriv=deriv, delta=dt, axis=0, mode="interp")


def smooth(X, window: int = 21) -> np.ndarray:
    """Savitzky–Golay smoothing (local cubic fits over ``window`` samples) along time.

    Parameters
    ----------
    X : array_like, shape (n_times, n_state)
        Samples, time first.
    window : int
        Odd window length, at least 5.

    Returns
    -------
    ndarray, shape (n_times, n_state)
        The smoothed samples (cubics pass unchanged).

    Raises
    ------
    InputError
        For NaN, an even window or one longer than the data.

    Examples
    --------
    >>> t = np.arange(9.0)
    >>> smooth(t**3, window=5)[:, 0].round(9).tolist() == (t**3).tolist()
    True
    """
    return _savgol(_one(X), window, 0)


def _one(X) -> np.ndarray:
    trajs = trajectories(X, min_times=3)
    if len(trajs) != 1:
        raise InputError(f"pass one trajectory at a time; got {len(trajs)}")
    return trajs[0]


def central_difference4(v, dt: float) -> np.ndarray:
    """Fourth-order central differences along axis 0 (the two samples at each end are dropped).

    Parameters
    ----------
    v : array_like, shape (n, ...)
        Samples every ``dt``, at least 5.
    dt : float
        Step.

    Returns
    -------
    ndarray, shape (n - 4, ...)
        :math:`(-v_{k+2} + 8v_{k+1} - 8v_{k-1} + v_{k-2}) / 12\\Delta t` for
        :math:`k = 2, \\dots, n-3`.

    Raises
    ------
    InputError
        For fewer than 5 samples.

    Examples
    --------
    >>> t = np.arange(7.0)
    >>> central_difference4(t**3, 1.0).tolist()   # exact for quartics: 3 t^2 at t = 2, 3, 4
    [12.0, 27.0, 48.0]
    """
    v = V.array("v", v)
    dt = V.positive("dt", dt)
    if v.ndim == 0 or v.shape[0] < 5:
        raise InputError(f"fourth-order differences need at least 5 samples; got shape {v.shape}")
    return (-v[4:] + 8 * v[3:-1] - 8 * v[1:-3] + v[:-4]) / (12 * dt)


def stlsq(theta, target, threshold: float, alpha: float = 0.0, max_iter: int = 20) -> np.ndarray:
    """Sequentially thresholded least squares (Brunton et al. 2016).

    Parameters
    ----------
    theta : array_like, shape (n_samples, n_terms)
        Candidate functions at the samples.
    target : array_like, shape (n_samples, n_targets)
        What they should fit (the derivatives).
    threshold : float
        Coefficients with :math:`|\\xi| <` ``threshold`` are set to zero.
    alpha : float
        Ridge penalty :math:`\\alpha\\|\\xi\\|^2` (0: plain least squares).
    max_iter : int
        Most thresholding rounds.

    Returns
    -------
    ndarray, shape (n_targets, n_terms)
        The sparse coefficients :math:`\\Xi`.

    Raises
    ------
    InputError
        For shapes that do not match or NaN.

    Examples
    --------
    >>> x = np.linspace(-1, 1, 50)
    >>> theta = np.c_[np.ones(50), x, x**2]
    >>> stlsq(theta, (3 * x - 0.01 * x**2)[:, None], threshold=0.1).round(9).tolist()
    [[0.0, 3.0, 0.0]]
    """
    theta = V.array("theta", theta, ndim=2)
    target = V.array("target", target)
    target = target[:, None] if target.ndim == 1 else target
    if target.shape[0] != theta.shape[0]:
        raise InputError(f"theta and target need the same number of samples; got {theta.shape[0]} "
                         f"and {target.shape[0]}")
    threshold = V.nonnegative("threshold", threshold)
    alpha = V.nonnegative("alpha", alpha)
    max_iter = V.integer("max_iter", max_iter, minimum=1)

    def solve(cols, y):
        T = theta[:, cols]
        if alpha == 0.0:
            return np.linalg.lstsq(T, y, rcond=None)[0]
        return np.linalg.solve(T.T @ T + alpha * np.eye(T.shape[1]), T.T @ y)

    n_terms = theta.shape[1]
    xi = np.zeros((target.shape[1], n_terms))
    for i in range(target.shape[1]):
        keep = np.ones(n_terms, bool)
        coef = solve(keep, target[:, i])
        for _ in range(max_iter):
            new = keep.copy()
            new[keep] = np.abs(coef) >= threshold
            if not new.any():
                keep, coef = new, np.zeros(0)
                break
            changed = not np.array_equal(new, keep)
            keep = new
            coef = solve(keep, target[:, i])
            if not changed:
                break
        xi[i, keep] = coef
    return xi


class SINDy(Learner):
    """Sparse identification of :math:`\\dot x = \\Xi\\,\\theta(x)`, equation (1) of the module docstring.

    Parameters
    ----------
    library : Dictionary
        Candidate functions (default ``Polynomial(2)``).
    threshold : float
        STLSQ threshold :math:`\\lambda`.
    alpha : float
        Ridge penalty of each least-squares solve.
    differentiation : {"finite_difference", "savgol"}
        How :math:`\\dot X` is estimated (:func:`differentiate`) when it is not given; with
        ``"savgol"`` the library is evaluated on the smoothed states (:func:`smooth`).
    window : int
        Savitzky–Golay window (samples).
    max_iter : int
        Most STLSQ rounds.

    Attributes
    ----------
    coef_ : ndarray, shape (n_state, n_terms)
        :math:`\\Xi`: row ``i`` is the equation of :math:`\\dot x_i`.
    library_ : Dictionary
        The fitted library.
    feature_names_ : list of str
        Names of the library's functions.
    n_parameters_ : int
        The non-zero coefficients.
    dt_ : float
        Sampling step.

    Examples
    --------
    >>> from coursekit import systems
    >>> run = systems.simulate(systems.lorenz(), t_end=10.0, dt=0.002)
    >>> model = SINDy(threshold=0.5).fit(run.x, dt=0.002)
    >>> print(model.equations(precision=2)[0])
    x' = -10.00 x + 10.00 y
    """

    def __init__(self, library: Dictionary | None = None, threshold: float = 0.1, alpha: float = 0.0,
                 differentiation: str = "finite_difference", window: int = 21, max_iter: int = 20):
        self.library, self.threshold, self.alpha = library, threshold, alpha
        self.differentiation, self.window, self.max_iter = differentiation, window, max_iter
        self._validated()

    def _validated(self) -> dict:
        window = V.integer("window", self.window, minimum=5)
        if window % 2 == 0:
            raise InputError(f"window must be odd (a centred Savitzky–Golay window); got {window}")
        return dict(
            library=Polynomial(2) if self.library is None else V.instance(
                "library", self.library, Dictionary, "a coursekit.koopman dictionary (Polynomial(2), ...)"),
            threshold=V.nonnegative("threshold", self.threshold),
            alpha=V.nonnegative("alpha", self.alpha),
            differentiation=V.choice("differentiation", self.differentiation, METHODS),
            window=window, max_iter=V.integer("max_iter", self.max_iter, minimum=1))

    def fit(self, X, *, dt=1.0, x_dot=None, state_names: Sequence[str] | None = None) -> SINDy:
        """Fit to one trajectory ``(n_times, n_state)`` or a list of them.

        Parameters
        ----------
        X : array_like or list of array_like
            Samples, time first, every ``dt``.
        dt : float or array_like
            Sampling step, or equally spaced sample times of one trajectory.
        x_dot : array_like or list of array_like, optional
            Known derivatives, shaped like ``X`` (otherwise estimated by ``differentiation``).
        state_names : sequence of str, optional
            Names for the printed equations.

        Returns
        -------
        SINDy
            ``self``, fitted.

        Raises
        ------
        InputError
            For NaN, too few samples (fewer than the library's functions), or derivatives shaped
            unlike ``X``.

        Examples
        --------
        >>> t = np.linspace(0, 2, 201)
        >>> SINDy().fit(np.exp(-t), dt=t).equations()
        ["x' = -1.000 x"]
        """
        p = self._validated()
        trajs = trajectories(X, min_times=3)
        step = sampling_step(dt, trajs)
        if x_dot is None:
            dots = [differentiate(a, step, p["differentiation"], p["window"]) for a in trajs]
        else:
            dots = trajectories(x_dot, min_times=3, name="x_dot")
            if [d.shape for d in dots] != [a.shape for a in trajs]:
                raise InputError("x_dot must have the shape of X, trajectory by trajectory")
        if x_dot is None and p["differentiation"] == "savgol":
            trajs = [smooth(a, p["window"]) for a in trajs]
        data = np.concatenate(trajs)
        lib = copy.deepcopy(p["library"]).fit(data)
        if data.shape[0] < lib.n_terms:
            raise InputError(f"{lib.n_terms} library functions need at least as many samples; got "
                             f"{data.shape[0]}")
        names = default_names(data.shape[1]) if state_names is None else [str(s) for s in state_names]
        features = lib.names(names)
        coef = stlsq(lib(data), np.concatenate(dots), p["threshold"], p["alpha"], p["max_iter"])
        self.dt_, self.n_state_, self.library_ = step, data.shape[1], lib
        self.state_names_, self.feature_names_, self.coef_ = names, features, coef
        self.n_parameters_ = int(np.count_nonzero(coef))
        return self

    def equations(self, precision: int = 3) -> list[str]:
        """The identified equations, e.g. ``"x' = -10.000 x + 10.000 y"``.

        Parameters
        ----------
        precision : int
            Decimals of the coefficients.

        Returns
        -------
        list of str
            One equation per state component.

        Raises
        ------
        NotFittedError
            Before ``fit``.

        Examples
        --------
        >>> t = np.linspace(0, 1, 101)
        >>> SINDy().fit(np.c_[np.exp(t), np.exp(-2 * t)], dt=0.01).equations(1)
        ["x' = 1.0 x", "y' = -2.0 y"]
        """
        self._check_fitted()
        out = []
        for name, row in zip(self.state_names_, self.coef_, strict=True):
            terms = []
            for c, f in zip(row, self.feature_names_, strict=True):
                if c == 0:
                    continue
                mag = f"{abs(c):.{precision}f}" + ("" if f == "1" else f" {f}")
                terms.append(("- " if c < 0 else "+ ") + mag)
            rhs = " ".join(terms).removeprefix("+ ") if terms else "0"
            out.append(f"{name}' = " + (rhs.replace("- ", "-", 1) if rhs.startswith("- ") else rhs))
        return out

    def derivative(self, X) -> np.ndarray:
        """The model's right-hand side :math:`\\Xi\\,\\theta(x)` at states ``X``.

        Parameters
        ----------
        X : array_like, shape (n, n_state)
            States, time first.

        Returns
        -------
        ndarray, shape (n, n_state)
            :math:`\\dot x`.

        Raises
        ------
        NotFittedError
            Before ``fit``.

        Examples
        --------
        >>> t = np.linspace(0, 2, 201)
        >>> SINDy().fit(np.exp(-t), dt=t).derivative([[2.0]]).round(3).tolist()
        [[-2.0]]
        """
        X = self._states(X)
        return self.library_(X) @ self.coef_.T

    def _rhs(self, t, x, args):
        """The identified right-hand side on a state or rows of states (no validation: the
        plain-Python RK4 driver calls it at every stage)."""
        rows = np.atleast_2d(x)
        with np.errstate(over="ignore", invalid="ignore"):
            dx = self.library_._evaluate(np.ascontiguousarray(rows)) @ self.coef_.T
        return dx if np.ndim(x) == 2 else dx[0]

    def _blew_up(self, t: float) -> SimulationError:
        return SimulationError(f"the identified model blew up at t = {t:.6g} (a growing term the "
                               "data did not constrain: try a larger threshold, more data or a "
                               "smaller library)", t=t, cause=NON_FINITE)

    def _orbit(self, x0: np.ndarray, t_eval: np.ndarray) -> np.ndarray:
        out = np.empty((t_eval.size, self.n_state_))
        if self.library_.compiled:
            status, _, t = _interrupt.call(
                "SINDy.simulate", K.sindy_orbit, x0, self.coef_, *self.library_._code, t_eval,
                self.dt_, out, work=t_eval[-1] / self.dt_ * self.library_.n_terms)
        else:                       # a user's Python functions: the same RK4 driver, in Python
            with np.errstate(over="ignore", invalid="ignore"):
                status, _, t = python(ode.rk4_solve)(self._rhs, x0.copy(), t_eval, self.dt_, None,
                                                     out, -np.inf, np.zeros(1, np.uint8))
        if status != ode.OK:
            raise self._blew_up(t)
        return out

    def predict(self, X) -> np.ndarray:
        """One RK4 step of ``dt_`` of the identified model from each row of ``X``.

        Parameters
        ----------
        X : array_like, shape (n, n_state)
            States, time first.

        Returns
        -------
        ndarray, shape (n, n_state)
            The states one ``dt_`` later.

        Raises
        ------
        NotFittedError
            Before ``fit``.

        Examples
        --------
        >>> t = np.linspace(0, 2, 201)
        >>> SINDy().fit(np.exp(-t), dt=t).predict([[1.0]]).round(6).tolist()
        [[0.99005]]
        """
        X = self._states(X)
        with np.errstate(over="ignore", invalid="ignore"):
            out = python(ode.rk4_step)(self._rhs, 0.0, X, self.dt_, None)
        if not np.all(np.isfinite(out)):
            raise self._blew_up(self.dt_)
        return out

    def _run(self, x0, n_steps):
        return self._orbit(self._state(x0), self.dt_ * np.arange(n_steps + 1.0))
