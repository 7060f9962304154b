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
quadratic term de-aliased by the 2/3 rule (:mod:`coursekit.numerics.spectral`). In Fourier space
:math:`\hat u_t = i b k^3 \hat u - \tfrac{a}{2} i k\,\widehat{u^2}`: the linear term is stiff
(:math:`k^3`) but exactly integrable. Time stepping (the shared steppers of
:mod:`coursekit.numerics`):

* ``"etdrk4"`` — exponential time differencing RK4 of Cox and Matthews with the
  :math:`\varphi`-functions evaluated by contour integrals (Kassam and Trefethen 2005), fixed
  step, fourth order;
* ``"ifrk4"`` — integrating-factor RK4, fixed step, fourth order;
* ``"if-dp54"`` — integrating factor with the adaptive Dormand–Prince 5(4) pair (embedded error
  estimate, step-size control by ``rtol``/``atol``).

The result (:class:`KdVRun`) holds the field as ``x`` (time first, ``(n_times, N)``) on the
spatial ``grid``, with the invariants at the recording times and, in ``stats``, the step actually
used.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from scipy import fft as sfft

from coursekit import _budget, _interrupt, _random
from coursekit import _validate as V
from coursekit._results import Result, owned, require_xarray
from coursekit.errors import NON_FINITE, STEP_UNDERFLOW, UNSTABLE, SimulationError
from coursekit.numerics import ode, spectral
from coursekit.solitons import _kernels

__all__ = ["KdVRun", "METHODS", "PhaseShifts", "perturbed", "phase_shifts", "simulate", "soliton",
           "step_limit",
           "two_soliton"]

METHODS = ("etdrk4", "ifrk4", "if-dp54")
#: Safety bound ``h |a| max|u| k_max`` of the explicit nonlinear term (RK4's stability interval
#: on the imaginary axis is 2 sqrt(2) = 2.83; 2.5 leaves a margin).
STABILITY = 2.5


# --- exact solutions -------------------------------------------------------------------------

def _scale(a, b):
    a, b = V.number("a", a), V.positive("b", b)
    if a == 0:
        raise V.fail("a", "non-zero (a = 0 is the linear equation: no soliton)", a)
    return 6.0 * b / a, b


def soliton(x, t, c, x0=0.0, a=6.0, b=1.0):
    """The one-soliton of speed ``c`` (default normalisation: amplitude ``c/2``).

    Parameters
    ----------
    x : array_like
        Positions.
    t : float
        Time.
    c : float
        Speed (``> 0``: solitons move right).
    x0 : float
        Position at ``t = 0``.
    a, b : float
        Coefficients of ``u u_x`` and ``u_xxx``.

    Returns
    -------
    ndarray
        ``u(x, t)``, shaped like ``x``.

    Raises
    ------
    InputError
        For ``c <= 0``, ``a = 0`` or ``b <= 0``.

    Examples
    --------
    >>> float(soliton(0.0, 0.0, c=4.0))
    2.0
    """
    c = V.positive("c", c)
    lam, tau = _scale(a, b)
    c0 = c / tau                                   # speed in the default normalisation
    z = 0.5 * np.sqrt(c0) * (np.asarray(x, float) - c0 * tau * V.number("t", t) - V.number("x0", x0))
    return lam * 0.5 * c0 / np.cosh(z) ** 2


def _wavenumbers(k1, k2):
    k1, k2 = V.positive("k1", k1), V.positive("k2", k2)
    if not k1 > k2:
        raise V.fail("k1", f"greater than k2 = {k2} (the faster soliton first)", k1)
    return k1, k2


