r"""Gause's *Paramecium* competition data (1934) and competition models fitted to it.

**Data** (:func:`load`): Appendix Table 3 of *The Struggle for Existence*: individuals per
sample of *P. aurelia* and *P. caudatum*, each alone ("monoculture") and together ("mixture"),
days 0–25 (day 1 not counted). Files and sources: ``coursekit/data/gause1934/``.

**Models**, one step per day, both with per-species growth ``g``, capacity ``K`` and competition
coefficients ``a_ac`` (effect of caudatum on aurelia) and ``a_ca``:

* ``"lotka_volterra"``: the competitive Lotka–Volterra equations
  :math:`\dot N_i = g_i N_i (1 - (N_i + a_{ij} N_j)/K_i)`, advanced by 10 RK4 steps per day;
* ``"leslie_gower"``: Leslie's discrete competition model (Leslie and Gower 1958),
  :math:`N_i(t+1) = e^{g_i} N_i / (1 + (e^{g_i} - 1)(N_i + a_{ij} N_j)/K_i)`.

**Fit.** Parameters enter as logarithms (all positive). Residuals are differences of
:math:`\ln(1 + N)` between model and data on every observed day of all four series; both
cultures share the parameters. :func:`fit` minimises the sum of squares through the recursion
with SciPy's ``least_squares`` (no torch needed) or, with ``backend="torch"``, by L-BFGS on the
same loss with gradients from PyTorch autograd. Uncertainty: a residual bootstrap (refits on
model + resampled residuals). Model comparison: AIC = n ln(RSS/n) + 2k.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources

import numpy as np
from scipy.optimize import least_squares

from coursekit import _progress, _random

SPECIES = ("aurelia", "caudatum")
PARAMS = ("g_aurelia", "g_caudatum", "K_aurelia", "K_caudatum", "a_ac", "a_ca")
MODELS = ("lotka_volterra", "leslie_gower")
SUBSTEPS = 10


@dataclass(frozen=True)
class GauseData:
    """Days ``t`` and counts (NaN where not counted) for the four series."""

    t: np.ndarray
    mono: np.ndarray      # (n_days, 2): aurelia, caudatum, each alone
    mixed: np.ndarray     # (n_days, 2): aurelia, caudatum, together

    @property
    def n_observations(self) -> int:
        return int(np.isfinite(self.mono).sum() + np.isfinite(self.mixed).sum())


def load() -> GauseData:
    """Gause's Appendix Table 3 (see the module docstring)."""
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
    return GauseData(np.array(days, dtype=float), mono, mixed)


# --- the models, written once for NumPy arrays and PyTorch tensors -------------------------------

def _unpack(theta, xp):
    p = xp.exp(theta)
    return p[0], p[1], p[2], p[3], p[4], p[5]


def _lv_rhs(x, y, g1, g2, K1, K2, a12, a21):
    return g1 * x * (1 - (x + a12 * y) / K1), g2 * y * (1 - (y + a21 * x) / K2)


def _step(model, x, y, pars):
    g1, g2, K1, K2, a12, a21 = pars
    if model == "leslie_gower":
        e1, e2 = np.e ** g1, np.e ** g2
        return (e1 * x / (1 + (e1 - 1) * (x + a12 * y) / K1),
                e2 * y / (1 + (e2 - 1) * (y + a21 * x) / K2))
    h = 1.0 / SUBSTEPS
    for _ in range(SUBSTEPS):
        k1 = _lv_rhs(x, y, *pars)
        k2 = _lv_rhs(x + 0.5 * h * k1[0], y + 0.5 * h * k1[1], *pars)
        k3 = _lv_rhs(x + 0.5 * h * k2[0], y + 0.5 * h * k2[1], *pars)
        k4 = _lv_rhs(x + h * k3[0], y + h * k3[1], *pars)
        x = x + h / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0])
        y = y + h / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1])
    return x, y


def trajectories(model: str, theta, n_days: int, x0=(2.0, 2.0), xp=np):
    """Model counts for the monocultures and the mixture, days 0..n_days-1.

    Returns ``(mono, mixed)``, each a list of two sequences (aurelia, caudatum); with
    ``xp=torch`` and a tensor ``theta`` everything stays differentiable.
    """
    if model not in MODELS:
        raise ValueError(f"model must be one of {MODELS}; got {model!r}")
    pars = _unpack(theta, xp)
    zero = pars[0] * 0.0
    series = {"mono_a": [], "mono_c": [], "mix_a": [], "mix_c": []}
    a, c = zero + x0[0], zero + x0[1]          # monocultures
    ma, mc = zero + x0[0], zero + x0[1]        # mixture
    for _ in range(n_days):
        series["mono_a"].append(a)
        series["mono_c"].append(c)
        series["mix_a"].append(ma)
        series["mix_c"].append(mc)
        a, _ = _step(model, a, zero, pars)
        _, c = _step(model, zero, c, pars)
        ma, mc = _step(model, ma, mc, pars)
    return ([series["mono_a"], series["mono_c"]], [series["mix_a"], series["mix_c"]])


def _observed(data: GauseData):
    obs = np.concatenate([data.mono[:, 0], data.mono[:, 1], data.mixed[:, 0], data.mixed[:, 1]])
    return np.isfinite(obs), np.log1p(np.nan_to_num(obs))


