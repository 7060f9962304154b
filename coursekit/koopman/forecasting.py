r"""How long a forecast of chaos stays valid, in Lyapunov times, and how well a long free run
reproduces the attractor.

**Short-term accuracy.**
A forecast :math:`\hat x(t)` of a chaotic orbit :math:`x(t)` started from the same state
(up to the model's error) departs from it roughly like :math:`e^{\lambda_1 t}`, with
:math:`\lambda_1` the largest Lyapunov exponent; a forecast's horizon is therefore measured in
**Lyapunov times** :math:`\lambda_1 t`. The **valid prediction time** is the first time at
which the normalised error

.. math:: E(t) = \sqrt{\frac1d \sum_{j=1}^d
          \left(\frac{\hat x_j(t) - x_j(t)}{\sigma_j}\right)^2}

exceeds a threshold :math:`\varepsilon` (0.5 by default): the normalised root-mean-square error
and the valid prediction time of Vlachas et al. (2020, "Backpropagation algorithms and
reservoir computing in recurrent neural networks for the forecasting of complex
spatiotemporal dynamics", Neural Networks 126, 191). :math:`\sigma_j` is the standard
deviation of component :math:`j` on the attractor: pass it as ``scale`` (estimated from a long
orbit); by default it is taken from the true orbit given, which makes the result depend
slightly on the forecast's length. Other papers normalise differently (e.g. by the root mean
square of :math:`\|x\|`, with :math:`\varepsilon = 0.4`): compare valid prediction times only
under one definition. :math:`\lambda_1` comes from :func:`coursekit.analysis.lyapunov.lyapunov_spectrum`
or a published value. A forecast that blows up (NaN or infinity) is invalid from then on.
:func:`valid_prediction_times` forecasts from many starts of a held-out orbit with any fitted
learner (the delay learners get the history they need) and returns the valid prediction time
of each; :class:`Persistence` (:math:`\hat x(t) = x(0)`) is the baseline every forecaster must
beat.

**Long-term statistics.** A free run long after the forecast has lost the orbit can still
trace the right attractor, or a wrong one. Two measures from the reconstruction literature
(Koppe et al. 2019; Mikhaeil et al. 2022; Hess et al. 2023; Brenner et al. 2024) compare a
generated orbit with a true one without pairing their times:

* :func:`state_space_divergence` — the Kullback–Leibler divergence
  :math:`D_{\mathrm{stsp}} = \sum_k p_k \ln(p_k / q_k)` (true against generated) between the occupation
  probabilities of the true (:math:`p`) and generated (:math:`q`) orbits on a grid of
  ``bins`` cells per component spanning the true orbit;
* :func:`power_spectrum_distance` — the Hellinger distance
  :math:`D_H = \sqrt{1 - \sum_f \sqrt{P(f) Q(f)}}` between the normalised, smoothed power
  spectra of each component, averaged over components (0: equal spectra, 1: disjoint).
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import gaussian_filter1d

from coursekit import _validate as V
from coursekit.errors import InputError, SimulationError
from coursekit.koopman._base import DelayLearner, Learner, sampling_step, trajectories

__all__ = ["Persistence", "forecast", "normalised_error", "power_spectrum_distance",
           "state_space_divergence", "valid_prediction_time", "valid_prediction_times"]


def normalised_error(prediction, truth, scale=None) -> np.ndarray:
    """:math:`E(t)` of the module docstring at every sample.

    Parameters
    ----------
    prediction, truth : array_like, shape (n_times, n_state)
        The forecast (NaN or infinity where it blew up) and the true orbit at the same times,
        time first.
    scale : array_like, shape (n_state,), optional
        :math:`\\sigma_j` (default: the standard deviation of each component of ``truth``).

    Returns
    -------
    ndarray, shape (n_times,)
        The normalised error.

    Raises
    ------
    InputError
        For shapes that differ, NaN, or a zero scale.

    Examples
    --------
    >>> truth = np.c_[np.sin(np.arange(4.0))]
    >>> normalised_error(truth + 0.1, truth, scale=[0.5]).round(6).tolist()
    [0.2, 0.2, 0.2, 0.2]
    """
    pred = V.array("prediction", prediction, finite=False)
    true = V.array("truth", truth)
    pred = pred[:, None] if pred.ndim == 1 else pred
    true = true[:, None] if true.ndim == 1 else true
    if pred.shape != true.shape or pred.ndim != 2:
        raise InputError(f"prediction and truth must have one shape (n_times, n_state); got "
                         f"{pred.shape} and {true.shape}")
    sigma = true.std(axis=0) if scale is None else V.array("scale", scale, shape=(true.shape[1],))
    if np.any(sigma <= 0):
        raise InputError("the scale of every component must be positive (a constant true orbit has "
                         "none: pass scale=...)")
    with np.errstate(invalid="ignore", over="ignore"):
        err = np.sqrt(np.mean(((pred - true) / sigma) ** 2, axis=1))
    return np.where(np.isfinite(err), err, np.inf)                  # a blow-up: invalid


def valid_prediction_time(prediction, truth, dt: float, lyapunov_exponent: float,
                          threshold: float = 0.5, scale=None) -> float:
    """The valid prediction time in Lyapunov times, :math:`\\lambda_1 t^*`, with :math:`t^*`
    the first time :math:`E(t) >` ``threshold`` (the module docstring).

    The crossing is located by linear interpolation of :math:`\\ln E` between the two samples
    around it; a forecast that never crosses gets the full length of the series (a lower bound).

    Parameters
    ----------
    prediction, truth : array_like, shape (n_times, n_state)
        Forecast and true orbit, sampled every ``dt`` from the same start, time first.
    dt : float
        Sampling step.
    lyapunov_exponent : float
        The largest Lyapunov exponent :math:`\\lambda_1 > 0` (per unit time).
    threshold : float
        The error at which the forecast stops being valid.
    scale : array_like, optional
        :math:`\\sigma_j` (see :func:`normalised_error`).

    Returns
    -------
    float
        :math:`\\lambda_1 t^*`.

    Raises
    ------
    InputError
        For bad shapes, a non-positive step, exponent or threshold.

    Examples
    --------
    >>> t = np.arange(0.0, 10.0, 0.01)
    >>> truth = np.c_[np.sin(t)]
    >>> error = 1e-3 * np.exp(0.9 * t)                  # grows at the Lyapunov rate
    >>> vpt = valid_prediction_time(truth + error[:, None], truth, 0.01, 0.9, scale=[1.0])
    >>> round(vpt, 4), round(float(np.log(0.5 / 1e-3)), 4)   # lambda t* = ln(threshold / E(0))
    (6.2146, 6.2146)
    """
    dt = V.positive("dt", dt)
    lam = V.positive("lyapunov_exponent", lyapunov_exponent)
    threshold = V.positive("threshold", threshold)
    err = normalised_error(prediction, truth, scale)
    above = np.flatnonzero(err > threshold)
    if above.size == 0:
        return float(lam * dt * (err.size - 1))
    k = int(above[0])
    if k == 0:
        return 0.0
    if not np.isfinite(err[k]):
        return float(lam * dt * k)                                   # blew up within the step
    e0, e1 = np.log(max(err[k - 1], np.finfo(float).tiny)), np.log(err[k])
    frac = (np.log(threshold) - e0) / (e1 - e0) if e1 > e0 else 1.0
    return float(lam * dt * (k - 1 + frac))


class Persistence(Learner):
    """The forecast that nothing changes, :math:`\\hat x_{k+1} = x_k`: the baseline.

    Attributes
    ----------
    n_parameters_ : int
        0.

    Examples
    --------
    >>> X = np.arange(6.0).reshape(3, 2)
    >>> Persistence().fit(X, dt=0.5).simulate(X[1], 2).x.tolist()
    [[2.0, 3.0], [2.0, 3.0], [2.0, 3.0]]
    """

    def __init__(self):
        pass

    @property
    def n_parameters_(self) -> int:
        """None: 0."""
        self._check_fitted()
        return 0

    def _validated(self) -> dict:
        return {}

    def fit(self, X, *, dt=1.0) -> Persistence:
        """Remember the state size and the sampling step.

        Parameters
        ----------
        X : array_like or list of ndarray
            Trajectories, time first.
        dt : float or array_like
            Sampling step, or sample times.

        Returns
        -------
        Persistence
            ``self``.

        Raises
        ------
        InputError
            For NaN or fewer than two samples.

        Examples
        --------
        >>> Persistence().fit(np.zeros((4, 3))).n_state_
        3
        """
        trajs = trajectories(X, min_times=2)
        self.dt_, self.n_state_ = sampling_step(dt, trajs), trajs[0].shape[1]
        return self

    def predict(self, X) -> np.ndarray:
        """The states themselves.

        Parameters
        ----------
        X : array_like, shape (n, n_state)
            States.

        Returns
        -------
        ndarray, shape (n, n_state)
            A copy of ``X``.

        Raises
        ------
        NotFittedError
            Before ``fit``.

        Examples
        --------
        >>> Persistence().fit(np.zeros((2, 1))).predict([[3.0]]).tolist()
        [[3.0]]
        """
        return self._states(X).copy()

    def _run(self, x0, n_steps):
        return np.repeat(self._state(x0)[None], n_steps + 1, axis=0)


def _history(model) -> int:
    """Samples a learner needs to start a forecast (a delay learner's ``delays``, else 1)."""
    return int(model.delays) if isinstance(model, DelayLearner) else 1


def forecast(model, history, n_steps: int) -> np.ndarray:
    """A free run of a fitted learner that continues ``history``.

    Parameters
    ----------
    model : Learner
        Fitted; a delay learner (a :class:`~coursekit.koopman._base.DelayLearner`) starts from
        the last ``delays`` samples, any other from the last sample.
    history : array_like, shape (n, n_state)
        The samples up to the start, time first.
    n_steps : int
        Steps of ``model.dt_``.

    Returns
    -------
    ndarray, shape (n_steps + 1, n_state)
        The forecast, starting with ``history[-1]``; NaN from a blow-up on.

    Raises
    ------
    NotFittedError
        Before ``fit``.
    InputError
        For too short a history.

    Examples
    --------
    >>> X = np.c_[0.5 ** np.arange(6.0)]
    >>> forecast(Persistence().fit(X), X[:3], 2).ravel().tolist()
    [0.25, 0.25, 0.25]
    """
    h = V.array("history", history)
    h = h[:, None] if h.ndim == 1 else h
    q = _history(model)
    if h.shape[0] < q:
        raise InputError(f"{type(model).__name__} needs a history of {q} samples; got {h.shape[0]}")
    start = h[-q:] if isinstance(model, DelayLearner) else h[-1]
    try:
        x = model.simulate(start, n_steps).x
    except SimulationError:                                   # blew up: invalid from the start
        x = np.full((n_steps + 1, h.shape[1]), np.nan)
        x[0] = h[-1]
    with np.errstate(invalid="ignore", over="ignore"):
        x = np.where(np.isfinite(x), x, np.nan)
    return x.reshape(n_steps + 1, -1)


def valid_prediction_times(model, truth, lyapunov_exponent: float, *, n_starts: int = 20,
                           n_steps: int | None = None, threshold: float = 0.5, scale=None) -> np.ndarray:
    """Valid prediction times (in Lyapunov times) of a fitted learner from many starts of a
    held-out orbit.

    The starts are spread evenly over ``truth`` (each after the history the learner needs, see
    :func:`forecast`); from each, the learner forecasts ``n_steps`` steps, and
    :func:`valid_prediction_time` compares the forecast with the orbit.

    Parameters
    ----------
    model : Learner
        A fitted forecaster (any learner of :mod:`coursekit.koopman`, or :class:`Persistence`).
    truth : array_like, shape (n_times, n_state)
        A held-out orbit sampled every ``model.dt_``, time first, with the components the model
        predicts.
    lyapunov_exponent : float
        :math:`\\lambda_1` per unit time.
    n_starts : int
        Forecasts made.
    n_steps : int, optional
        Steps per forecast (default: 10 Lyapunov times).
    threshold : float
        See :func:`valid_prediction_time`.
    scale : array_like, optional
        :math:`\\sigma_j` (default: the standard deviation of ``truth``).

    Returns
    -------
    ndarray, shape (n_starts,)
        :math:`\\lambda_1 t^*` of each forecast (at most ``n_steps`` steps' worth).

    Raises
    ------
    InputError
        If ``truth`` is too short for the starts and steps asked for.
    NotFittedError
        Before ``fit``.

    Examples
    --------
    >>> t = 0.01 * np.arange(3000)
    >>> X = np.c_[np.sin(t), np.cos(t)]
    >>> vpt = valid_prediction_times(Persistence().fit(X, dt=0.01), X, 1.0, n_starts=3, n_steps=500,
    ...                              scale=[0.5 ** 0.5] * 2)
    >>> vpt.round(4).tolist()       # persistence on the unit circle: E = 2 sin(t/2), t* = 2 asin(1/4)
    [0.5054, 0.5054, 0.5054]
    >>> round(2 * float(np.arcsin(0.25)), 4)
    0.5054
    """
    model._check_fitted()
    lam = V.positive("lyapunov_exponent", lyapunov_exponent)
    n_starts = V.integer("n_starts", n_starts, minimum=1)
    x = V.array("truth", truth)
    x = x[:, None] if x.ndim == 1 else x
    dt = model.dt_
    n_steps = int(np.ceil(10.0 / (lam * dt))) if n_steps is None else V.integer("n_steps", n_steps, minimum=1)
    q = _history(model)
    last = x.shape[0] - 1 - n_steps
    if last < q - 1:
        raise InputError(f"truth has {x.shape[0]} samples: too few for a history of {q} and "
                         f"{n_steps} steps")
    sigma = x.std(axis=0) if scale is None else V.array("scale", scale, shape=(x.shape[1],))
    starts = np.linspace(q - 1, last, n_starts).round().astype(int)
    return np.array([valid_prediction_time(forecast(model, x[k - q + 1:k + 1], n_steps),
                                           x[k:k + n_steps + 1], dt, lam, threshold, sigma)
                     for k in starts])


def _two_orbits(generated, truth) -> tuple[np.ndarray, np.ndarray]:
    gen = V.array("generated", generated, finite=False)
    true = V.array("truth", truth)
    gen = gen[:, None] if gen.ndim == 1 else gen
    true = true[:, None] if true.ndim == 1 else true
    if gen.ndim != 2 or gen.shape[1] != true.shape[1]:
        raise InputError(f"generated and truth need the same components; got {gen.shape} and {true.shape}")
    return gen, true


def state_space_divergence(generated, truth, bins: int = 20, pseudocount: float = 1e-5) -> float:
    """:math:`D_{\\mathrm{stsp}}` of the module docstring: how differently two orbits fill space.

    Both orbits are binned on one grid of ``bins`` cells per component over the range of
    ``truth`` (widened by 10 % of it at each end); samples of ``generated`` outside the grid
    (or not finite) count in its total but in no cell, so an escaping free run is penalised.
    Each cell gets ``pseudocount`` in both histograms before normalising, so that the
    divergence is finite; equal histograms give exactly 0. The divergence is
    :math:`\\mathrm{KL}(p\\,\\|\\,q)`, true against generated; its value depends on ``bins``,
    ``pseudocount`` and the lengths (two independent stretches of one true orbit give a
    positive floor), so compare with that floor, and compare published values only under the
    same settings.

    Parameters
    ----------
    generated, truth : array_like, shape (n_times, n_state)
        A long free run of a model and a long true orbit (any lengths), time first.
    bins : int
        Cells per component (keep ``bins ** n_state`` well below the number of samples).
    pseudocount : float
        Added probability mass per cell, relative to one sample.

    Returns
    -------
    float
        :math:`D_{\\mathrm{stsp}} \\ge 0` (nats).

    Raises
    ------
    InputError
        For different numbers of components, NaN in ``truth``, or bad options.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> a, b = rng.normal(size=(20000, 2)), rng.normal(size=(20000, 2))
    >>> d_same = state_space_divergence(a, b, bins=10)
    >>> d_shifted = state_space_divergence(a + 1.0, b, bins=10)
    >>> bool(d_same < 0.01 < 0.5 < d_shifted)
    True
    """
    gen, true = _two_orbits(generated, truth)
    bins = V.integer("bins", bins, minimum=1)
    alpha = V.positive("pseudocount", pseudocount)
    lo, hi = true.min(axis=0), true.max(axis=0)
    pad = 0.1 * np.where(hi > lo, hi - lo, 1.0)
    edges = [np.linspace(a - w, b + w, bins + 1) for a, b, w in zip(lo, hi, pad, strict=True)]
    p, _ = np.histogramdd(true, bins=edges)
    finite = np.all(np.isfinite(gen), axis=1)
    q, _ = np.histogramdd(gen[finite], bins=edges)
    p = (p.ravel() + alpha) / (true.shape[0] + alpha * p.size)
    q = (q.ravel() + alpha) / (gen.shape[0] + alpha * q.size)
    return float(max(np.sum(p * np.log(p / q)), 0.0))


def power_spectrum_distance(generated, truth, smoothing: float = 20.0) -> float:
    """:math:`D_H` of the module docstring: the Hellinger distance between power spectra.

    Each component of each orbit is standardised, its power spectrum :math:`|\\hat x(f)|^2`
    (real FFT, the mean removed) is smoothed with a Gaussian of ``smoothing`` frequency bins and
    normalised to unit sum; :math:`D_H` is averaged over components. Both orbits are cut to the
    shorter length, so that their frequency grids agree. A generated orbit that is not finite
    gets 1, and so does a generated component that is constant (to rounding). The value depends
    on ``smoothing`` and on the length: two independent stretches of one true orbit do not give
    0 (a periodogram fluctuates), so compare with that floor, and compare published values
    only under the same settings.

    Parameters
    ----------
    generated, truth : array_like, shape (n_times, n_state)
        A long free run and a long true orbit with one sampling step, time first.
    smoothing : float
        Standard deviation of the Gaussian smoothing, in frequency bins (0: none).

    Returns
    -------
    float
        :math:`D_H \\in [0, 1]`.

    Raises
    ------
    InputError
        For different components, fewer than 4 samples or constant data.

    Examples
    --------
    >>> t = 0.05 * np.arange(4000)
    >>> d_near = power_spectrum_distance(np.sin(1.02 * t), np.sin(t))
    >>> d_far = power_spectrum_distance(np.sin(3.0 * t), np.sin(t))
    >>> round(d_near, 3), round(d_far, 2)       # smoothed over 20 frequency bins of 0.031 each
    (0.012, 0.82)
    """
    gen, true = _two_orbits(generated, truth)
    smoothing = V.nonnegative("smoothing", smoothing)
    n = min(gen.shape[0], true.shape[0])
    if n < 4:
        raise InputError(f"power spectra need at least 4 samples; got {n}")
    if not np.all(np.isfinite(gen[:n])):
        return 1.0
    gen, true = gen[:n], true[:n]

    def flat(x):                        # constant up to rounding: no spectrum to compare
        return x.std(axis=0) <= 1e-9 * (np.abs(x.mean(axis=0)) + 1.0)

    def spectra(x):
        x = x - x.mean(axis=0)
        P = np.abs(np.fft.rfft(x / np.where(flat(x), 1.0, x.std(axis=0)), axis=0)) ** 2
        if smoothing > 0:
            P = gaussian_filter1d(P, smoothing, axis=0, mode="nearest")
        return P / np.where(P.sum(axis=0) > 0, P.sum(axis=0), 1.0)

    if np.any(flat(true)):
        raise InputError("a constant component of truth has no power spectrum to compare")
    overlap = np.sum(np.sqrt(spectra(gen) * spectra(true)), axis=0)
    distance = np.sqrt(np.clip(1.0 - overlap, 0.0, 1.0))
    return float(np.mean(np.where(flat(gen), 1.0, distance)))
