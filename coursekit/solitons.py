r"""Solitons of the Korteweg–de Vries equation: exact solutions and a spectral solver.

**Equation.** On a periodic domain of length :math:`P`,

.. math::

    u_t + a\,u\,u_x + b\,u_{xxx} = 0, \qquad a = 6,\ b = 1 \text{ by default}.

Other normalisations are reached by ``a`` and ``b``: if :math:`U` solves the default equation,
:math:`u(x, t) = (6b/a)\,U(x, bt)` solves the general one (the exact solutions below use this).

**Exact solutions** (default normalisation): the soliton of speed :math:`c`,
:math:`u = \tfrac{c}{2}\operatorname{sech}^2\big(\tfrac{\sqrt c}{2}(x - ct - x_0)\big)` — speed
twice the amplitude; Hirota's two-soliton :math:`u = 2\,\partial_x^2 \ln f`,
:math:`f = 1 + e^{\eta_1} + e^{\eta_2} + A_{12} e^{\eta_1 + \eta_2}`,
:math:`\eta_i = k_i (x - x_i) - k_i^3 t`, :math:`A_{12} = \big(\tfrac{k_1 - k_2}{k_1 + k_2}\big)^2`
(amplitudes :math:`k_i^2/2`, speeds :math:`k_i^2`); after an overtaking collision the faster
soliton is shifted forward by :math:`\tfrac{2}{k_1}\ln\tfrac{k_1 + k_2}{k_1 - k_2}` and the slower
one back by :math:`\tfrac{2}{k_2}\ln\tfrac{k_1 + k_2}{k_1 - k_2}`.

**Invariants**: mass :math:`\int u\,dx`, momentum :math:`\int u^2 dx` and energy
:math:`\int \big(\tfrac{a}{6}u^3 - \tfrac{b}{2}u_x^2\big)dx`, computed spectrally.

**Method.** Fourier pseudo-spectral in space (``N`` points, endpoint excluded), with the
quadratic term de-aliased by the 2/3 rule. In Fourier space
:math:`\hat u_t = i b k^3 \hat u - \tfrac{a}{2} i k\,\widehat{u^2}`: the linear term is stiff
(:math:`k^3`) but exactly integrable. Time stepping:

* ``"etdrk4"`` — exponential time differencing RK4 of Cox and Matthews with the
  :math:`\varphi`-functions evaluated by contour integrals (Kassam and Trefethen 2005), fixed
  step, fourth order;
* ``"ifrk4"`` — integrating-factor RK4, fixed step, fourth order;
* ``"if-dp54"`` — integrating factor with the adaptive Dormand–Prince 5(4) pair (embedded error
  estimate, step-size control by ``rtol``/``atol``).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
from scipy import fft as sfft

from coursekit import _kdv_kernels as _kdv
from coursekit import _random
from coursekit.errors import SimulationError

METHODS = ("etdrk4", "ifrk4", "if-dp54")


# --- exact solutions -------------------------------------------------------------------------

def _scale(a, b):
    if not (np.isfinite(a) and np.isfinite(b)) or a == 0 or b <= 0:
        raise ValueError(f"need a != 0 and b > 0 (finite); got a={a}, b={b}")
    return 6.0 * b / a, b


def soliton(x, t, c, x0=0.0, a=6.0, b=1.0):
    """The one-soliton of speed ``c`` (default normalisation amplitude ``c/2``).

    Examples
    --------
    >>> float(soliton(0.0, 0.0, c=4.0))
    2.0
    """
    if c <= 0:
        raise ValueError(f"a soliton moves to the right: c must be positive; got {c}")
    lam, tau = _scale(a, b)
    c0 = c / tau                                   # speed in the default normalisation
    z = 0.5 * np.sqrt(c0) * (np.asarray(x, float) - c0 * tau * t - x0)
    return lam * 0.5 * c0 / np.cosh(z) ** 2


def two_soliton(x, t, k1, k2, x1=0.0, x2=0.0, a=6.0, b=1.0):
    """Hirota's exact two-soliton (``k1 > k2 > 0``), computed stably in log form."""
    if not k1 > k2 > 0:
        raise ValueError(f"need k1 > k2 > 0; got k1={k1}, k2={k2}")
    lam, tau = _scale(a, b)
    x = np.asarray(x, float)
    T = tau * t
    e1 = k1 * (x - x1) - k1**3 * T
    e2 = k2 * (x - x2) - k2**3 * T
    A = ((k1 - k2) / (k1 + k2)) ** 2
    # f = 1 + E1 + E2 + A E1 E2; u = 2 (ln f)'' = 2 (f'' f - f'^2) / f^2, scaled by exp(-m)
    m = np.maximum.reduce([np.zeros_like(e1), e1, e2, e1 + e2 + np.log(A)])
    terms = [(np.exp(-m), 0.0), (np.exp(e1 - m), k1), (np.exp(e2 - m), k2),
             (A * np.exp(e1 + e2 - m), k1 + k2)]
    f = sum(w for w, _ in terms)
    f1 = sum(w * k for w, k in terms)
    f2 = sum(w * k * k for w, k in terms)
    return lam * 2.0 * (f2 * f - f1**2) / f**2