def two_soliton(x, t, k1, k2, x1=0.0, x2=0.0, a=6.0, b=1.0):
    """Hirota's exact two-soliton, computed stably in log form.

    Parameters
    ----------
    x : array_like
        Positions.
    t : float
        Time.
    k1, k2 : float
        Wavenumbers, ``k1 > k2 > 0`` (amplitudes ``k_i^2/2``, speeds ``k_i^2``).
    x1, x2 : float
        Phase positions of the two solitons.
    a, b : float
        Coefficients of ``u u_x`` and ``u_xxx``.

    Returns
    -------
    ndarray

    Raises
    ------
    InputError
        Unless ``k1 > k2 > 0``.

    Examples
    --------
    >>> x = np.linspace(-30, 30, 601)
    >>> bool(np.allclose(two_soliton(x, 0.0, 2.0, 1.0, x1=-10, x2=200),
    ...                  soliton(x, 0.0, c=4.0, x0=-10)))   # far apart: one soliton
    True
    """
    k1, k2 = _wavenumbers(k1, k2)
    lam, tau = _scale(a, b)
    x = np.asarray(x, float)
    T = tau * V.number("t", t)
    e1 = k1 * (x - V.number("x1", x1)) - k1**3 * T
    e2 = k2 * (x - V.number("x2", x2)) - k2**3 * T
    A = ((k1 - k2) / (k1 + k2)) ** 2
    # f = 1 + E1 + E2 + A E1 E2; u = 2 (ln f)'' = 2 (f'' f - f'^2) / f^2, scaled by exp(-m)
    m = np.maximum.reduce([np.zeros_like(e1), e1, e2, e1 + e2 + np.log(A)])
    terms = [(np.exp(-m), 0.0), (np.exp(e1 - m), k1), (np.exp(e2 - m), k2),
             (A * np.exp(e1 + e2 - m), k1 + k2)]
    f = sum(w for w, _ in terms)
    f1 = sum(w * k for w, k in terms)
    f2 = sum(w * k * k for w, k in terms)
    return lam * 2.0 * (f2 * f - f1**2) / f**2


class PhaseShifts(NamedTuple):
    """Position shifts of an overtaking collision (see :func:`phase_shifts`).

    Attributes
    ----------
    fast : float
        The forward shift of the fast soliton.
    slow : float
        The backward shift of the slow soliton (a positive number).

    Examples
    --------
    >>> round(phase_shifts(2.0, 1.0).slow, 6)
    2.197225
    """

    fast: float
    slow: float


def phase_shifts(k1: float, k2: float) -> PhaseShifts:
    """Position shifts caused by an overtaking collision (default normalisation).

    Parameters
    ----------
    k1, k2 : float
        Wavenumbers, ``k1 > k2 > 0``.

    Returns
    -------
    PhaseShifts
        ``(fast, slow)``: the forward shift of the fast soliton,
        ``(2/k1) ln((k1 + k2)/(k1 - k2))``, and the backward shift of the slow one,
        ``(2/k2) ln((k1 + k2)/(k1 - k2))``.

    Raises
    ------
    InputError
        Unless ``k1 > k2 > 0``.

    Examples
    --------
    >>> [round(s, 6) for s in phase_shifts(2.0, 1.0)]   # ln 3 and 2 ln 3
    [1.098612, 2.197225]
    """
    k1, k2 = _wavenumbers(k1, k2)
    g = np.log((k1 + k2) / (k1 - k2))
    return PhaseShifts(float(2 * g / k1), float(2 * g / k2))