def _model_logs(model, theta, data, xp=np):
    mono, mixed = trajectories(model, theta, data.t.size, x0=(data.mono[0, 0], data.mono[0, 1]),
                               xp=xp)
    parts = [xp.stack(list(s)) if xp is not np else np.array(s) for s in (*mono, *mixed)]
    allv = xp.concatenate(parts) if xp is not np else np.concatenate(parts)
    return xp.log1p(allv)


def _np_logs(model, theta, data):
    """Model log counts in NumPy; a parameter set that blows up gets a large finite value so
    that the optimiser's line search steps back."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        logs = _model_logs(model, np.asarray(theta, float), data)
    return np.where(np.isfinite(logs), logs, 50.0)


def residuals(model: str, theta, data: GauseData) -> np.ndarray:
    """``ln(1 + N_model) - ln(1 + N_data)`` on every observed day (NumPy)."""
    mask, logs = _observed(data)
    return _np_logs(model, theta, data)[mask] - logs[mask]


THETA0 = np.log([0.8, 0.6, 500.0, 200.0, 1.0, 1.0])


@dataclass(frozen=True)
class Fit:
    """A fitted model: parameters (natural scale), RSS, AIC, and bootstrap intervals."""

    model: str
    theta: np.ndarray
    params: dict
    rss: float
    n: int
    aic: float
    backend: str
    intervals: dict | None = None
    draws: np.ndarray | None = None   # bootstrap parameter sets, shape (n_boot, 6), natural scale

    def predict(self, n_days: int, x0=(2.0, 2.0)):
        """Model counts ``(mono, mixed)``, each of shape ``(n_days, 2)``."""
        mono, mixed = trajectories(self.model, self.theta, n_days, x0)
        return np.array(mono).T, np.array(mixed).T


def _make_fit(model, theta, data, backend, intervals=None, draws=None):
    r = residuals(model, theta, data)
    rss, n, k = float(r @ r), r.size, len(PARAMS)
    params = dict(zip(PARAMS, np.exp(theta).tolist(), strict=True))
    aic = float(n * np.log(rss / n) + 2 * k)
    return Fit(model, np.asarray(theta, float), params, rss, n, aic, backend, intervals, draws)


def _fit_scipy(model, data, theta0, logs=None):
    mask, obs = _observed(data)
    if logs is not None:
        obs = logs

    def resid(theta):
        return _np_logs(model, theta, data)[mask] - obs[mask]

    sol = least_squares(resid, theta0, method="trf", x_scale="jac", xtol=1e-12, ftol=1e-12,
                        gtol=1e-12, max_nfev=5000)
    return sol.x


def _fit_torch(model, data, theta0):
    try:
        import torch
    except ImportError as err:
        raise ImportError("backend='torch' needs PyTorch: pip install torch==2.13.0") from err
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
        if abs(before - closure().item()) < 1e-14 * max(1.0, before):
            break
    return theta.detach().numpy()


def fit(data: GauseData | None = None, model: str = "lotka_volterra", backend: str = "scipy",
        theta0=None, n_boot: int = 0, seed=0, confidence: float = 0.95,
        progress: bool | None = None) -> Fit:
    """Fit a competition model to Gause's data (see the module docstring).

    ``n_boot > 0`` adds residual-bootstrap intervals for every parameter.
    """
    data = load() if data is None else data
    if model not in MODELS:
        raise ValueError(f"model must be one of {MODELS}; got {model!r}")
    theta0 = THETA0 if theta0 is None else np.asarray(theta0, float)
    if backend == "scipy":
        theta = _fit_scipy(model, data, theta0)
    elif backend == "torch":
        theta = _fit_torch(model, data, theta0)
    else:
        raise ValueError(f"backend must be 'scipy' or 'torch'; got {backend!r}")
    intervals = draws = None
    if n_boot:
        mask, _ = _observed(data)
        base = _np_logs(model, theta, data)
        res = residuals(model, theta, data)
        rng = _random.as_generator(seed)
        draws = []
        bar = _progress.bar(int(n_boot), progress, "bootstrap")
        for _ in range(int(n_boot)):
            logs = base.copy()
            logs[mask] = base[mask] + rng.choice(res, size=res.size, replace=True)
            draws.append(np.exp(_fit_scipy(model, data, theta, logs)))
            bar.update()
        bar.close()
        draws = np.array(draws)
        tail = 50 * (1 - confidence)
        lo, hi = np.percentile(draws, [tail, 100 - tail], axis=0)
        intervals = {p: (float(a), float(b)) for p, a, b in zip(PARAMS, lo, hi, strict=True)}
    return _make_fit(model, theta, data, backend, intervals, draws)


def synthetic(model: str, params: dict, sigma: float = 0.05, n_days: int = 26, seed=0) -> GauseData:
    """Data generated by ``model`` with ``params`` and noise ``sigma`` on ``ln(1 + N)`` (for
    tests and the lab: a fit should recover ``params``). Day 0 is the known inoculum of two
    individuals per species, exactly as in Gause's experiments, and carries no noise."""
    theta = np.log([params[p] for p in PARAMS])
    mono, mixed = trajectories(model, theta, n_days)
    rng = _random.as_generator(seed)
    noise = sigma * rng.normal(size=(4, n_days))
    noise[:, 0] = 0.0
    noisy = [np.expm1(np.log1p(np.array(s)) + e) for s, e in zip((*mono, *mixed), noise,
                                                                 strict=True)]
    t = np.arange(n_days, dtype=float)
    return GauseData(t, np.column_stack(noisy[:2]), np.column_stack(noisy[2:]))