def phase_shifts(k1: float, k2: float) -> tuple[float, float]:
    """Position shifts ``(forward shift of the fast soliton, backward shift of the slow one)``
    caused by an overtaking collision (default normalisation)."""
    if not k1 > k2 > 0:
        raise ValueError(f"need k1 > k2 > 0; got k1={k1}, k2={k2}")
    g = np.log((k1 + k2) / (k1 - k2))
    return float(2 * g / k1), float(2 * g / k2)


# --- the solver --------------------------------------------------------------------------------

@dataclass(frozen=True)
class KdVRun:
    """A solution: grid ``x`` (``(N,)``), times ``t``, fields ``u`` (``(n_times, N)``, time first)
    and the invariants at those times."""

    x: np.ndarray
    t: np.ndarray
    u: np.ndarray
    mass: np.ndarray
    momentum: np.ndarray
    energy: np.ndarray
    params: dict = field(default_factory=dict)

    def invariant_drift(self) -> dict[str, float]:
        """Largest relative change of each invariant over the run."""
        out = {}
        for name in ("mass", "momentum", "energy"):
            q = getattr(self, name)
            out[name] = float(np.max(np.abs(q - q[0])) / max(abs(q[0]), 1e-300))
        return out

    def save(self, path) -> None:
        """Write the run to a NumPy ``.npz`` file (reload with ``numpy.load``)."""
        np.savez_compressed(path, x=self.x, t=self.t, u=self.u, mass=self.mass,
                            momentum=self.momentum, energy=self.energy,
                            **{f"param_{k}": v for k, v in self.params.items()})


def grid(N: int, x_min: float, x_max: float) -> np.ndarray:
    """``N`` equispaced points of the periodic interval ``[x_min, x_max)``."""
    if int(N) != N or N < 8 or N % 2:
        raise ValueError(f"N must be an even integer >= 8; got {N!r}")
    if not x_max > x_min:
        raise ValueError(f"need x_max > x_min; got {x_min}, {x_max}")
    return x_min + (x_max - x_min) * np.arange(N) / N


class _Spectral:
    def __init__(self, N, length, a, b, dealias):
        self.N, self.a, self.b = N, a, b
        self.k = 2 * np.pi * sfft.rfftfreq(N, d=length / N)
        self.L = 1j * b * self.k**3
        self.mask = (np.abs(self.k) < (2.0 / 3.0) * self.k.max()) if dealias else \
            np.ones_like(self.k, bool)
        self.g = -0.5j * a * self.k * self.mask
        self.dx = length / N

    def N_hat(self, v):
        u = sfft.irfft(v, n=self.N)
        return self.g * sfft.rfft(u * u)

    def invariants(self, v):
        u = sfft.irfft(v, n=self.N)
        ux = sfft.irfft(1j * self.k * v, n=self.N)
        return (u.sum() * self.dx, (u * u).sum() * self.dx,
                ((self.a / 6) * u**3 - (self.b / 2) * ux**2).sum() * self.dx)


def _etdrk4_coefficients(L, h, M=32):
    """Kassam–Trefethen: the phi-function combinations by a contour integral (mean over M
    points of a circle of radius 1 around each h*L), stable where h*L is small."""
    r = np.exp(2j * np.pi * (np.arange(1, M + 1) - 0.5) / M)   # full circle: L is complex
    LR = h * L[:, None] + r[None, :]
    E, E2 = np.exp(h * L), np.exp(h * L / 2)
    Q = h * np.mean((np.exp(LR / 2) - 1) / LR, axis=1)
    f1 = h * np.mean((-4 - LR + np.exp(LR) * (4 - 3 * LR + LR**2)) / LR**3, axis=1)
    f2 = h * np.mean((2 + LR + np.exp(LR) * (-2 + LR)) / LR**3, axis=1)
    f3 = h * np.mean((-4 - 3 * LR - LR**2 + np.exp(LR) * (4 - LR)) / LR**3, axis=1)
    return E, E2, Q, f1, f2, f3