# --- the solver --------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class KdVRun(Result):
    """A KdV solution and its invariants at the recording times.

    Attributes
    ----------
    t : ndarray, shape (n_times,)
        Recording times.
    grid : ndarray, shape (N,)
        The periodic grid.
    x : ndarray, shape (n_times, N)
        The field ``u(grid, t)``, time first (the state of a PDE is its field).
    mass, momentum, energy : ndarray, shape (n_times,)
        The invariants (see the module docstring).

    Examples
    --------
    >>> g = spectral.periodic_grid(64, -15.0, 15.0)
    >>> run = simulate(soliton(g, 0, c=4.0), g, dt=0.01, t_eval=[0.0, 0.1])
    >>> run.x.shape, run.stats["dt"], run.stats["n_steps"]
    ((2, 64), 0.01, 10)
    """

    t: np.ndarray
    grid: np.ndarray
    x: np.ndarray
    mass: np.ndarray
    momentum: np.ndarray
    energy: np.ndarray

    def invariant_drift(self) -> dict[str, float]:
        """The largest relative change of each invariant over the run.

        Returns
        -------
        dict
            ``{"mass": ..., "momentum": ..., "energy": ...}``.

        Examples
        --------
        >>> g = spectral.periodic_grid(64, -15.0, 15.0)
        >>> simulate(soliton(g, 0, c=4.0), g, 0.5, dt=0.01).invariant_drift()["mass"] < 1e-12
        True
        """
        out = {}
        for name in ("mass", "momentum", "energy"):
            q = getattr(self, name)
            out[name] = float(np.max(np.abs(q - q[0])) / max(abs(q[0]), 1e-300))
        return out

    def save(self, path) -> None:
        """Write the run to a NumPy ``.npz`` file (reload with ``numpy.load``).

        Parameters
        ----------
        path : str or path-like
            The file.

        Returns
        -------
        None

        Raises
        ------
        OSError
            If the file cannot be written.

        Examples
        --------
        >>> import tempfile, os
        >>> g = spectral.periodic_grid(64, -15.0, 15.0)
        >>> run = simulate(soliton(g, 0, c=4.0), g, 0.1, dt=0.01)
        >>> with tempfile.TemporaryDirectory() as d:
        ...     run.save(os.path.join(d, "run.npz"))
        ...     files = set(np.load(os.path.join(d, "run.npz")).files)
        >>> {"t", "grid", "x", "energy", "dt"} <= files
        True
        """
        np.savez_compressed(path, t=self.t, grid=self.grid, x=self.x, mass=self.mass,
                            momentum=self.momentum, energy=self.energy,
                            **{k: v for k, v in self.stats.items()})

    def to_xarray(self):
        """The run as an :class:`xarray.Dataset`: ``u`` over ``(t, grid)``, invariants over ``t``.

        Returns
        -------
        xarray.Dataset

        Raises
        ------
        ImportError
            If xarray is not installed.

        Examples
        --------
        >>> g = spectral.periodic_grid(64, -15.0, 15.0)
        >>> ds = simulate(soliton(g, 0, c=4.0), g, 0.1, dt=0.01).to_xarray()
        >>> ds["u"].dims
        ('t', 'grid')
        """
        xr = require_xarray()
        return xr.Dataset(
            {"u": (("t", "grid"), np.asarray(self.x)), "mass": ("t", np.asarray(self.mass)),
             "momentum": ("t", np.asarray(self.momentum)), "energy": ("t", np.asarray(self.energy))},
            coords={"t": np.asarray(self.t), "grid": np.asarray(self.grid)}, attrs=self._attrs())


def _invariants(v, k, N, dx, a, b):
    u = sfft.irfft(v, n=N)
    ux = sfft.irfft(1j * k * v, n=N)
    return (u.sum() * dx, (u * u).sum() * dx, ((a / 6) * u**3 - (b / 2) * ux**2).sum() * dx)


#: A run stops when the momentum ``int u^2 dx`` has grown by this factor. The semi-discrete
#: system conserves it exactly with the 2/3 rule (the retained band of ``u^2`` is free of
#: aliasing, so ``d/dt sum |v_k|^2 = -(a/3) int (u^3)_x dx = 0``) and to truncation error
#: without: growth comes from the time stepping or from aliasing, never from the physics.
MOMENTUM_LIMIT = 4.0


def _failure(status, t, h, N, method, h_min=None):
    adaptive = method == "if-dp54"
    if status == ode.GROWTH:
        advice = {"ifrk4": "Integrating-factor RK4 is weakly unstable for short waves (measured: "
                           "its stable step shrinks like 1/k_max^2 as N grows); use "
                           "method='etdrk4' or a shorter dt",
                  "etdrk4": "Use a shorter dt or a finer grid (or keep dealias=True)",
                  "if-dp54": "Use a smaller rtol, or keep dealias=True"}[method]
        return SimulationError(
            f"the run became unstable at t = {t:.6g}: the momentum int u^2 dx, which KdV "
            f"conserves, grew {MOMENTUM_LIMIT:g}-fold (N = {N}"
            + ("" if adaptive else f", step dt = {h:.3g}") + f"). {advice}", t=t, cause=UNSTABLE)
    if status == ode.STEP_UNDERFLOW:
        return SimulationError(f"the adaptive step fell below {h_min:.3g} at t = {t:.6g}: the "
                               "field is changing too fast to resolve (a blow-up, or aliasing "
                               "without dealias=True)", t=t, cause=STEP_UNDERFLOW)
    return SimulationError(
        f"the solution blew up (NaN) at t = {t:.6g}: "
        + ("use a smaller rtol or a finer grid" if adaptive
           else f"the step dt = {h:.3g} is too long or the resolution N = {N} too low"),
        t=t, cause=NON_FINITE)


