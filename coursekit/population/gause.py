r"""Gause's *Paramecium* competition data (1934) and competition models fitted to it.

**Data** (:func:`load`): Appendix Table 3 of *The Struggle for Existence*: individuals per
sample of *P. aurelia* and *P. caudatum*, each alone ("monoculture") and together ("mixture"),
days 0–25 (day 1 not counted). Files and sources: ``coursekit/data/gause1934/``.

**Models**, one step per day, both with per-species growth ``g``, capacity ``K`` and competition
coefficients ``a_ac`` (effect of caudatum on aurelia) and ``a_ca``:

* ``"lotka_volterra"``: the competitive Lotka–Volterra equations
  :math:`\dot N_i = g_i N_i (1 - (N_i + a_{ij} N_j)/K_i)` (the field of
  :func:`coursekit.systems.competitive_lotka_volterra`), advanced by 10 steps per day of the
  course's RK4 (:func:`coursekit.numerics.ode.rk4_step`, run on NumPy arrays or PyTorch tensors);
* ``"leslie_gower"``: Leslie's discrete competition model (Leslie and Gower 1958),
  :math:`N_i(t+1) = e^{g_i} N_i / (1 + (e^{g_i} - 1)(N_i + a_{ij} N_j)/K_i)`.

**Fit.** Parameters enter as logarithms (all positive). Residuals are differences of
:math:`\ln(1 + N)` between model and data on every observed day of all four series; both
cultures share the parameters. :func:`fit` minimises the sum of squares through the recursion
with SciPy's ``least_squares`` (no torch needed) or, with ``backend="torch"``, by L-BFGS on the
same loss with gradients from PyTorch autograd. Uncertainty: a residual bootstrap (refits on
model + resampled residuals of the days after day 0, centred and inflated by
:math:`\sqrt{n/(n-p)}`: the modified residuals of Davison and Hinkley 1997, section 6.2.3, with
all leverages equal to :math:`p/n`). The residuals of one culture are correlated from day to
day (the model misses slow swings of the plateaus); with ``block=b > 1`` the resampling is a
moving-block bootstrap (Künsch 1989): runs of ``b`` consecutive residuals of one series are
drawn and laid end to end, which keeps that correlation. Model comparison: AIC = n ln(RSS/n) +
2k.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources

import numpy as np

from coursekit import _progress, _random, _torch
from coursekit import _validate as V
from coursekit._jit import python
from coursekit._results import Result
from coursekit.errors import NO_CONVERGENCE, NON_FINITE, SimulationError
from coursekit.numerics.ode import rk4_step
from coursekit.systems.compiled import competitive_lotka_volterra

#: Longest model series (days): the series are stepped day by day in Python; Gause counted
#: for 25 days.
MAX_DAYS = 100_000

__all__ = ["MAX_DAYS", "Fit", "GauseData", "MODELS", "PARAMS", "fit", "load", "residuals", "synthetic",
           "trajectories"]

SPECIES = ("aurelia", "caudatum")
PARAMS = ("g_aurelia", "g_caudatum", "K_aurelia", "K_caudatum", "a_ac", "a_ca")
MODELS = ("lotka_volterra", "leslie_gower")
SUBSTEPS = 10
MAX_EVALUATIONS = 5000
#: The bootstrap gives up when more than this fraction of its refits fail to converge.
MAX_FAILED_REFITS = 0.05


@dataclass(frozen=True, eq=False)
class GauseData(Result):
    """Counts per day for the four series (NaN where not counted).

    Attributes
    ----------
    t : ndarray, shape (n_days,)
        Days.
    mono : ndarray, shape (n_days, 2)
        *P. aurelia* and *P. caudatum*, each grown alone.
    mixed : ndarray, shape (n_days, 2)
        The two grown together.

    Examples
    --------
    >>> load().mono.shape
    (26, 2)
    """

    t: np.ndarray
    mono: np.ndarray
    mixed: np.ndarray

    @property
    def n_observations(self) -> int:
        """The number of counted values in the four series."""
        return int(np.isfinite(self.mono).sum() + np.isfinite(self.mixed).sum())


def load() -> GauseData:
    """Gause's Appendix Table 3 (see the module docstring).

    Returns
    -------
    GauseData
        Days 0–25; day 1 was not counted (NaN).

    Examples
    --------
    >>> data = load()
    >>> data.n_observations, data.mono[0].tolist()
    (100, [2.0, 2.0])
    """
    path = resources.files("coursekit").joinpath(
        "data/gause1934/gause1934_tableA3_paramecium_mono_mixed.csv")
    rows = [r for r in csv.reader(path.read_text(encoding="utf-8").splitlines()[1:])][1:]
    days = sorted({int(r[2]) for r in rows})
    mono = np.full((len(days), 2), np.nan)
    mixed = np.full((len(days), 2), np.nan)
    for species, culture, day, value in rows:
        k = 0 if "aurelia" in species else 1
        target = mono if culture == "monoculture" else mixed
        target[days.index(int(day)), k] = np.nan if value == "NA" else float(value)
    return GauseData(np.array(days, dtype=float), mono, mixed,
                     method="Gause (1934), The Struggle for Existence, Appendix Table 3")


# --- the models, written once for NumPy arrays and PyTorch tensors -------------------------------

def _unpack(theta, xp):
    p = xp.exp(theta)
    return p[0], p[1], p[2], p[3], p[4], p[5]


_RK4 = python(rk4_step)
_FIELD = python(competitive_lotka_volterra)


def _step(model, x, y, pars):
    g1, g2, K1, K2, a12, a21 = pars
    if model == "leslie_gower":
        e1, e2 = np.e ** g1, np.e ** g2
        return (e1 * x / (1 + (e1 - 1) * (x + a12 * y) / K1),
                e2 * y / (1 + (e2 - 1) * (y + a21 * x) / K2))
    h = 1.0 / SUBSTEPS
    state = (x, y)
    for _ in range(SUBSTEPS):
        state = _RK4(_FIELD, 0.0, state, h, pars)
    return state


def _series(model: str, theta, n_days: int, x0, xp):
    """The four model series (lists of numbers or tensors), days ``0 .. n_days - 1``."""
    pars = _unpack(theta, xp)
    zero = pars[0] * 0.0
    series = ([], [], [], [])
    a, c = zero + x0[0], zero + x0[1]          # monocultures
    ma, mc = zero + x0[0], zero + x0[1]        # mixture
    for _ in range(n_days):
        for out, value in zip(series, (a, c, ma, mc), strict=True):
            out.append(value)
        a, _ = _step(model, a, zero, pars)
        _, c = _step(model, zero, c, pars)
        ma, mc = _step(model, ma, mc, pars)
    return series


def _check_model(model):
    return V.choice("model", model, MODELS)


def _theta(theta, name: str = "theta") -> np.ndarray:
    return V.array(name, theta, shape=(len(PARAMS),))


def trajectories(model: str, theta, n_days: int, x0=(2.0, 2.0)) -> GauseData:
    """Model counts for the monocultures and the mixture, days ``0 .. n_days - 1``.

    Parameters
    ----------
    model : {"lotka_volterra", "leslie_gower"}
    theta : array_like, shape (6,)
        Logarithms of the parameters, in the order of :data:`PARAMS`.
    n_days : int
        Number of days, from 1 to :data:`MAX_DAYS`.
    x0 : (float, float)
        The inoculum of each species (Gause: two individuals).

    Returns
    -------
    GauseData
        The model's counts (no NaN).

    Raises
    ------
    InputError
        For an unknown model or malformed parameters.
    SimulationError
        When the model's counts overflow or become undefined for these parameters
        (cause ``"non-finite"``, ``t`` the first such day).

    Examples
    --------
    >>> run = trajectories("leslie_gower", np.log([0.8, 0.6, 500, 200, 1.5, 0.4]), 30)
    >>> bool(run.mixed[-1, 0] > run.mixed[-1, 1])   # aurelia wins the mixture
    True
    """
    model = _check_model(model)
    theta = _theta(theta)
    n_days = V.integer("n_days", n_days, minimum=1, maximum=MAX_DAYS)
    x0 = V.array("x0", x0, shape=(2,), nonnegative=True)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        s = [np.array(v, dtype=float) for v in _series(model, theta, n_days, x0, np)]
    _check_finite(np.column_stack(s), model)
    return GauseData(np.arange(n_days, dtype=float), np.column_stack(s[:2]),
                     np.column_stack(s[2:]), method=f"{model} model")


def _check_finite(values: np.ndarray, model: str) -> None:
    """Raise :class:`SimulationError` at the first day (row) with a non-finite value."""
    bad = ~np.isfinite(values).all(axis=1)
    if bad.any():
        day = int(np.argmax(bad))
        raise SimulationError(f"the {model} model's counts became non-finite on day {day}: "
                              "these parameters make the recursion blow up", t=day,
                              cause=NON_FINITE)


def _observed(data: GauseData):
    obs = np.concatenate([data.mono[:, 0], data.mono[:, 1], data.mixed[:, 0], data.mixed[:, 1]])
    return np.isfinite(obs), np.log1p(np.nan_to_num(obs))


def _model_logs(model, theta, data, xp=np):
    series = _series(model, theta, data.t.size, (data.mono[0, 0], data.mono[0, 1]), xp)
    if xp is np:
        return np.log1p(np.concatenate([np.array(s) for s in series]))
    return xp.log1p(xp.concatenate([xp.stack(s) for s in series]))


def _np_logs(model, theta, data):
    """Model log counts in NumPy; a parameter set that blows up gets a large finite value so
    that the optimiser's line search steps back."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        logs = _model_logs(model, np.asarray(theta, float), data)
    return np.where(np.isfinite(logs), logs, 50.0)


