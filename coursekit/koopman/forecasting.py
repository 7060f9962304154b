r"""How long a forecast of chaos stays valid, in Lyapunov times.

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
"""

from __future__ import annotations

import numpy as np

from coursekit import _validate as V
from coursekit.errors import InputError

__all__ = ["normalised_error", "valid_prediction_time"]


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
