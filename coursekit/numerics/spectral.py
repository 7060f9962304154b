r"""Fourier pseudo-spectral machinery for periodic 1-D fields.

A field on the periodic interval :math:`[x_{\min}, x_{\max})` of length :math:`P` is sampled at
``N`` equispaced points (:func:`periodic_grid`, endpoint excluded) and represented by its real
FFT coefficients :math:`\hat u_k` at the wavenumbers :math:`k = 2\pi m / P`,
:math:`m = 0, \dots, N/2` (:func:`wavenumbers`). Derivatives are multiplications,
:math:`\widehat{\partial_x^n u} = (ik)^n \hat u` (:func:`derivative`); products are formed on the
grid and their aliased modes removed by the 2/3 rule (:func:`dealias_mask`; Orszag 1971).

For a semilinear equation :math:`\hat u_t = L \hat u + N(\hat u)` with a diagonal, stiff
:math:`L` (dispersion, diffusion), two exact-in-:math:`L` integrators:

* **integrating factor RK4** (:func:`ifrk4_step`, Lawson 1967): RK4 for
  :math:`e^{-Lt}\hat u`, with factors :math:`E = e^{Lh}`, :math:`E_2 = e^{Lh/2}`
  (:func:`integrating_factor`);
* **ETDRK4** (:func:`etdrk4_step`; Cox and Matthews 2002), with the :math:`\varphi`-function
  coefficients evaluated by contour integrals so that they stay accurate where :math:`hL` is
  small (:func:`etdrk4_coefficients`; Kassam and Trefethen 2005).

The explicit treatment of :math:`N` limits the step (a CFL condition): :func:`cfl_limit`.
:func:`locate_peaks` finds maxima far below the grid spacing by trigonometric interpolation.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy import fft as sfft

from coursekit import _validate as V
from coursekit._jit import inline
from coursekit.errors import InputError

__all__ = [
    "ETDRK4Coefficients", "IntegratingFactor", "STABILITY_BOUND", "cfl_limit", "dealias_mask",
    "derivative", "etdrk4_coefficients", "etdrk4_step", "grid_length", "ifrk4_step",
    "integrating_factor", "locate_peaks", "periodic_grid", "wavenumbers",
]


def periodic_grid(N: int, x_min: float, x_max: float) -> np.ndarray:
    """``N`` equispaced points of the periodic interval ``[x_min, x_max)``.

    Parameters
    ----------
    N : int
        Number of points: even, at least 8.
    x_min, x_max : float
        The interval, ``x_max > x_min``; ``x_max`` is identified with ``x_min``.

    Returns
    -------
    ndarray, shape (N,)

    Raises
    ------
    InputError
        For an odd or too small ``N`` or an empty interval.

    Examples
    --------
    >>> periodic_grid(8, 0.0, 8.0)
    array([0., 1., 2., 3., 4., 5., 6., 7.])
    """
    N = V.integer("N", N, minimum=8)
    if N % 2:
        raise V.fail("N", "an even integer >= 8", N)
    x_min, x_max = V.number("x_min", x_min), V.number("x_max", x_max)
    if not x_max > x_min:
        raise V.fail("x_max", f"greater than x_min = {x_min}", x_max)
    return x_min + (x_max - x_min) * np.arange(N) / N


def grid_length(grid) -> float:
    """The period ``P = N dx`` of an equispaced periodic grid (from :func:`periodic_grid`).

    Parameters
    ----------
    grid : array_like, shape (N,)
        Equispaced points, endpoint excluded.

    Returns
    -------
    float

    Raises
    ------
    InputError
        If the points are not equispaced, increasing, even in number and at least 8.

    Examples
    --------
    >>> grid_length(periodic_grid(16, -1.0, 1.0))
    2.0
    """
    x = V.array("grid", grid, ndim=1)
    if x.size < 8 or x.size % 2:
        raise InputError("grid must hold an even number (>= 8) of points; use periodic_grid")
    dx = x[1] - x[0]
    if not dx > 0 or not np.allclose(np.diff(x), dx, rtol=1e-9, atol=0.0):
        raise InputError("grid must be equispaced and increasing; use periodic_grid")
    return float(x.size * dx)


def wavenumbers(N: int, length: float) -> np.ndarray:
    """The real-FFT wavenumbers ``k = 2 pi m / length``, ``m = 0 .. N/2``.

    Parameters
    ----------
    N : int
        Number of grid points.
    length : float
        The period.

    Returns
    -------
    ndarray, shape (N // 2 + 1,)

    Raises
    ------
    InputError
        For a non-positive ``N`` or ``length``.

    Examples
    --------
    >>> wavenumbers(8, 2 * np.pi)
    array([0., 1., 2., 3., 4.])
    """
    N = V.integer("N", N, minimum=2)
    length = V.positive("length", length)
    return 2.0 * np.pi * sfft.rfftfreq(N, d=length / N)


def dealias_mask(k: np.ndarray, fraction: float = 2.0 / 3.0) -> np.ndarray:
    """True for the wavenumbers kept by the de-aliasing rule ``|k| < fraction * max|k|``.

    With ``fraction = 2/3`` a quadratic product of the kept modes aliases only onto discarded
    modes (Orszag's 2/3 rule).

    Parameters
    ----------
    k : ndarray
        Wavenumbers (from :func:`wavenumbers`).
    fraction : float
        Kept fraction of the band, in (0, 1].

    Returns
    -------
    ndarray of bool

    Raises
    ------
    InputError
        For a fraction outside (0, 1].

    Examples
    --------
    >>> dealias_mask(np.arange(7.0))
    array([ True,  True,  True,  True, False, False, False])
    """
    fraction = V.number("fraction", fraction, lo=0.0, hi=1.0, lo_open=True)
    k = V.array("k", k, ndim=1, min_size=1)
    return np.abs(k) < fraction * np.max(np.abs(k))


def derivative(u, length: float, order: int = 1) -> np.ndarray:
    """The ``order``-th derivative of a periodic field sampled on an equispaced grid.

    Parameters
    ----------
    u : array_like, shape (N,)
        Real samples on :func:`periodic_grid` points.
    length : float
        The period.
    order : int
        Derivative order, ``>= 0``.

    Returns
    -------
    ndarray, shape (N,)
        Spectrally accurate derivative (the Nyquist mode is dropped for odd orders).

    Raises
    ------
    InputError
        For non-finite data or a negative order.

    Examples
    --------
    >>> x = periodic_grid(16, 0.0, 2 * np.pi)
    >>> bool(np.allclose(derivative(np.sin(x), 2 * np.pi), np.cos(x)))
    True
    """
    u = V.array("u", u, ndim=1)
    order = V.integer("order", order, minimum=0)
    N = u.size
    k = wavenumbers(N, length)
    factor = (1j * k) ** order
    if order % 2 and N % 2 == 0:
        factor[-1] = 0.0  # the Nyquist mode has no well-defined odd derivative
    return sfft.irfft(factor * sfft.rfft(u), n=N)


def _operator(L) -> np.ndarray:
    return V.array("L", L, ndim=1, dtype=complex, min_size=1)


class IntegratingFactor(NamedTuple):
    """``E = exp(h L)`` and ``E2 = exp(h L / 2)``, the factors of :func:`ifrk4_step`.

    Attributes
    ----------
    E, E2 : ndarray
        The factors.

    Examples
    --------
    >>> integrating_factor(np.array([0.0]), 1.0).E
    array([1.+0.j])
    """

    E: np.ndarray
    E2: np.ndarray


def integrating_factor(L: np.ndarray, h: float) -> IntegratingFactor:
    """``(E, E2) = (exp(h L), exp(h L / 2))`` for :func:`ifrk4_step`.

    Parameters
    ----------
    L : ndarray
        The diagonal linear operator in Fourier space.
    h : float
        Step size.

    Returns
    -------
    IntegratingFactor
        ``(E, E2)``, complex arrays.

    Raises
    ------
    InputError
        For a non-positive step or an operator that is not a finite 1-D array.

    Examples
    --------
    >>> E, E2 = integrating_factor(np.array([0.0, -1.0]), 2.0)
    >>> bool(np.allclose(E, E2 ** 2))
    True
    """
    h = V.positive("h", h)
    L = _operator(L)
    return IntegratingFactor(np.exp(h * L), np.exp(h * L / 2))


class ETDRK4Coefficients(NamedTuple):
    """The coefficients of :func:`etdrk4_step`, in the order it takes them.

    Attributes
    ----------
    E, E2 : ndarray
        ``exp(h L)`` and ``exp(h L / 2)``.
    Q : ndarray
        ``h phi_1(h L / 2) / 2``, the half-step weight.
    f1, f2, f3 : ndarray
        The weights of the final combination (Cox and Matthews' alpha, beta, gamma).

    Examples
    --------
    >>> etdrk4_coefficients(np.array([0.0]), 0.1)._fields
    ('E', 'E2', 'Q', 'f1', 'f2', 'f3')
    """

    E: np.ndarray
    E2: np.ndarray
    Q: np.ndarray
    f1: np.ndarray
    f2: np.ndarray
    f3: np.ndarray


def etdrk4_coefficients(L: np.ndarray, h: float, M: int = 32) -> ETDRK4Coefficients:
    """The ETDRK4 coefficients of Cox and Matthews, by Kassam and Trefethen's contour integrals.

    Each :math:`\\varphi`-function combination is averaged over ``M`` points of a circle of radius
    1 around :math:`hL` (the full circle, since :math:`L` may be complex), which avoids the
    cancellation of the direct formulas for small :math:`|hL|`.

    Parameters
    ----------
    L : ndarray
        Diagonal linear operator in Fourier space.
    h : float
        Step size.
    M : int
        Number of contour points.

    Returns
    -------
    ETDRK4Coefficients
        ``(E, E2, Q, f1, f2, f3)``, the arguments of :func:`etdrk4_step` after ``v``.

    Raises
    ------
    InputError
        For a non-positive step, ``M < 4`` or an operator that is not a finite 1-D array.

    Examples
    --------
    >>> E, E2, Q, f1, f2, f3 = etdrk4_coefficients(np.array([0.0]), 0.1)
    >>> # L = 0: Q = h/2 and f1 = f2 = f3 = h/6, the RK4 weights h (1, 2, 2, 1)/6 once the two
    >>> # middle stages share f2 (the step uses 2 (Na + Nb) f2)
    >>> bool(np.isclose(Q[0], 0.05)), bool(np.allclose([f1[0], f2[0], f3[0]], 0.1 / 6))
    (True, True)
    """
    h = V.positive("h", h)
    M = V.integer("M", M, minimum=4)
    L = _operator(L)
    r = np.exp(2j * np.pi * (np.arange(1, M + 1) - 0.5) / M)
    LR = h * L[:, None] + r[None, :]
    E, E2 = np.exp(h * L), np.exp(h * L / 2)
    Q = h * np.mean((np.exp(LR / 2) - 1) / LR, axis=1)
    f1 = h * np.mean((-4 - LR + np.exp(LR) * (4 - 3 * LR + LR**2)) / LR**3, axis=1)
    f2 = h * np.mean((2 + LR + np.exp(LR) * (-2 + LR)) / LR**3, axis=1)
    f3 = h * np.mean((-4 - 3 * LR - LR**2 + np.exp(LR) * (4 - LR)) / LR**3, axis=1)
    return ETDRK4Coefficients(E, E2, Q, f1, f2, f3)


@inline
def etdrk4_step(nonlinear, v, E, E2, Q, f1, f2, f3, args):
    """One ETDRK4 step of ``v' = L v + nonlinear(v, args)`` (Cox and Matthews 2002).

    Fourth order for non-stiff problems; for stiff parabolic problems its order can drop
    (Hochbruck and Ostermann 2005), which the dispersive KdV term does not show in practice.

    Parameters
    ----------
    nonlinear : callable
        ``nonlinear(v, args)``, the nonlinear term in Fourier space.
    v : ndarray
        Fourier coefficients at the start of the step.
    E, E2, Q, f1, f2, f3 : ndarray
        From :func:`etdrk4_coefficients`.
    args : any
        Passed to ``nonlinear``.

    Returns
    -------
    ndarray
        The coefficients one step later.

    Examples
    --------
    >>> from coursekit._jit import python
    >>> c = etdrk4_coefficients(np.array([-1.0]), 0.1)
    >>> v = python(etdrk4_step)(lambda v, a: 0.0 * v, np.array([1.0 + 0j]), *c, None)
    >>> bool(np.isclose(v[0], np.exp(-0.1)))
    True
    """
    # Explicit loops, not array expressions: inlined into a kernel, the loops compile to
    # tighter code (measured on KdV, N = 256: 36 ms against 51 ms for the array expressions).
    n = v.shape[0]
    Nv = nonlinear(v, args)
    a = np.empty_like(v)
    for j in range(n):
        a[j] = E2[j] * v[j] + Q[j] * Nv[j]
    Na = nonlinear(a, args)
    b = np.empty_like(v)
    for j in range(n):
        b[j] = E2[j] * v[j] + Q[j] * Na[j]
    Nb = nonlinear(b, args)
    c = np.empty_like(v)
    for j in range(n):
        c[j] = E2[j] * a[j] + Q[j] * (2.0 * Nb[j] - Nv[j])
    Nc = nonlinear(c, args)
    out = np.empty_like(v)
    for j in range(n):
        out[j] = E[j] * v[j] + Nv[j] * f1[j] + 2.0 * (Na[j] + Nb[j]) * f2[j] + Nc[j] * f3[j]
    return out


@inline
def ifrk4_step(nonlinear, v, E, E2, h, args):
    """One integrating-factor RK4 step (Lawson 1967) of ``v' = L v + nonlinear(v, args)``.

    RK4 applied to :math:`w = e^{-Lt} v`, written with the factors ``E = exp(hL)`` and
    ``E2 = exp(hL/2)`` only (no division by them, so a dissipative ``L`` is safe).

    Parameters
    ----------
    nonlinear : callable
        ``nonlinear(v, args)``.
    v : ndarray
        Fourier coefficients at the start of the step.
    E, E2 : ndarray
        From :func:`integrating_factor`.
    h : float
        Step size.
    args : any
        Passed to ``nonlinear``.

    Returns
    -------
    ndarray

    Examples
    --------
    >>> from coursekit._jit import python
    >>> E, E2 = integrating_factor(np.array([-1.0 + 0j]), 0.1)
    >>> v = python(ifrk4_step)(lambda v, a: 0.0 * v, np.array([1.0 + 0j]), E, E2, 0.1, None)
    >>> bool(np.isclose(v[0], np.exp(-0.1)))
    True
    """
    n = v.shape[0]              # explicit loops: see etdrk4_step
    stage = np.empty_like(v)
    k1 = nonlinear(v, args)
    for j in range(n):
        stage[j] = E2[j] * (v[j] + 0.5 * h * k1[j])
    k2 = nonlinear(stage, args)
    stage = np.empty_like(v)
    for j in range(n):
        stage[j] = E2[j] * v[j] + 0.5 * h * k2[j]
    k3 = nonlinear(stage, args)
    stage = np.empty_like(v)
    for j in range(n):
        stage[j] = E[j] * v[j] + h * E2[j] * k3[j]
    k4 = nonlinear(stage, args)
    out = np.empty_like(v)
    for j in range(n):
        out[j] = E[j] * v[j] + h / 6.0 * (E[j] * k1[j] + 2.0 * E2[j] * (k2[j] + k3[j]) + k4[j])
    return out


#: Stability bounds ``|h * omega|`` of explicit methods on the imaginary axis (oscillatory
#: modes): classical RK4 ``2 sqrt(2)``, Störmer–Verlet (leapfrog) ``2``, Yoshida's fourth-order
#: composition of three Verlet steps ``1.5734`` (where the half-trace of its step matrix for
#: the harmonic oscillator first leaves [-1, 1]; tests/test_kinks.py recomputes it).
STABILITY_BOUND = {"rk4": 2.0 * np.sqrt(2.0), "verlet": 2.0, "yoshida4": 1.5734}


def cfl_limit(max_frequency: float, bound: float) -> float:
    """The largest stable step ``bound / max_frequency`` (a CFL condition).

    For advection by a speed :math:`c` resolved up to wavenumber :math:`k_{\\max}` the fastest
    frequency is :math:`|c| k_{\\max}`; for a spectral wave equation it is
    :math:`\\sqrt{k_{\\max}^2 + m^2}`. ``bound`` is the method's stability interval on the
    imaginary axis (:data:`STABILITY_BOUND`), less any safety margin the caller wants.

    Parameters
    ----------
    max_frequency : float
        The fastest frequency the explicit part must resolve, ``> 0``.
    bound : float
        The stability bound, ``> 0``.

    Returns
    -------
    float

    Raises
    ------
    InputError
        For non-positive arguments.

    Examples
    --------
    >>> cfl_limit(10.0, STABILITY_BOUND["verlet"])
    0.2
    """
    return V.positive("bound", bound) / V.positive("max_frequency", max_frequency)


def locate_peaks(grid, u, n_peaks: int, upsample: int = 64) -> np.ndarray:
    """Positions of the ``n_peaks`` highest local maxima of a periodic field, sorted.

    The field is interpolated trigonometrically (a zero-padded FFT, the Nyquist coefficient
    split between the two new modes it stands for) onto a grid ``upsample`` times finer, so the
    positions are accurate far below the grid spacing.

    Parameters
    ----------
    grid : array_like, shape (N,)
        The periodic grid.
    u : array_like, shape (N,)
        The field on it.
    n_peaks : int
        How many maxima, ``>= 1``.
    upsample : int
        Refinement factor, ``>= 1``.

    Returns
    -------
    ndarray, shape (n_peaks,)

    Raises
    ------
    InputError
        For mismatched or non-finite input, a grid that is not equispaced, or a field with
        fewer than ``n_peaks`` local maxima.

    Examples
    --------
    >>> x = periodic_grid(64, -10.0, 10.0)
    >>> peak = locate_peaks(x, np.exp(-(x - 1.234) ** 2), 1)[0]
    >>> bool(abs(peak - 1.234) < 0.3125 / 64)   # a 64th of the grid spacing
    True
    """
    x = V.array("grid", grid, ndim=1)
    grid_length(x)                                 # equispaced, even, >= 8 points
    u = V.array("u", u, shape=(x.size,))
    n_peaks = V.integer("n_peaks", n_peaks, minimum=1)
    upsample = V.integer("upsample", upsample, minimum=1)
    N = u.size
    M = N * upsample
    coefficients = sfft.rfft(u)
    if upsample > 1:
        coefficients[-1] *= 0.5                    # the Nyquist mode becomes +-N/2 modes
    fine = sfft.irfft(coefficients, n=M) * (M / N)
    xf = x[0] + (x[1] - x[0]) * np.arange(M) / upsample
    is_max = (fine > np.roll(fine, 1)) & (fine >= np.roll(fine, -1))
    idx = np.nonzero(is_max)[0]
    if idx.size < n_peaks:
        raise V.fail("n_peaks", f"at most the number of local maxima of the field ({idx.size})",
                     n_peaks)
    top = idx[np.argsort(fine[idx])[::-1][:n_peaks]]
    return np.sort(xf[top])