def residuals(model: str, theta, data: GauseData) -> np.ndarray:
    """``ln(1 + N_model) - ln(1 + N_data)`` on every observed day.

    Parameters
    ----------
    model : {"lotka_volterra", "leslie_gower"}
    theta : array_like, shape (6,)
        Logarithms of the parameters (:data:`PARAMS`).
    data : GauseData

    Returns
    -------
    ndarray, shape (data.n_observations,)

    Raises
    ------
    InputError
        For an unknown model, malformed parameters or data.
    SimulationError
        When the model blows up for these parameters (cause ``"non-finite"``).

    Examples
    --------
    >>> r = residuals("leslie_gower", fit(model="leslie_gower").theta, load())
    >>> r.shape
    (100,)
    """
    model = _check_model(model)
    theta = _theta(theta)
    V.instance("data", data, GauseData, "a GauseData (from gause.load or gause.synthetic)")
    mask, logs = _observed(data)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        model_logs = _model_logs(model, theta, data)
    _check_finite(model_logs.reshape(4, -1).T, model)
    return model_logs[mask] - logs[mask]


THETA0 = np.log([0.8, 0.6, 500.0, 200.0, 1.0, 1.0])


@dataclass(frozen=True, eq=False)
class Fit(Result):
    """A fitted competition model.

    Attributes
    ----------
    model : str
        ``"lotka_volterra"`` or ``"leslie_gower"``.
    theta : ndarray, shape (6,)
        Logarithms of the parameters.
    params : dict
        The parameters on their natural scale, by name (:data:`PARAMS`).
    rss : float
        Residual sum of squares of ``ln(1 + N)``.
    n : int
        Number of residuals.
    aic : float
        ``n ln(RSS/n) + 2k``.
    backend : str
        ``"scipy"`` or ``"torch"``.
    intervals : dict or None
        Bootstrap confidence intervals by parameter name.
    draws : ndarray or None
        Bootstrap parameter sets, shape ``(n_boot, 6)``, natural scale.

    Examples
    --------
    >>> f = fit(model="leslie_gower")
    >>> sorted(f.params) == sorted(PARAMS), f.n
    (True, 100)
    """

    model: str
    theta: np.ndarray
    params: dict
    rss: float
    n: int
    aic: float
    backend: str
    intervals: dict | None = None
    draws: np.ndarray | None = None

    def predict(self, n_days: int, x0=(2.0, 2.0)) -> GauseData:
        """The fitted model's counts, days ``0 .. n_days - 1`` (see :func:`trajectories`).

        Parameters
        ----------
        n_days : int
            Number of days.
        x0 : (float, float)
            The inoculum.

        Returns
        -------
        GauseData

        Raises
        ------
        InputError
            For a bad ``n_days`` or ``x0``.

        Examples
        --------
        >>> fit(model="leslie_gower").predict(26).mono.shape
        (26, 2)
        """
        return trajectories(self.model, self.theta, n_days, x0)