# Dormand–Prince 5(4) tableau
_DP_C = np.array([0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1])
_DP_A = [[], [1 / 5], [3 / 40, 9 / 40], [44 / 45, -56 / 15, 32 / 9],
         [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
         [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
         [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84]]
_DP_B = np.array([35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0])
_DP_E = _DP_B - np.array([5179 / 57600, 0, 7571 / 16695, 393 / 640, -92097 / 339200,
                          187 / 2100, 1 / 40])


def solve(u0, x, t_end: float, dt: float | None = None, method: str = "etdrk4",
          a: float = 6.0, b: float = 1.0, every: int | None = None, n_out: int = 101,
          dealias: bool = True, rtol: float = 1e-9, atol: float = 1e-12) -> KdVRun:
    """Integrate KdV from ``u0`` on the periodic grid ``x`` (from :func:`grid`) to ``t_end``.

    Parameters
    ----------
    u0 : array_like, shape (N,)
        Initial field on the grid; it should be periodic (a warning reports large boundary
        values, which alias).
    x : array_like, shape (N,)
        Equispaced periodic grid, endpoint excluded.
    t_end : float
        Final time.
    dt : float, optional
        Step for the fixed-step methods (required for them); for ``"if-dp54"`` the first trial
        step. A step beyond the nonlinear stability limit raises ``ValueError``.
    method : {"etdrk4", "ifrk4", "if-dp54"}
    a, b : float
        Coefficients of ``u u_x`` and ``u_xxx``.
    n_out : int
        Number of stored times (evenly spaced, including 0 and ``t_end``).
    dealias : bool
        Apply the 2/3 rule to the quadratic term (switch off only to see aliasing at work).
    rtol, atol : float
        Tolerances of the adaptive method (on the Fourier coefficients).

    Examples
    --------
    >>> x = grid(128, -20.0, 20.0)
    >>> run = solve(soliton(x, 0, c=2.0), x, t_end=1.0, dt=0.01)
    >>> bool(np.max(np.abs(run.u[-1] - soliton(x, 1.0, c=2.0))) < 1e-5)
    True
    """
    x = np.asarray(x, dtype=float)
    N = x.size
    if N < 8 or N % 2 or not np.allclose(np.diff(x), x[1] - x[0], rtol=1e-9, atol=0):
        raise ValueError("x must be an equispaced grid of an even number (>= 8) of points; "
                         "use coursekit.solitons.grid")
    length = N * (x[1] - x[0])
    u0 = np.asarray(u0, dtype=float)
    if u0.shape != (N,) or not np.all(np.isfinite(u0)):
        raise ValueError(f"u0 must be {N} finite values on the grid; got shape {u0.shape}")
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}; got {method!r}")
    if not np.isfinite(t_end) or t_end <= 0:
        raise ValueError(f"t_end must be positive; got {t_end}")
    if int(n_out) != n_out or n_out < 2:
        raise ValueError(f"n_out must be an integer >= 2; got {n_out!r}")
    _scale(a, b)
    edge = max(abs(u0[0]), abs(u0[-1]))
    if edge > 1e-6 * max(np.max(np.abs(u0)), 1e-300):
        warnings.warn(f"u0 is not small at the boundary (|u| = {edge:.2e} at x = {x[0]:g} or "
                      f"{x[-1]:g}): a non-periodic start aliases; widen the domain",
                      UserWarning, stacklevel=2)
    sp = _Spectral(N, length, a, b, dealias)
    kmax = np.max(np.abs(sp.k[sp.mask]))
    umax = np.max(np.abs(u0))
    limit = 2.5 / max(abs(a) * umax * kmax, 1e-300)   # RK4-like stability of the advection term
    if method != "if-dp54":
        if dt is None or not np.isfinite(dt) or dt <= 0:
            raise ValueError(f"method {method!r} needs a positive step dt")
        if dt > limit:
            raise ValueError(f"dt={dt:g} exceeds the stability limit of the nonlinear term, "
                             f"about 2.5 / (|a| max|u| k_max) = {limit:.3g} here; use "
                             f"dt <= {limit / 2:.2g}")
    t_out = np.linspace(0.0, t_end, int(n_out))
    v = sfft.rfft(u0)
    if dealias:
        v = v * sp.mask          # the start, too, lives in the resolved band
    out_v = [v.copy()]
    if method == "if-dp54":
        v, out_v = _adaptive(sp, v, t_out, dt or min(limit / 4, t_end / 100), rtol, atol)
    else:
        # every output time falls on a step: n_per steps of length h per output interval
        n_per = int(np.ceil(t_out[1] / dt - 1e-9))
        h = t_out[1] / n_per
        if method == "etdrk4":
            coeffs = _etdrk4_coefficients(sp.L, h)

            def advance(w):
                return _kdv.etdrk4(w, *coeffs, sp.g, N, n_per)
        else:
            E, E2 = np.exp(h * sp.L), np.exp(h * sp.L / 2)

            def advance(w):
                return _kdv.ifrk4(w, E, E2, h, sp.g, N, n_per)

        for j in range(1, t_out.size):
            with np.errstate(over="ignore", invalid="ignore"):
                v, done = advance(v)
            if done < n_per or not np.all(np.isfinite(v)):
                t_bad = t_out[j - 1] + (done + 1) * h
                raise SimulationError(f"the solution blew up (NaN) at t = {t_bad:.6g}: the step "
                                      f"dt={h:.3g} is too long or the resolution N={N} too low")
            out_v.append(v.copy())
    U = np.array([sfft.irfft(w, n=N) for w in out_v])
    inv = np.array([sp.invariants(w) for w in out_v])
    return KdVRun(x, t_out, U, inv[:, 0], inv[:, 1], inv[:, 2],
                  dict(method=method, dt=dt, N=N, a=a, b=b, dealias=dealias))


def _adaptive(sp, v, t_out, h, rtol, atol):
    """Integrating factor + Dormand–Prince 5(4): w = exp(-L t) v obeys a non-stiff ODE."""
    out = [v.copy()]
    t, t_end = 0.0, t_out[-1]
    w = v.copy()

    def f(tt, ww):
        ph = np.exp(sp.L * tt)
        return sp.N_hat(ph * ww) / ph

    k_first = f(t, w)
    j = 1
    while j < t_out.size:
        h = min(h, t_out[j] - t)
        ks = [k_first]
        for s in range(1, 7):
            ks.append(f(t + _DP_C[s] * h, w + h * sum(a_ * k for a_, k in zip(_DP_A[s], ks,
                                                                                 strict=False))))
        w_new = w + h * sum(b_ * k for b_, k in zip(_DP_B, ks, strict=True) if b_ != 0)
        err = h * sum(e * k for e, k in zip(_DP_E, ks, strict=True) if e != 0)
        scale = atol + rtol * np.maximum(np.abs(w), np.abs(w_new))
        e = np.sqrt(np.mean(np.abs(err / scale) ** 2))
        if not np.isfinite(e):
            raise SimulationError(f"the solution blew up (NaN) at t = {t:.6g}")
        if e <= 1.0:
            t += h
            w = w_new
            k_first = ks[6]                    # first-same-as-last
            if abs(t - t_out[j]) <= 1e-12 * max(1.0, t_end):
                out.append(np.exp(sp.L * t) * w)
                j += 1
        h *= min(5.0, max(0.2, 0.9 * e ** -0.2 if e > 0 else 5.0))
        if h < 1e-14 * max(1.0, t_end):
            raise SimulationError(f"the adaptive step fell below 1e-14 at t = {t:.6g}")
    return np.exp(sp.L * t) * w, out


def locate_peaks(x, u, n_peaks: int, upsample: int = 64) -> np.ndarray:
    """Positions of the ``n_peaks`` highest local maxima of a periodic field, sorted by x.

    The field is interpolated trigonometrically (zero-padded FFT) to a grid ``upsample`` times
    finer, so the positions are accurate to far below the grid spacing.
    """
    x, u = np.asarray(x, float), np.asarray(u, float)
    N = u.size
    M = N * int(upsample)
    fine = sfft.irfft(sfft.rfft(u), n=M) * (M / N)
    xf = x[0] + (x[1] - x[0]) * np.arange(M) / upsample
    is_max = (fine > np.roll(fine, 1)) & (fine >= np.roll(fine, -1))
    idx = np.nonzero(is_max)[0]
    top = idx[np.argsort(fine[idx])[::-1][: int(n_peaks)]]
    return np.sort(xf[top])


def perturbed(u0, amplitude: float, seed=None, modes: int = 8):
    """``u0`` plus a smooth random perturbation of the given amplitude (the lowest ``modes``
    Fourier modes with random phases): reproducible with ``seed``."""
    rng = _random.as_generator(seed)
    u0 = np.asarray(u0, float)
    N = u0.size
    j = np.arange(N)
    noise = sum(rng.normal() * np.cos(2 * np.pi * m * j / N + rng.uniform(0, 2 * np.pi))
                for m in range(1, modes + 1))
    return u0 + amplitude * noise / max(np.max(np.abs(noise)), 1e-300)
