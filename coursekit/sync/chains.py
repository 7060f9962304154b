r"""Rings of phase oscillators as growing interfaces (Gutiérrez and Cuerno; chapter 6).

:math:`L` oscillators on a ring, each coupled to its two neighbours,

.. math::

    d\theta_j = \Big[\omega_j + K\big(\Gamma(\theta_{j+1} - \theta_j)
                + \Gamma(\theta_{j-1} - \theta_j)\big)\Big]\,dt + \sqrt{2D}\,dW_j ,
    \qquad \theta_L \equiv \theta_0 ,

with independent Wiener processes :math:`W_j` (time-dependent noise of strength :math:`D`:
:math:`\langle \xi_j(t)\xi_k(s)\rangle = 2D\delta_{jk}\delta(t - s)`) and quenched (columnar)
natural frequencies :math:`\omega_j`, independent and Gaussian with standard deviation
:math:`\sigma`, drawn afresh for every realisation. The coupling function is

* ``"linear"``: :math:`\Gamma(x) = x`, the discrete Edwards–Wilkinson equation, solvable exactly;
* ``"sine"``: :math:`\Gamma(x) = \sin x + b(1 - \cos x)`; :math:`b = 0` is odd (Kuramoto's
  coupling on a chain), :math:`b \ne 0` breaks the oddness, and its even part
  :math:`b(1 - \cos x) \approx b x^2/2` is the KPZ nonlinearity of the interface.

The unwrapped phases :math:`\theta_j(t)` are a height profile, and its **roughness** about the
ring's mean, :math:`W^2(t) = \frac1L\sum_j(\theta_j - \bar\theta)^2` (:func:`roughness`), grows
as :math:`t^{2\beta}` until it saturates at a value that grows as :math:`L^{2\alpha}`.

**Exact results for the linear chain** (:func:`linear_width2`), from a flat start: each Fourier
mode :math:`k = 1 \dots L-1` of the profile relaxes at rate
:math:`\lambda_k = 4K\sin^2(\pi k/L)`, driven by its share of the noise and of the frequencies,
so that

.. math::

    \mathbb E\,W^2(t) = \frac1L\sum_{k=1}^{L-1}\left[\frac{D}{\lambda_k}
        \big(1 - e^{-2\lambda_k t}\big)
        + \sigma^2\Big(\frac{1 - e^{-\lambda_k t}}{\lambda_k}\Big)^2\right].

Without coupling this is random deposition, :math:`(1 - 1/L)(2Dt + \sigma^2 t^2)`:
:math:`\beta = 1/2` for noise, 1 for columnar disorder. With coupling and noise it saturates at
:math:`D(L^2 - 1)/(12KL)` (the stationary measure of the gradient dynamics,
:math:`\propto \exp[-\frac{K}{2D}\sum_j(\theta_{j+1} - \theta_j)^2]`: a random-walk bridge), and
grows as :math:`t^{1/2}` in between (Edwards–Wilkinson, :math:`\beta = 1/4`, :math:`\alpha =
1/2`, :math:`z = 2`).

**Integrators** (:mod:`coursekit.numerics.ode`): Euler–Maruyama, or stochastic Heun (the
default), whose stationary widths are accurate to :math:`O(\Delta t^2)` rather than
:math:`O(\Delta t)`. Both are explicit and stable on the negative real axis down to
:math:`-2/\Delta t`; the drift's Jacobian has eigenvalues down to :math:`-4K\max|\Gamma'|`, with
:math:`\max|\Gamma'| = \sqrt{1 + b^2}` (1 for the linear chain), so a step longer than
:func:`step_limit` :math:`= 1/(2K\sqrt{1 + b^2})` is refused. Realisations run in parallel
blocks, each from its own seeded stream (:func:`coursekit._random.run_blocks`, 16 realisations
to a block): the same seed gives the same rings on any number of threads.

References: Gutiérrez and Cuerno, arXiv:2407.15634 (2024) and arXiv:2604.06040 (2026), for the
synchronisation–roughening correspondence; Edwards and Wilkinson, *Proc. R. Soc. A* 381, 17
(1982); Kardar, Parisi and Zhang, *Phys. Rev. Lett.* 56, 889 (1986); Barabási and Stanley,
*Fractal Concepts in Surface Growth* (1995).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coursekit import _budget, _random, errors
from coursekit import _validate as V
from coursekit._results import Result, owned
from coursekit.errors import SimulationError
from coursekit.numerics import ode
from coursekit.sync import _kernels

__all__ = ["COUPLINGS", "Rings", "linear_width2", "roughness", "simulate_ring", "step_limit"]

#: The coupling functions Γ of the ring (module docstring).
COUPLINGS = ("sine", "linear")


@dataclass(frozen=True, eq=False)
class Rings(Result):
    """Realisations of a ring of phase oscillators.

    Attributes
    ----------
    t : ndarray, shape (n_times,)
        Recording times.
    x : ndarray, shape (n_times, replicas, L)
        Unwrapped phases (the heights), time first.
    omega : ndarray, shape (replicas, L)
        Each realisation's quenched natural frequencies.

    Examples
    --------
    >>> rings = simulate_ring(8, K=1.0, D=0.1, t_end=1.0, replicas=2, seed=1)
    >>> rings.x.shape, rings.omega.shape
    ((21, 2, 8), (2, 8))
    """

    t: np.ndarray
    x: np.ndarray
    omega: np.ndarray


def roughness(x) -> np.ndarray:
    """The roughness :math:`W = [\\frac1L\\sum_j(\\theta_j - \\bar\\theta)^2]^{1/2}` of height
    profiles (last axis: sites).

    Parameters
    ----------
    x : array_like, shape (..., L)
        Unwrapped phases, e.g. ``rings.x``.

    Returns
    -------
    ndarray
        Shape ``(...)``.

    Raises
    ------
    InputError
        For NaN or fewer than two sites.

    Examples
    --------
    >>> float(roughness([0.0, 2.0]))
    1.0
    """
    h = V.array("x", x)
    if h.ndim < 1 or h.shape[-1] < 2:
        raise V.fail("x", "at least two sites on the last axis", h.shape)
    return h.std(axis=-1)


def linear_width2(t, L: int, K: float, D: float = 0.0, sigma: float = 0.0) -> np.ndarray:
    """The exact mean squared roughness :math:`\\mathbb E\\,W^2(t)` of the linear chain from a
    flat start (module docstring); :math:`K = 0` is random deposition.

    Parameters
    ----------
    t : array_like
        Times, ``>= 0``.
    L : int
        Number of oscillators, at least 2.
    K : float
        Coupling, ``>= 0``.
    D : float
        Noise strength, ``>= 0``.
    sigma : float
        Standard deviation of the quenched frequencies, ``>= 0``.

    Returns
    -------
    ndarray
        The shape of ``t``.

    Raises
    ------
    InputError
        For bad arguments.

    Examples
    --------
    >>> round(float(linear_width2(1e6, 16, K=1.0, D=0.5)), 12)   # D (L^2 - 1) / (12 K L)
    0.6640625
    """
    t = V.array("t", t, nonnegative=True)
    L = V.integer("L", L, minimum=2)
    K = V.nonnegative("K", K)
    D = V.nonnegative("D", D)
    sigma = V.nonnegative("sigma", sigma)
    lam = 4.0 * K * np.sin(np.pi * np.arange(1, L) / L) ** 2
    tt = t[..., None]
    with np.errstate(divide="ignore", invalid="ignore"):
        noise = np.where(lam > 0, D * -np.expm1(-2 * lam * tt) / lam, 2 * D * tt)
        drift = np.where(lam > 0, -np.expm1(-lam * tt) / lam, tt)
    return (noise + sigma**2 * drift**2).sum(axis=-1) / L


def step_limit(K: float, b: float = 0.0, coupling: str = "sine") -> float:
    r"""The longest stable step of the ring's explicit integrators,
    :math:`1/(2K\max|\Gamma'|)` (module docstring); infinite without coupling.

    Parameters
    ----------
    K : float
        Coupling, ``>= 0``.
    b : float
        Non-oddness of the sine coupling.
    coupling : {"sine", "linear"}
        Γ.

    Returns
    -------
    float

    Raises
    ------
    InputError
        For bad arguments.

    Examples
    --------
    >>> step_limit(1.0, coupling="linear"), round(step_limit(3.0, b=8.0), 4)
    (0.5, 0.0207)
    """
    K = V.nonnegative("K", K)
    b = V.number("b", b)
    coupling = V.choice("coupling", coupling, COUPLINGS)
    slope = 1.0 if coupling == "linear" else float(np.hypot(1.0, b))
    return np.inf if K == 0 else 1.0 / (2.0 * K * slope)


def simulate_ring(L: int, *, K: float, D: float = 0.0, sigma: float = 0.0,
                  coupling: str = "sine", b: float = 0.0, t_end: float | None = None,
                  t_eval=None, dt: float = 0.05, replicas: int = 1, method: str = "heun",
                  theta0=None, seed=None, max_work: float | None = None,
                  max_memory: float | None = None) -> Rings:
    """Realisations of a ring of :math:`L` phase oscillators (module docstring).

    Parameters
    ----------
    L : int
        Number of oscillators, at least 3.
    K : float
        Coupling, ``>= 0``.
    D : float
        Strength of the time-dependent noise, ``>= 0``.
    sigma : float
        Standard deviation of the quenched frequencies, ``>= 0``.
    coupling : {"sine", "linear"}
        Γ: :math:`\\sin x + b(1 - \\cos x)` or :math:`x`.
    b : float
        Non-oddness of the sine coupling (``"sine"`` only).
    t_end : float, optional
        Final time; the default recording times are 21 evenly spaced from 0.
    t_eval : array_like, optional
        Recording times instead.
    dt : float
        Largest step, at most :func:`step_limit`.
    replicas : int
        Independent realisations (frequencies and noise), at least 1.
    method : {"heun", "euler"}
        Stochastic Heun or Euler–Maruyama.
    theta0 : array_like, shape (L,), optional
        Initial phases of every realisation; default flat (all 0).
    seed : int, SeedSequence, Generator or None
        Random seed: realisation ``k`` uses stream ``k // BLOCK`` of
        :func:`coursekit._random.spawn`.
    max_work : float, optional
        Ceiling on oscillator-steps (default :data:`coursekit._budget.MAX_WORK`).
    max_memory : float, optional
        Ceiling in bytes on the recorded phases, ``8 n_times replicas L``.

    Returns
    -------
    Rings
        ``stats`` holds ``n_steps``, ``dt`` (the longest step used) and the parameters.

    Raises
    ------
    InputError
        For bad arguments, a step beyond :func:`step_limit`, or a run beyond ``max_work`` or
        ``max_memory``.
    SimulationError
        If a realisation stops being finite.
    KeyboardInterrupt
        When the user interrupts a long run (Ctrl-C, Jupyter's Interrupt): it stops at once.

    Examples
    --------
    >>> rings = simulate_ring(64, K=0.0, D=0.5, t_end=10.0, replicas=100, seed=2)
    >>> w2 = (roughness(rings.x[-1]) ** 2).mean()           # random deposition: 2 D t (1 - 1/L)
    >>> bool(abs(w2 / (2 * 0.5 * 10 * (1 - 1 / 64)) - 1) < 0.05)
    True
    """
    L = V.integer("L", L, minimum=3)
    K = V.nonnegative("K", K)
    D = V.nonnegative("D", D)
    sigma = V.nonnegative("sigma", sigma)
    coupling = V.choice("coupling", coupling, COUPLINGS)
    b = V.number("b", b)
    if coupling == "linear" and b != 0.0:
        raise V.fail("b", "0 for the linear coupling (b is the sine coupling's non-oddness)", b)
    dt = V.positive("dt", dt)
    limit = step_limit(K, b, coupling)
    if dt > limit:
        raise V.fail("dt", f"at most the stability limit 1/(2K max|Γ'|) = {limit:.4g} of the "
                     f"explicit step for K = {K:g}, b = {b:g}", dt)
    replicas = V.integer("replicas", replicas, minimum=1)
    method = V.choice("method", method, ("heun", "euler"))
    t_end, t_eval = V.run_times(t_end, t_eval)
    theta0 = np.zeros(L) if theta0 is None else V.array("theta0", theta0, shape=(L,))
    if t_eval is None:
        t_eval = np.linspace(0.0, t_end, 21)
    steps = t_eval[-1] / dt
    _budget.check("sync.chains.simulate_ring", work=replicas * L * steps,
                  unit="oscillator-steps", per_second=3e7,
                  memory=8.0 * t_eval.size * replicas * L, max_work=max_work,
                  max_memory=max_memory,
                  fix="use fewer replicas or oscillators, a shorter run or fewer recording times")
    out = np.zeros((t_eval.size, replicas, L))
    omegas = np.zeros((replicas, L))
    status = np.full(replicas, ode.OK, dtype=np.int64)
    reached = np.zeros(replicas)

    def work(start, stop, rng, halt):
        _kernels.ring_ensemble(theta0, sigma, K, b, coupling == "linear", np.sqrt(2.0 * D),
                               method == "heun", t_eval, dt, start, stop, rng, out, omegas,
                               status, reached, halt)
        if np.any(status[start:stop] == ode.NOT_FINITE):
            halt[0] = 1                   # one failed ring fails the ensemble: the others stop

    _random.run_blocks(work, replicas, seed, what="simulate_ring")
    if np.any(status == ode.NOT_FINITE):
        k = int(np.argmax(status == ode.NOT_FINITE))
        raise SimulationError(f"ring {k} stopped being finite at t = {reached[k]:.6g}: reduce "
                              f"dt={dt:g}", t=float(reached[k]), cause=errors.NON_FINITE)
    n_steps, h = ode.step_plan(t_eval, dt)
    name = "Γ(x) = x" if coupling == "linear" else f"Γ(x) = sin x + {b:g}(1 - cos x)"
    return Rings(t=t_eval, x=owned(out), omega=owned(omegas),
                 method=f"{'stochastic Heun' if method == 'heun' else 'Euler-Maruyama'}, "
                        f"fixed step; {name}",
                 stats={"n_steps": n_steps, "dt": h, "L": L, "K": K, "D": D, "sigma": sigma,
                        "b": b, "coupling": coupling, "replicas": replicas})