def _make_fit(model, theta, data, backend, intervals=None, draws=None, stats=None):
    r = residuals(model, theta, data)
    rss, n, k = float(r @ r), r.size, len(PARAMS)
    params = dict(zip(PARAMS, np.exp(theta).tolist(), strict=True))
    aic = float(n * np.log(rss / n) + 2 * k)
    return Fit(model, np.asarray(theta, float), params, rss, n, aic, backend, intervals, draws,
               method=f"least squares on ln(1 + N), {backend}", stats=stats or {})


def _fit_scipy(model, data, theta0, logs=None, max_nfev=MAX_EVALUATIONS):
    from scipy.optimize import least_squares  # here: scipy.optimize takes ~0.1 s to import

    mask, obs = _observed(data)
    if logs is not None:
        obs = logs

    def resid(theta):
        return _np_logs(model, theta, data)[mask] - obs[mask]

    sol = least_squares(resid, theta0, method="trf", x_scale="jac", xtol=1e-12, ftol=1e-12,
                        gtol=1e-12, max_nfev=max_nfev)
    if sol.status <= 0:
        raise SimulationError(f"the {model} fit did not converge in {max_nfev} "
                              f"evaluations (SciPy: {sol.message}); try another theta0",
                              cause=NO_CONVERGENCE)
    return sol.x