def _march(method, v, L, g, N, dt, t_eval, ceiling, halt):
    """The fixed-step methods through ``t_eval``: between recording times the fewest equal
    steps not longer than ``dt``; returns ``([v at each recording time], steps, longest)``.
    Runs in :func:`coursekit._interrupt.call`'s helper thread; the kernels check ``halt``."""
    out_v, t_now, n_total, h_max = [], 0.0, 0, 0.0
    coefficients = {}
    for t_next in t_eval:
        span = t_next - t_now
        if span > 0:
            n = max(int(np.ceil(span / dt - 1e-9)), 1)
            h = span / n
            key = round(h, 15)
            if key not in coefficients:
                coefficients[key] = (spectral.etdrk4_coefficients(L, h) if method == "etdrk4"
                                     else spectral.integrating_factor(L, h))
            c = coefficients[key]
            with np.errstate(over="ignore", invalid="ignore"):
                if method == "etdrk4":
                    v, done, status = _kernels.etdrk4(v, *c, g, N, n, ceiling, halt)
                else:
                    v, done, status = _kernels.ifrk4(v, *c, h, g, N, n, ceiling, halt)
            if status == ode.HALTED:
                break
            if status != ode.OK:
                raise _failure(status, t_now + (done + 1) * h, h, N, method)
            n_total += n
            h_max = max(h_max, h)
            t_now = t_next
        out_v.append(v.copy())
    return out_v, n_total, h_max


def step_limit(x0, grid, a: float = 6.0, dealias: bool = True) -> float:
    """The largest step the fixed-step solvers of :func:`simulate` accept for this start.

    The stability limit of the nonlinear term, ``STABILITY / (|a| max|u0| k)``, with ``k`` the
    largest wavenumber the run keeps (two thirds of the grid's with de-aliasing).

    Parameters
    ----------
    x0 : array_like, shape (N,)
        The start.
    grid : array_like, shape (N,)
        The periodic grid.
    a : float
        Coefficient of ``u u_x``.
    dealias : bool
        Whether the run applies the 2/3 rule.

    Returns
    -------
    float

    Raises
    ------
    InputError
        For a grid that is not equispaced and periodic, or a start of the wrong shape.

    Examples
    --------
    >>> g = spectral.periodic_grid(64, -16.0, 16.0)
    >>> round(step_limit(soliton(g, 0, c=2.0), g, dealias=False), 4)
    0.0663
    """
    grid = V.array("grid", grid, ndim=1)
    k = spectral.wavenumbers(grid.size, spectral.grid_length(grid))
    x0 = V.array("x0", x0, shape=grid.shape)
    a = V.number("a", a)
    mask = spectral.dealias_mask(k) if V.choice("dealias", dealias, (False, True)) else \
        np.ones_like(k, dtype=bool)
    return spectral.cfl_limit(max(abs(a) * np.max(np.abs(x0)) * np.max(k[mask]), 1e-300),
                              STABILITY)


