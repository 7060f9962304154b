r"""The Kuramoto model of globally coupled phase oscillators (Kuramoto 1975, 1984).

:math:`N` oscillators with natural frequencies :math:`\omega_i` drawn from a law :math:`g`
(symmetric and unimodal about its centre :math:`\Omega`) and phases :math:`\theta_i` obey

.. math::

    \dot\theta_i = \omega_i + \frac KN \sum_{j=1}^N \sin(\theta_j - \theta_i)
                 = \omega_i + K r \sin(\psi - \theta_i),
    \qquad r e^{i\psi} = \frac1N \sum_j e^{i\theta_j},

so one step costs :math:`O(N)` through the complex order parameter (:func:`simulate`: classical
RK4, :func:`coursekit.numerics.ode.rk4_solve`). The coherence :math:`r` is near
:math:`1/\sqrt N` for incoherent phases and 1 for full synchrony.

**Theory for** :math:`N \to \infty` (Strogatz 2000, a review):

* Below the critical coupling :math:`K_c = 2/(\pi g(\Omega))` the incoherent state is stable and
  :math:`r \to 0`; above it a partially locked state appears (:func:`critical_coupling`).
* In the steady state the locked oscillators, :math:`|\omega - \Omega| \le Kr`, sit at
  :math:`\sin(\theta - \psi) = (\omega - \Omega)/Kr`; the drifting ones contribute nothing to
  :math:`r` for a symmetric :math:`g`. Hence the self-consistency condition

  .. math::

      r = K r \int_{-\pi/2}^{\pi/2} \cos^2\phi\, g(\Omega + K r \sin\phi)\, d\phi ,

  solved for :math:`r > 0` by :func:`steady_coherence`. For the Lorentzian
  :math:`g(\omega) = \gamma/\pi[(\omega - \Omega)^2 + \gamma^2]` it gives
  :math:`r = \sqrt{1 - 2\gamma/K}` exactly, :math:`K_c = 2\gamma`.
* For the Lorentzian, Ott and Antonsen (2008) showed that on an invariant manifold (which holds
  every state in which all oscillators start at one phase) the order parameter obeys exactly
  :math:`\dot r = -\gamma r + \tfrac K2 r(1 - r^2)`; :func:`ott_antonsen` gives its solution.

**Natural frequencies** (:func:`natural_frequencies`): Lorentzian (half-width :math:`\gamma`),
Gaussian (standard deviation :math:`\sigma`) or uniform (half-width :math:`a`) about
:math:`\Omega`, drawn at random or placed deterministically at the quantiles
:math:`(i - \tfrac12)/N` of the law, which removes the sample-to-sample scatter of
:math:`K_c` and :math:`r` at finite :math:`N`.

References: Kuramoto, *Chemical Oscillations, Waves, and Turbulence* (1984); Strogatz,
*Physica D* 143, 1–20 (2000); Ott and Antonsen, *Chaos* 18, 037113 (2008).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coursekit import _budget, _interrupt, _random, errors
from coursekit import _validate as V
from coursekit._results import Result, owned
from coursekit.errors import SimulationError
from coursekit.numerics import ode
from coursekit.sync import _kernels

__all__ = ["LAWS", "KuramotoRun", "critical_coupling", "frequency_density",
           "natural_frequencies", "order_parameter", "ott_antonsen", "simulate",
           "steady_coherence"]

#: The laws of natural frequencies, by name; ``width`` is γ, σ or a respectively.
LAWS = ("lorentzian", "gaussian", "uniform")


def frequency_density(omega, law: str = "lorentzian", width: float = 1.0,
                      centre: float = 0.0) -> np.ndarray:
    """The density :math:`g(\\omega)` of a law of natural frequencies (module docstring).

    Parameters
    ----------
    omega : array_like
        Frequencies.
    law : {"lorentzian", "gaussian", "uniform"}
        The law.
    width : float
        Half-width γ (Lorentzian), standard deviation σ (Gaussian) or half-width a (uniform),
        ``> 0``.
    centre : float
        The centre :math:`\\Omega`.

    Returns
    -------
    ndarray
        :math:`g(\\omega)`, the shape of ``omega``.

    Raises
    ------
    InputError
        For an unknown law, a width that is not positive, or NaN.

    Examples
    --------
    >>> float(frequency_density(0.0, "lorentzian", 0.5)) == 1 / (0.5 * np.pi)
    True
    """
    law = V.choice("law", law, LAWS)
    width = V.positive("width", width)
    centre = V.number("centre", centre)
    u = (np.asarray(V.array("omega", omega), dtype=float) - centre) / width
    if law == "lorentzian":
        g = 1.0 / (np.pi * (1.0 + u**2))
    elif law == "gaussian":
        g = np.exp(-0.5 * u**2) / np.sqrt(2 * np.pi)
    else:
        g = np.where(np.abs(u) <= 1.0, 0.5, 0.0)
    return g / width


def natural_frequencies(n: int, law: str = "lorentzian", width: float = 1.0,
                        centre: float = 0.0, *, sampling: str = "quantile",
                        seed=None) -> np.ndarray:
    """Natural frequencies of ``n`` oscillators, random or at the law's quantiles.

    Parameters
    ----------
    n : int
        Number of oscillators, at least 1.
    law : {"lorentzian", "gaussian", "uniform"}
        The law (:func:`frequency_density`).
    width : float
        γ, σ or a, ``> 0``.
    centre : float
        The centre :math:`\\Omega`.
    sampling : {"quantile", "random"}
        ``"quantile"``: the deterministic points :math:`G^{-1}((i - 1/2)/n)`, sorted;
        ``"random"``: independent draws.
    seed : int, SeedSequence, Generator or None
        Random seed (``"random"`` only).

    Returns
    -------
    ndarray, shape (n,)

    Raises
    ------
    InputError
        For bad arguments.

    Examples
    --------
    >>> natural_frequencies(3, "uniform", 1.5).round(12).tolist()
    [-1.0, 0.0, 1.0]
    """
    from scipy import stats

    n = V.integer("n", n, minimum=1)
    law = V.choice("law", law, LAWS)
    width = V.positive("width", width)
    centre = V.number("centre", centre)
    sampling = V.choice("sampling", sampling, ("quantile", "random"))
    dist = {"lorentzian": stats.cauchy, "gaussian": stats.norm,
            "uniform": stats.uniform}[law]
    loc, scale = (centre - width, 2 * width) if law == "uniform" else (centre, width)
    if sampling == "quantile":
        return dist.ppf((np.arange(n) + 0.5) / n, loc=loc, scale=scale)
    u = _random.as_generator(seed).random(n)
    return dist.ppf(u, loc=loc, scale=scale)


def critical_coupling(law: str = "lorentzian", width: float = 1.0) -> float:
    """Kuramoto's critical coupling :math:`K_c = 2/(\\pi g(\\Omega))` for :math:`N \\to \\infty`.

    Parameters
    ----------
    law : {"lorentzian", "gaussian", "uniform"}
        The law of natural frequencies.
    width : float
        γ, σ or a, ``> 0``.

    Returns
    -------
    float

    Raises
    ------
    InputError
        For an unknown law or a width that is not positive.

    Examples
    --------
    >>> critical_coupling("lorentzian", 0.5)                      # 2 gamma
    1.0
    """
    return float(2.0 / (np.pi * frequency_density(0.0, law, width)))


def steady_coherence(K, law: str = "lorentzian", width: float = 1.0) -> np.ndarray:
    """The steady coherence :math:`r(K)` of the partially locked state, :math:`N \\to \\infty`.

    Solves the self-consistency condition of the module docstring for :math:`r > 0` (Brent's
    method on :math:`r \\in (0, 1]`, the integral by Gauss–Legendre quadrature with 400
    points); 0 up to :math:`K_c`. Exact for the Lorentzian, :math:`\\sqrt{1 - 2\\gamma/K}`.
    For the uniform law every oscillator locks at once above :math:`K_c = 4a/\\pi` and
    :math:`r` jumps from 0 to :math:`\\pi/4` (Pazó 2005); above it :math:`r` solves
    :math:`r = \\tfrac12[\\sqrt{1 - x^2} + \\arcsin(x)/x]`, :math:`x = a/Kr`.

    Parameters
    ----------
    K : float or array_like
        Couplings, ``>= 0``.
    law : {"lorentzian", "gaussian", "uniform"}
        The law of natural frequencies.
    width : float
        γ, σ or a, ``> 0``.

    Returns
    -------
    ndarray or float
        The shape of ``K``.

    Raises
    ------
    InputError
        For a negative coupling, an unknown law or a width that is not positive.

    Examples
    --------
    >>> round(float(steady_coherence(2.0, "lorentzian", 0.5)), 12)      # sqrt(1 - 2 gamma / K)
    0.707106781187
    """
    from scipy.optimize import brentq

    law = V.choice("law", law, LAWS)
    width = V.positive("width", width)
    Ks = V.array("K", K, nonnegative=True)
    nodes, weights = np.polynomial.legendre.leggauss(400)
    phi, w = 0.5 * np.pi * nodes, 0.5 * np.pi * weights
    kc = critical_coupling(law, width)

    def gap(r, k):                            # K r <cos^2 g(K r sin)> - r, divided by r
        return k * np.sum(w * np.cos(phi) ** 2 * frequency_density(k * r * np.sin(phi), law,
                                                                     width)) - 1.0

    out = np.zeros(Ks.shape)
    for idx, k in np.ndenumerate(Ks):
        if k <= kc:
            continue
        if law == "lorentzian":
            out[idx] = np.sqrt(1.0 - 2.0 * width / k)
        elif law == "uniform":                # above K_c every oscillator is locked
            out[idx] = _locked(k, width)
        else:
            out[idx] = brentq(gap, 1e-12, 1.0, args=(k,), xtol=1e-14)
    return out if out.ndim else float(out)


def _locked(k: float, a: float) -> float:
    """Uniform law with every oscillator locked, :math:`Kr \\ge a`: :math:`r` solves
    :math:`r = \\frac{1}{2a}\\int_{-a}^{a}\\sqrt{1 - (\\omega/Kr)^2}\\,d\\omega`."""
    from scipy.optimize import brentq

    def f(r):
        x = a / (k * r)
        return 0.5 * (np.sqrt(1 - x**2) + np.arcsin(x) / x) - r

    return brentq(f, a / k, 1.0, xtol=1e-14)


def order_parameter(theta) -> tuple[np.ndarray, np.ndarray]:
    """The coherence :math:`r` and mean phase :math:`\\psi` of phases (last axis:
    oscillators): :math:`r e^{i\\psi} = \\frac1N\\sum_j e^{i\\theta_j}`.

    Parameters
    ----------
    theta : array_like, shape (..., N)
        Phases.

    Returns
    -------
    (ndarray, ndarray)
        ``r`` and ``psi`` (in :math:`(-\\pi, \\pi]`), shape ``(...)``.

    Raises
    ------
    InputError
        For NaN or an empty last axis.

    Examples
    --------
    >>> r, psi = order_parameter([0.0, np.pi / 2])
    >>> round(float(r), 12), round(float(psi), 12)
    (0.707106781187, 0.785398163397)
    """
    th = V.array("theta", theta)
    if th.ndim < 1 or th.shape[-1] < 1:
        raise V.fail("theta", "at least one phase on the last axis", th.shape)
    z = np.exp(1j * th).mean(axis=-1)
    return np.abs(z), np.angle(z)


def ott_antonsen(t, r0: float, K: float, width: float = 1.0) -> np.ndarray:
    """The Ott–Antonsen solution for Lorentzian frequencies of half-width γ:
    :math:`\\dot r = -\\gamma r + \\tfrac K2 r (1 - r^2)`, from :math:`r(0) = r_0`.

    With :math:`u = r^2`, :math:`\\dot u = 2a u - K u^2`, :math:`a = K/2 - \\gamma`: a logistic
    equation, :math:`u(t) = u_0 e^{2at} / [1 + u_0 K (e^{2at} - 1)/2a]`
    (:math:`u_0/(1 + K u_0 t)` when :math:`a = 0`).

    Parameters
    ----------
    t : array_like
        Times, ``>= 0``.
    r0 : float
        Initial coherence, in :math:`[0, 1]`.
    K : float
        Coupling, ``>= 0``.
    width : float
        Half-width γ of the Lorentzian, ``> 0``.

    Returns
    -------
    ndarray
        :math:`r(t)`.

    Raises
    ------
    InputError
        For bad arguments.

    Examples
    --------
    >>> round(float(ott_antonsen([1e3], 1.0, K=2.0, width=0.5)[0]), 12)   # sqrt(1 - 2g/K)
    0.707106781187
    """
    t = V.array("t", t, nonnegative=True)
    r0 = V.number("r0", r0, lo=0.0, hi=1.0)
    K = V.nonnegative("K", K)
    width = V.positive("width", width)
    a = 0.5 * K - width
    u0 = r0 * r0
    if a == 0.0:
        return np.sqrt(u0 / (1.0 + K * u0 * t))
    # u(t) = u0 / (e^{-2at} + u0 K (1 - e^{-2at}) / 2a), stable for t -> infinity at any sign
    e = np.exp(-2.0 * a * t)
    return np.sqrt(u0 / (e + u0 * K * (1.0 - e) / (2.0 * a)))


@dataclass(frozen=True, eq=False)
class KuramotoRun(Result):
    """A run of the all-to-all Kuramoto model.

    Attributes
    ----------
    t : ndarray, shape (n_times,)
        Recording times.
    x : ndarray, shape (n_times, N)
        Phases (unwrapped: they grow with the frequencies).
    coherence : ndarray, shape (n_times,)
        :math:`r(t)`.
    mean_phase : ndarray, shape (n_times,)
        :math:`\\psi(t)`, in :math:`(-\\pi, \\pi]`.

    Examples
    --------
    >>> run = simulate(omega=np.zeros(3), K=1.0, t_end=1.0, dt=0.1, seed=1)
    >>> run.x.shape, run.coherence.shape
    ((11, 3), (11,))
    """

    t: np.ndarray
    x: np.ndarray
    coherence: np.ndarray
    mean_phase: np.ndarray


def simulate(theta0=None, *, omega, K: float, t_end: float | None = None, t_eval=None,
             dt: float = 0.05, seed=None, max_work: float | None = None,
             max_memory: float | None = None) -> KuramotoRun:
    """Integrate the all-to-all Kuramoto model with classical RK4 (module docstring).

    Parameters
    ----------
    theta0 : array_like, shape (N,), optional
        Initial phases; default independent and uniform on :math:`[0, 2\\pi)` (``seed``).
    omega : array_like, shape (N,)
        Natural frequencies (:func:`natural_frequencies`).
    K : float
        Coupling, ``>= 0``.
    t_end : float, optional
        Final time; the default recording times are every step.
    t_eval : array_like, optional
        Recording times instead.
    dt : float
        Largest step.
    seed : int, SeedSequence, Generator or None
        Random seed of the default initial phases.
    max_work : float, optional
        Ceiling on oscillator-steps (default :data:`coursekit._budget.MAX_WORK`).
    max_memory : float, optional
        Ceiling in bytes on the recorded phases, ``8 N n_times``.

    Returns
    -------
    KuramotoRun
        ``stats`` holds ``n_steps`` and ``dt`` (the longest step used).

    Raises
    ------
    InputError
        For bad arguments, or a run beyond ``max_work`` or ``max_memory``.
    SimulationError
        If the phases become non-finite (a step far too long).
    KeyboardInterrupt
        When the user interrupts a long run (Ctrl-C, Jupyter's Interrupt): it stops at once.

    Examples
    --------
    >>> run = simulate(omega=np.zeros(50), K=1.0, t_end=30.0, seed=2)   # identical oscillators
    >>> bool(run.coherence[-1] > 0.999)
    True
    """
    omega = V.array("omega", omega, ndim=1, min_size=1)
    n = omega.size
    K = V.nonnegative("K", K)
    dt = V.positive("dt", dt)
    t_end, t_eval = V.run_times(t_end, t_eval)
    if theta0 is None:
        theta0 = 2 * np.pi * _random.as_generator(seed).random(n)
    else:
        theta0 = V.array("theta0", theta0, shape=(n,))
    t_last = t_end if t_eval is None else t_eval[-1]
    n_times = max(int(np.ceil(t_last / dt - 1e-9)), 1) + 1 if t_eval is None else t_eval.size
    _budget.check("sync.kuramoto.simulate", work=n * t_last / dt, unit="oscillator-steps",
                  per_second=1e7, memory=8.0 * n * n_times, max_work=max_work,
                  max_memory=max_memory,
                  fix="use fewer oscillators, a shorter run, a longer dt or fewer recording times")
    if t_eval is None:
        t_eval = np.linspace(0.0, t_end, n_times)
    out = np.empty((t_eval.size, n))
    status, filled, t = _interrupt.call("sync.kuramoto.simulate", _kernels.orbit, theta0.copy(),
                                        omega, K, t_eval, dt, out, work=n * t_last / dt)
    if status != ode.OK:
        raise SimulationError(f"the phases became non-finite at t = {t:.6g}: the step "
                              f"dt={dt:g} is far too long for these frequencies and coupling; "
                              f"try dt={dt / 10:.2g}", t=t, cause=errors.NON_FINITE)
    r, psi = order_parameter(out)
    n_steps, h = ode.step_plan(t_eval, dt)
    return KuramotoRun(t=t_eval, x=owned(out), coherence=owned(r), mean_phase=owned(psi),
                       method="classical RK4, fixed step, mean field O(N) per step",
                       stats={"n_steps": n_steps, "dt": h, "n_oscillators": n, "K": K})