def _fit_torch(model, data, theta0):
    torch = _torch.require("gause.fit(backend='torch')")
    mask, obs = _observed(data)
    obs_t = torch.tensor(obs[mask], dtype=torch.float64)
    mask_t = torch.tensor(mask)
    theta = torch.tensor(theta0, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([theta], lr=1.0, max_iter=500, tolerance_grad=1e-12,
                            tolerance_change=1e-15, history_size=50,
                            line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        r = _model_logs(model, theta, data, xp=torch)[mask_t] - obs_t
        loss = (r * r).sum()
        loss.backward()
        return loss

    for _ in range(20):
        before = closure().item()
        opt.step(closure)
        after = closure().item()
        if not np.isfinite(after):
            raise SimulationError(f"the {model} fit with PyTorch L-BFGS reached parameters "
                                  "where the model blows up (a non-finite loss); try another "
                                  "theta0 or the SciPy backend", cause=NON_FINITE)
        if abs(before - after) < 1e-14 * max(1.0, before):
            return theta.detach().numpy()
    raise SimulationError(f"the {model} fit with PyTorch L-BFGS did not converge (20 rounds of "
                          f"500 iterations, last loss {after:.6g}); try another theta0 or the "
                          "SciPy backend", cause=NO_CONVERGENCE)


def _resample(res: np.ndarray, series: np.ndarray, block: int, rng) -> np.ndarray:
    """A bootstrap copy of ``res``: i.i.d. draws (``block=1``) or a moving-block bootstrap.

    For ``block > 1``, each series (``series`` labels the entries, which are in time order
    within a series) is filled with blocks of ``block`` consecutive residuals that lie in one
    series, chosen uniformly among all such blocks of all series, and cut to length. As in
    Künsch's moving-block bootstrap, a residual near either end of a series lies in fewer
    blocks than one in the middle, so it is drawn less often.
    """
    if block == 1:
        return rng.choice(res, size=res.size, replace=True)
    starts = np.array([i for i in range(res.size - block + 1)
                       if series[i] == series[i + block - 1]])
    out = np.empty_like(res)
    for s in np.unique(series):
        where = np.flatnonzero(series == s)
        n_blocks = -(-where.size // block)
        picks = rng.choice(starts, size=n_blocks, replace=True)
        out[where] = res[(picks[:, None] + np.arange(block)).ravel()[: where.size]]
    return out


def fit(data: GauseData | None = None, model: str = "lotka_volterra", backend: str = "scipy",
        theta0=None, n_boot: int = 0, seed=None, confidence: float = 0.95,
        block: int = 1, progress: bool | None = None) -> Fit:
    """Fit a competition model to Gause's data (see the module docstring).

    Parameters
    ----------
    data : GauseData, optional
        Default: :func:`load`.
    model : {"lotka_volterra", "leslie_gower"}
    backend : {"scipy", "torch"}
        SciPy's ``least_squares`` (trust region) or PyTorch L-BFGS with autograd.
    theta0 : array_like, shape (6,), optional
        Starting logarithms of the parameters.
    n_boot : int
        Number of residual-bootstrap refits (0: none).
    seed : int, SeedSequence, Generator or None
        Randomness of the bootstrap.
    confidence : float
        Level of the percentile intervals, in (0, 1).
    block : int
        Block length of the bootstrap: 1 draws residuals independently; ``b > 1`` draws runs
        of ``b`` consecutive days of one series (a moving-block bootstrap), for residuals
        correlated in time. At most the length of the shortest series.
    progress : bool, optional
        Progress bar for the bootstrap (default: on unless ``COURSEKIT_PROGRESS=0``).

    Returns
    -------
    Fit

    Raises
    ------
    InputError
        For an unknown model or backend, or bad arguments.
    SimulationError
        When the optimiser does not converge (cause ``"no convergence"``), also in more than
        5 % of the bootstrap refits (fewer are dropped and counted in ``stats["n_failed"]``),
        or when the PyTorch loss becomes non-finite (cause ``"non-finite"``).
    ImportError
        For ``backend="torch"`` without PyTorch.

    Examples
    --------
    >>> f = fit(model="leslie_gower")
    >>> f.params["a_ac"] > f.params["a_ca"]   # caudatum hurts aurelia more than the reverse
    True
    """
    data = load() if data is None else V.instance(
        "data", data, GauseData, "a GauseData (from gause.load or gause.synthetic)")
    model = _check_model(model)
    backend = V.choice("backend", backend, ("scipy", "torch"))
    theta0 = THETA0 if theta0 is None else _theta(theta0, "theta0")
    n_boot = V.integer("n_boot", n_boot, minimum=0)
    confidence = V.number("confidence", confidence, lo=0.0, hi=1.0, lo_open=True, hi_open=True)
    mask, _ = _observed(data)
    mask0 = mask.reshape(4, -1).copy()
    mask0[:, 0] = False                 # day 0: the known inoculum (see below)
    series = np.repeat(np.arange(4), mask0.sum(axis=1))
    mask0 = mask0.ravel()
    block = V.integer("block", block, minimum=1)
    shortest = int(mask0.reshape(4, -1).sum(axis=1)[mask0.reshape(4, -1).any(axis=1)].min())
    if block > shortest:
        raise V.fail("block", f"at most the {shortest} counted days (after day 0) of the "
                              "shortest culture", block)
    theta = _fit_scipy(model, data, theta0) if backend == "scipy" else \
        _fit_torch(model, data, theta0)
    intervals = draws = None
    failed = 0
    if n_boot:
        # Day 0 is the known inoculum: the model starts there, its residuals are zero by
        # construction and carry no noise. Resample the others, centred and inflated by
        # sqrt(n / (n - p)), since fitted residuals are smaller than the errors: the modified
        # residuals of Davison and Hinkley (1997, sect. 6.2.3) with equal leverages p / n.
        base = _np_logs(model, theta, data)
        res = (base - _observed(data)[1])[mask0]
        res = (res - res.mean()) * np.sqrt(res.size / (res.size - len(PARAMS)))
        rng = _random.as_generator(seed)
        draws = []
        bar = _progress.bar(n_boot, progress, "bootstrap")
        for _ in range(n_boot):
            logs = base.copy()
            logs[mask0] = base[mask0] + _resample(res, series, block, rng)
            try:
                draws.append(np.exp(_fit_scipy(model, data, theta, logs)))
            except SimulationError:     # a resample the optimiser cannot fit: count it
                failed += 1
            bar.update()
        bar.close()
        if failed > MAX_FAILED_REFITS * n_boot:
            raise SimulationError(f"{failed} of {n_boot} bootstrap refits did not converge: "
                                  "the intervals would be biased; check the fit first",
                                  cause=NO_CONVERGENCE)
        draws = np.array(draws)
        tail = 50 * (1 - confidence)
        lo, hi = np.percentile(draws, [tail, 100 - tail], axis=0)
        intervals = {p: (float(a), float(b)) for p, a, b in zip(PARAMS, lo, hi, strict=True)}
    return _make_fit(model, theta, data, backend, intervals, draws,
                     {"n_boot": n_boot, "n_failed": failed, "confidence": confidence,
                      "block": block})


def synthetic(model: str, params: dict, sigma: float = 0.05, n_days: int = 26,
              seed=None) -> GauseData:
    """Data generated by ``model`` with ``params`` and noise ``sigma`` on ``ln(1 + N)``.

    For tests and the lab: a fit should recover ``params``. Day 0 is the known inoculum of two
    individuals per species, exactly as in Gause's experiments, and carries no noise.

    Parameters
    ----------
    model : {"lotka_volterra", "leslie_gower"}
    params : dict
        The six parameters by name (:data:`PARAMS`), positive.
    sigma : float
        Standard deviation of the noise on ``ln(1 + N)``, ``>= 0``.
    n_days : int
        Number of days, from 2 to :data:`MAX_DAYS`.
    seed : int, SeedSequence, Generator or None
        The same seed gives the same data.

    Returns
    -------
    GauseData

    Raises
    ------
    InputError
        For an unknown model, a missing or non-positive parameter, or bad arguments.

    Examples
    --------
    >>> truth = dict(g_aurelia=0.8, g_caudatum=0.6, K_aurelia=500.0, K_caudatum=200.0,
    ...              a_ac=1.5, a_ca=0.4)
    >>> synthetic("leslie_gower", truth, seed=1).mono[0].tolist()
    [2.0, 2.0]
    """
    model = _check_model(model)
    missing = set(PARAMS) - set(params)
    if missing:
        raise V.fail("params", f"a dict with the keys {PARAMS} (missing {sorted(missing)})",
                     params)
    theta = np.log([V.positive(p, params[p]) for p in PARAMS])
    sigma = V.nonnegative("sigma", sigma)
    n_days = V.integer("n_days", n_days, minimum=2, maximum=MAX_DAYS)
    clean = trajectories(model, theta, n_days)
    rng = _random.as_generator(seed)
    noise = sigma * rng.normal(size=(4, n_days))
    series = (clean.mono[:, 0], clean.mono[:, 1], clean.mixed[:, 0], clean.mixed[:, 1])
    noisy = [np.r_[s[0], np.expm1(np.log1p(s[1:]) + e[1:])]
             for s, e in zip(series, noise, strict=True)]
    t = np.arange(n_days, dtype=float)
    return GauseData(t, np.column_stack(noisy[:2]), np.column_stack(noisy[2:]),
                     method=f"synthetic {model} data, sigma = {sigma:g}")