def simulate(x0, grid, t_end: float | None = None, *, dt: float | None = None, t_eval=None,
             method: str = "etdrk4", a: float = 6.0, b: float = 1.0, dealias: bool = True,
             rtol: float = 1e-9, atol: float = 1e-12, max_work: float | None = None,
             max_memory: float | None = None) -> KdVRun:
    """Integrate KdV from the field ``x0`` at ``t = 0`` on the periodic ``grid``.

    Parameters
    ----------
    x0 : array_like, shape (N,)
        Initial field :math:`u(x, 0)` on the grid; it should be periodic (a warning reports
        large boundary values, which alias).
    grid : array_like, shape (N,)
        Equispaced periodic grid, endpoint excluded
        (:func:`coursekit.numerics.spectral.periodic_grid`).
    t_end : float, optional
        Final time (101 evenly spaced recording times); or give ``t_eval``.
    dt : float, optional
        Largest step of the fixed-step methods (required for them); between recording times
        the fewest equal steps not longer than ``dt`` are taken, and the longest is reported in
        ``stats["dt"]``. For ``"if-dp54"`` the first trial step. A step beyond the stability
        limit of the nonlinear term, :math:`2.5 / (|a| \\max|u_0|\\, k_{max})`, raises
        :class:`~coursekit.errors.InputError`.
    t_eval : array_like, optional
        Recording times.
    method : {"etdrk4", "ifrk4", "if-dp54"}
        ETDRK4 is the robust choice. Integrating-factor RK4 is weakly unstable for short
        waves even below that limit (measured for a soliton of speed 4 on a period of 40,
        stable to t = 40: dt = 2.3e-3 at N = 512, 5.8e-4 at N = 1024; ETDRK4 is stable at
        the limit, 7.8e-3 and 3.9e-3).
    a, b : float
        Coefficients of ``u u_x`` and ``u_xxx``.
    dealias : bool
        Apply the 2/3 rule to the quadratic term (switch off only to see aliasing at work).
    rtol, atol : float
        Tolerances of the adaptive method (on the Fourier coefficients).
    max_work : float, optional
        Ceiling on ``N`` times the number of steps (for ``"if-dp54"``, 7 stages per step at
        1/64 of the stability limit, a bound measured at ``rtol = 1e-9``), default
        :data:`coursekit._budget.MAX_WORK`: a ``dt`` far below any accuracy need, or a huge
        ``t_end``, is refused up front.
    max_memory : float, optional
        Ceiling in bytes on the recorded fields, ``16 * n_times * N`` (default 2 GiB).

    Returns
    -------
    KdVRun
        ``stats`` holds ``dt`` (the longest step taken) and ``n_steps``; for ``"if-dp54"``
        also ``dt_min`` (the shortest accepted step) and ``n_rejected``.

    Raises
    ------
    InputError
        For bad arguments, a step beyond the stability limit, or a run beyond ``max_work``
        or ``max_memory``.
    SimulationError
        If the field blows up or its momentum :math:`\\int u^2 dx` (conserved by KdV) grows
        four-fold, the mark of a numerical instability (``err.t`` is the time).
    KeyboardInterrupt
        When the user interrupts the run (Ctrl-C, Jupyter's Interrupt): it stops at once.

    Examples
    --------
    >>> g = spectral.periodic_grid(128, -20.0, 20.0)
    >>> run = simulate(soliton(g, 0, c=2.0), g, t_end=1.0, dt=0.01)
    >>> bool(np.max(np.abs(run.x[-1] - soliton(g, 1.0, c=2.0))) < 1e-5)
    True
    """
    grid = V.array("grid", grid, ndim=1)
    length = spectral.grid_length(grid)
    N = grid.size
    x0 = V.array("x0", x0, shape=(N,))
    method = V.choice("method", method, METHODS)
    t_end, t_eval = V.run_times(t_end, t_eval)
    if t_eval is None:
        t_eval = np.linspace(0.0, t_end, 101)
    _scale(a, b)
    a, b = float(a), float(b)
    rtol, atol = V.positive("rtol", rtol), V.positive("atol", atol)
    # A localised start must have decayed at the boundary, or its periodic extension jumps
    # there and aliases. A start that is itself periodic and smooth (cos(pi x) on [0, 2)) may
    # be large at the boundary: its Fourier coefficients in the top third of the wavenumbers
    # are then negligible, and it is left alone.
    edge = max(abs(x0[0]), abs(x0[-1]))
    spectrum = np.abs(np.fft.rfft(x0))
    tail = spectrum[N // 3 + 1:].max(initial=0.0) / max(spectrum.max(), 1e-300)
    if edge > 1e-6 * max(np.max(np.abs(x0)), 1e-300) and tail > 1e-6:
        warnings.warn(f"x0 is not small at the boundary (|u| = {edge:.2e} at x = {grid[0]:g} or "
                      f"{grid[-1]:g}) and not smooth as a periodic field (its Fourier "
                      f"coefficients in the top third of the wavenumbers reach {tail:.1e} of "
                      "the largest): it aliases; widen the domain", UserWarning, stacklevel=2)
    k = spectral.wavenumbers(N, length)
    mask = spectral.dealias_mask(k) if dealias else np.ones_like(k, dtype=bool)
    L = 1j * b * k**3
    g = -0.5j * a * k * mask
    limit = step_limit(x0, grid, a, dealias)
    if method != "if-dp54":
        if dt is None:
            raise V.fail("dt", f"a positive step for method {method!r}", dt)
        dt = V.positive("dt", dt)
        if dt > limit:
            raise V.fail("dt", f"at most the stability limit of the nonlinear term, about "
                               f"{STABILITY} / (|a| max|u| k_max) = {limit:.3g} here (use dt <= "
                               f"{limit / 2:.2g})", dt)
    # the adaptive method: 7 stages per step, and steps measured down to 1/50 of the stability
    # limit at rtol = 1e-9 (32,200 accepted steps for a soliton on N = 256 to t = 10)
    n_steps = (t_eval[-1] / dt + t_eval.size if method != "if-dp54"
               else 7 * t_eval[-1] / (limit / 64))
    _budget.check("kdv.simulate", work=N * n_steps, unit="grid-point steps", per_second=3e7,
                  memory=16.0 * t_eval.size * N, max_work=max_work, max_memory=max_memory,
                  fix=(f"the run needs about {n_steps:.2g} steps of {N} points: use a longer "
                       "dt (ETDRK4 is accurate near its stability limit), a shorter run or "
                       "fewer recording times") if method != "if-dp54" else (
                      "the adaptive method may need up to 7 * 64 t_end / (stability limit) "
                      "stage evaluations: use a shorter run, a larger rtol, or method='etdrk4'"))
    v = sfft.rfft(x0)
    if dealias:
        v = v * mask          # the start, too, lives in the resolved band
    ceiling = MOMENTUM_LIMIT * max(_kernels.norm2(v), 1e-300)
    stats = {"N": N, "a": a, "b": b, "dealias": bool(dealias)}
    if method == "if-dp54":
        h0 = V.positive("dt", dt) if dt is not None else min(limit / 4, t_end / 100)
        h_min = 1e-14 * max(1.0, t_end)
        status, ws, t_reached, accepted, rejected, h_short, h_long = _interrupt.call(
            "kdv.simulate", _kernels.if_dp54, v, L, g, N, t_eval, h0, rtol, atol, h_min)
        if status != ode.OK:
            raise _failure(status, t_reached, h_long, N, method, h_min)
        out_v = [np.exp(L * t) * w for t, w in zip(t_eval, ws, strict=True)]
        for t, w in zip(t_eval, out_v, strict=True):
            if _kernels.norm2(w) > ceiling:
                raise _failure(ode.GROWTH, t, h_long, N, method)
        stats.update(rtol=rtol, atol=atol, dt=float(h_long), dt_min=float(h_short),
                     n_steps=int(accepted), n_rejected=int(rejected))
    else:
        out_v, n_total, h_max = _interrupt.call("kdv.simulate", _march, method, v, L, g, N, dt,
                                                t_eval, ceiling)
        stats.update(dt=float(h_max), n_steps=n_total)
    U = np.array([sfft.irfft(w, n=N) for w in out_v])
    inv = np.array([_invariants(w, k, N, length / N, a, b) for w in out_v])
    names = {"etdrk4": "ETDRK4 (Cox-Matthews, Kassam-Trefethen coefficients)",
             "ifrk4": "integrating-factor RK4", "if-dp54": "integrating factor + adaptive DP5(4)"}
    return KdVRun(t_eval, grid, owned(U), inv[:, 0], inv[:, 1], inv[:, 2],
                  method=names[method] + (", 2/3 de-aliasing" if dealias else ""), stats=stats)


def perturbed(u0, amplitude: float, seed=None, modes: int = 8) -> np.ndarray:
    """``u0`` plus a smooth random perturbation of the given amplitude.

    The perturbation is a sum of the lowest ``modes`` Fourier modes with Gaussian amplitudes and
    uniform random phases, scaled so that its maximum is ``amplitude``.

    Parameters
    ----------
    u0 : array_like, shape (N,)
        The field.
    amplitude : float
        Largest deviation, ``>= 0``.
    seed : int, SeedSequence, Generator or None
        The same seed gives the same perturbation.
    modes : int
        Number of Fourier modes, ``>= 1``.

    Returns
    -------
    ndarray, shape (N,)

    Raises
    ------
    InputError
        For bad arguments.

    Examples
    --------
    >>> u = perturbed(np.zeros(64), 0.01, seed=3)
    >>> round(float(np.max(np.abs(u))), 6)
    0.01
    """
    u0 = V.array("u0", u0, ndim=1, min_size=2)
    amplitude = V.nonnegative("amplitude", amplitude)
    modes = V.integer("modes", modes, minimum=1)
    rng = _random.as_generator(seed)
    N = u0.size
    j = np.arange(N)
    noise = sum(rng.normal() * np.cos(2 * np.pi * m * j / N + rng.uniform(0, 2 * np.pi))
                for m in range(1, modes + 1))
    return u0 + amplitude * noise / max(np.max(np.abs(noise)), 1e-300)
