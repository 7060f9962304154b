r"""The (1+1)-dimensional nonlinear Klein–Gordon equation: kinks, breathers and a symplectic
pseudo-spectral solver.

.. math::

    \phi_{tt} - \phi_{xx} + V'(\phi) = 0,

with energy :math:`E = \int \big[\tfrac12 \phi_t^2 + \tfrac12 \phi_x^2 + V(\phi)\big]\,dx`,
conserved. Potentials (:data:`POTENTIALS`), in the normalisations used throughout coursekit:

* ``"phi4"``: :math:`V = \tfrac14 (\phi^2 - 1)^2`, vacua :math:`\pm 1`, mass of small
  oscillations :math:`m^2 = V''(\pm 1) = 2`; static kink :math:`\tanh(x/\sqrt2)`, rest energy
  :math:`2\sqrt2/3`; internal (shape) mode of the kink at :math:`\omega_s = \sqrt{3/2}`.
  The other common normalisation, :math:`\tilde V = \tfrac12(1 - \psi^2)^2` (kink
  :math:`\tanh x`, :math:`m = 2`, :math:`\omega_s = \sqrt3`, rest energy 4/3; Campbell,
  Schonfeld and Wingate 1983), is the same equation after :math:`x = \sqrt2\,\tilde x`,
  :math:`t = \sqrt2\,\tilde t`: velocities are equal in both, energies differ by the factor
  :math:`E = \tilde E / \sqrt2`.
* ``"sine_gordon"``: :math:`V = 1 - \cos\phi`, vacua :math:`2\pi n`, :math:`m = 1`; kink
  :math:`4\arctan e^{x}`, rest energy 8; integrable (exact breathers and multi-kink solutions).
* ``"klein_gordon"``: :math:`V = \tfrac12 m^2\phi^2`, the linear field, dispersion
  :math:`\omega^2 = k^2 + m^2`.
* any other: a :class:`Potential` with a user-supplied, Numba-compiled :math:`V` and
  :math:`V'` and the list of its vacua (e.g. :math:`\phi^6`,
  :math:`V = \tfrac12\phi^2(\phi^2 - 1)^2`, vacua :math:`-1, 0, 1`).

**Method.** Fourier pseudo-spectral in space on a periodic grid (the Laplacian exact on the
resolved modes), and in time Störmer–Verlet (velocity Verlet: symplectic, second order),
Yoshida's fourth-order symplectic composition of three Verlet steps, or classical RK4
(not symplectic, for comparison); :mod:`coursekit.numerics.ode`. Explicit steppers are
stable only for :math:`h\,\omega_{\max} < b` where :math:`\omega_{\max}^2 = k_{\max}^2 +
\max V''` is the fastest linear frequency on the grid and :math:`b` the method's stability
bound on the imaginary axis (2 for Verlet, 1.5734 for Yoshida, :math:`2\sqrt2` for RK4;
:data:`coursekit.numerics.spectral.STABILITY_BOUND`). :func:`simulate` refuses a longer step.

**Kinks on a periodic grid.** A kink joins two different vacua, so the field is not periodic.
:func:`simulate` writes :math:`\phi = s + q` with a linear ramp :math:`s` that rises by the
jump :math:`J` of :math:`\phi` across the domain and a periodic :math:`q`. Because
:math:`s_{xx} = 0`, the jump never sits on the periodic seam and the topological charge
:math:`Q = J / \Delta` (:math:`\Delta` the spacing of neighbouring vacua: 2 for
:math:`\phi^4`, :math:`2\pi` for sine-Gordon) is conserved exactly. The field must sit in a
vacuum at both ends of the domain at the start. For sine-Gordon (:math:`V'` periodic in
:math:`\phi` with period :math:`2\pi`) the equation for :math:`q` is exact at all times. For
:math:`\phi^4` with an odd charge the two ends sit in *different* vacua, where a disturbance
:math:`\delta` feels different forces (:math:`V'(\pm1 + \delta)` differ at second order):
the method is exact only while the field near the ends stays in its vacua, so keep radiation
away from them (a wide domain, or ``absorb``). A pair (:math:`Q = 0`) is periodic and has no
such restriction. The same holds for a :class:`Potential`, whose charge is the number of
vacua the field steps across from the left end to the right (negative downwards).

References: Perring and Skyrme (1962) for the sine-Gordon kink–antikink solution; Campbell,
Schonfeld and Wingate (1983) for :math:`\phi^4` kink collisions; Hairer, Lubich and Wanner
(2006) for symplectic integration; Yoshida (1990).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from scipy import fft as sfft

from coursekit import _budget, _interrupt
from coursekit import _validate as V
from coursekit._results import Result, owned, require_xarray
from coursekit.errors import NON_FINITE, SimulationError
from coursekit.kinks import _kernels
from coursekit.numerics import ode, spectral

__all__ = ["METHODS", "POTENTIALS", "PHI4_SHAPE_MODE", "Field", "KleinGordonRun", "Potential",
           "breather",
           "kink", "kink_antikink", "kink_positions", "potential_energy_density",
           "rest_energy", "sine_gordon_kink_antikink", "sine_gordon_kink_kink", "simulate",
           "step_limit"]

POTENTIALS = ("phi4", "sine_gordon", "klein_gordon")
METHODS = ("verlet", "yoshida4", "rk4")
_KIND = {"phi4": _kernels.PHI4, "sine_gordon": _kernels.SINE_GORDON,
         "klein_gordon": _kernels.KLEIN_GORDON}
_METHOD = {"verlet": _kernels.VERLET, "yoshida4": _kernels.YOSHIDA4, "rk4": _kernels.RK4}
#: Spacing of neighbouring vacua (the unit of topological charge).
_SPACING = {"phi4": 2.0, "sine_gordon": 2.0 * np.pi, "klein_gordon": np.inf}
#: Frequency of the internal (shape) mode of the static phi^4 kink, sqrt(3/2) (in units where
#: the mass of small oscillations is sqrt(2)).
PHI4_SHAPE_MODE = float(np.sqrt(1.5))


class Field(NamedTuple):
    r"""A field and its time derivative on a grid: the state of the Klein–Gordon equation.

    Attributes
    ----------
    phi : ndarray
        The field :math:`\phi`.
    phi_t : ndarray
        Its time derivative :math:`\phi_t`.

    Examples
    --------
    >>> Field(np.zeros(3), np.ones(3)).phi_t.tolist()
    [1.0, 1.0, 1.0]
    """

    phi: np.ndarray
    phi_t: np.ndarray


@dataclass(frozen=True, eq=False)
class Potential:
    r"""A user-supplied potential :math:`V(\phi)` for :func:`simulate`.

    ``V`` and ``dV`` are Numba-compiled functions of one float (``@numba.njit``), so that the
    solver's compiled loop can call :math:`V'` at every grid point without Python in between;
    the first run with a new potential compiles a kernel for it (a few seconds, once per
    session; the built-in potentials are compiled once and cached on disk).

    Attributes
    ----------
    V : callable
        :math:`V(\phi)`, compiled (for the energy).
    dV : callable
        :math:`V'(\phi)`, compiled (for the equation of motion).
    vacua : tuple of float
        The minima of :math:`V` that the field may sit in at the ends of the domain (where
        :math:`V' = 0` and :math:`V'' > 0`, both checked), sorted; a kink steps between
        neighbours.
    max_curvature : float
        An upper bound of :math:`V''` over the values the field takes during the run: it
        sets the stability limit of the step (:func:`step_limit`). :func:`simulate` checks it
        against :math:`V''` (by central differences of ``dV``) on the initial field.
    name : str
        A name for the records (not one of the built-in names).

    Raises
    ------
    InputError
        If ``V`` or ``dV`` is not compiled or cannot be called with one float, the vacua are
        not sorted finite minima of :math:`V` (:math:`V' = 0`, :math:`V'' > 0`, up to
        rounding), ``max_curvature`` is not a positive number at least :math:`V''` at the
        vacua, or the name is a built-in one.

    Examples
    --------
    >>> import numba
    >>> phi6 = Potential(numba.njit(lambda p: 0.5 * p * p * (p * p - 1.0) ** 2),
    ...                  numba.njit(lambda p: p * (p * p - 1.0) * (3.0 * p * p - 1.0)),
    ...                  vacua=(-1.0, 0.0, 1.0), max_curvature=20.0, name="phi6")
    >>> round(rest_energy(phi6), 12)        # the integral of sqrt(2 V) from -1 to 0: 1/4
    0.25
    """

    V: Callable
    dV: Callable
    vacua: tuple
    max_curvature: float
    name: str = "custom"

    def __post_init__(self):
        for which in ("V", "dV"):
            if not _kernels.compiled(getattr(self, which)):
                raise V.fail(which, "a Numba-compiled function of one float (decorate it with "
                                    "@numba.njit)", getattr(self, which))
        V.instance("name", self.name, str, "a string")
        if self.name in POTENTIALS:
            raise V.fail("name", f"a name other than the built-in {POTENTIALS}", self.name)
        vacua = V.array("vacua", self.vacua, ndim=1, min_size=1)
        if np.any(np.diff(vacua) <= 0):
            raise V.fail("vacua", "sorted, distinct values", self.vacua)
        object.__setattr__(self, "vacua", tuple(float(a) for a in vacua))
        object.__setattr__(self, "max_curvature",
                           V.positive("max_curvature", self.max_curvature))
        values = {which: self._probe(which, vacua) for which in ("V", "dV")}
        curvature = self.curvature(vacua)
        scale = max(1.0, float(np.max(np.abs(curvature))))
        for a, slope, bend in zip(vacua, values["dV"], curvature, strict=True):
            if not (abs(slope) <= 1e-9 * scale and bend > 0):
                raise V.fail("vacua", f"minima of V, where V' = 0 and V'' > 0 (at {a:g}: "
                                      f"V' = {slope:.3g}, V'' = {bend:.3g})", self.vacua)
        if np.max(curvature) > self.max_curvature:
            raise V.fail("max_curvature", "at least V'' at the vacua, "
                                          f"{np.max(curvature):.4g}", self.max_curvature)

    def _probe(self, which: str, x: np.ndarray) -> np.ndarray:
        """``V`` or ``dV`` on the points ``x``, with a clear error if it cannot be called
        with one float or gives a non-finite value."""
        try:
            out = np.array([float(getattr(self, which)(float(a))) for a in x])
        except Exception as err:    # Numba's typing errors, a wrong signature, ...
            raise V.fail(which, "a compiled function of one float that returns a float "
                                f"({type(err).__name__}: {str(err).splitlines()[0][:120]})",
                         getattr(self, which)) from err
        if not np.all(np.isfinite(out)):
            raise V.fail(which, "finite at the vacua", out)
        return out

    @functools.cached_property
    def _kernels(self):
        """The compiled march and the elementwise V and V' of this potential (built once per
        potential, compiled at first use)."""
        return (_kernels.custom_march(self.dV), _kernels.elementwise(self.V),
                _kernels.elementwise(self.dV))

    def curvature(self, phi) -> np.ndarray:
        """:math:`V''` on ``phi`` by central differences of ``dV`` (step :math:`10^{-4}`).

        Parameters
        ----------
        phi : array_like
            Field values.

        Returns
        -------
        ndarray
            The same shape as ``phi``.

        Raises
        ------
        InputError
            If ``phi`` holds NaN.

        Examples
        --------
        >>> import numba
        >>> quartic = Potential(numba.njit(lambda p: 0.25 * (p * p - 1.0) ** 2),
        ...                     numba.njit(lambda p: p * p * p - p), (-1.0, 1.0), 8.72)
        >>> quartic.curvature([0.0, 1.0]).round(6)      # 3 phi^2 - 1
        array([-1.,  2.])
        """
        phi = V.array("phi", phi)
        dV = self._kernels[2]
        flat, h = phi.ravel(), 1e-4
        return ((dV(flat + h) - dV(flat - h)) / (2 * h)).reshape(phi.shape)


def _potential(potential):
    if isinstance(potential, Potential):
        return potential
    return V.choice("potential", potential, POTENTIALS)


def _name(potential) -> str:
    return potential.name if isinstance(potential, Potential) else potential


def potential_energy_density(phi, potential="phi4", mass: float = 1.0) -> np.ndarray:
    r"""The potential :math:`V(\phi)` of the module docstring, elementwise.

    Parameters
    ----------
    phi : array_like
        Field values.
    potential : {"phi4", "sine_gordon", "klein_gordon"} or Potential
        Which potential.
    mass : float
        The mass of ``"klein_gordon"`` (ignored otherwise).

    Returns
    -------
    ndarray

    Raises
    ------
    InputError
        For an unknown potential.

    Examples
    --------
    >>> potential_energy_density([1.0, 0.0])
    array([0.  , 0.25])
    """
    phi = np.asarray(phi, dtype=float)
    potential = _potential(potential)
    if isinstance(potential, Potential):
        return potential._kernels[1](phi.ravel()).reshape(phi.shape)
    if potential == "phi4":
        return 0.25 * (phi**2 - 1.0) ** 2
    if potential == "sine_gordon":
        return 1.0 - np.cos(phi)
    return 0.5 * float(mass) ** 2 * phi**2


def rest_energy(potential="phi4") -> float:
    r"""Rest energy (mass) of the static kink: :math:`2\sqrt2/3` for :math:`\phi^4`, 8 for
    sine-Gordon; for a :class:`Potential`, of the kink between its first two vacua
    :math:`a < b`, :math:`\int_a^b \sqrt{2(V(\phi) - V(a))}\,d\phi` by adaptive quadrature
    (the first integral of the static equation, the Bogomolny equation
    :math:`\phi_x = \sqrt{2(V - V(a))}`, turns the energy into :math:`\int \phi_x^2\,dx`).
    A static kink needs degenerate vacua, :math:`V(a) = V(b)`, and :math:`V > V(a)` between.

    Parameters
    ----------
    potential : {"phi4", "sine_gordon"} or Potential
        A potential with kinks.

    Returns
    -------
    float

    Raises
    ------
    InputError
        For ``"klein_gordon"`` or a :class:`Potential` with a single vacuum (no kinks), a
        :class:`Potential` whose first two vacua are not degenerate or that dips below them in
        between (no static kink), or an unknown name.

    Examples
    --------
    >>> round(rest_energy("phi4"), 6), rest_energy("sine_gordon")
    (0.942809, 8.0)
    """
    potential = _potential(potential)
    single = potential == "klein_gordon" or (isinstance(potential, Potential)
                                             and len(potential.vacua) < 2)
    if single:
        raise V.fail("potential", "'phi4', 'sine_gordon' or a Potential with at least two vacua "
                                  "(one vacuum: no kinks)", _name(potential))
    if isinstance(potential, Potential):
        from scipy.integrate import quad

        a, b = potential.vacua[:2]
        V_ = potential._kernels[1]
        base, top = V_(np.array([a, b]))
        between = V_(np.linspace(a, b, 1001)[1:-1]) - base
        scale = max(abs(base), float(np.max(np.abs(between))), 1e-300)
        if abs(top - base) > 1e-9 * scale or np.min(between) < -1e-12 * scale:
            raise V.fail("potential", f"degenerate vacua {a:g} and {b:g} with V above them in "
                                      f"between, for a static kink (V = {base:.6g} and "
                                      f"{top:.6g}, min V - V(a) = {np.min(between):.3g})",
                         potential.name)
        f = potential.V
        value, _ = quad(lambda p: np.sqrt(2.0 * max(float(f(p)) - base, 0.0)), a, b,
                        epsabs=1e-13, epsrel=1e-12, limit=200)
        return float(value)
    return float(2.0 * np.sqrt(2.0) / 3.0) if potential == "phi4" else 8.0


def _inside_unit(name: str, value, what: str) -> float:
    """``value`` as a float strictly between 0 and 1 (a speed, a breather frequency)."""
    value = V.number(name, value, lo=0.0, hi=1.0)
    if not 0.0 < value < 1.0:
        raise V.fail(name, f"{what} strictly between 0 and 1", value)
    return value


def _gamma(v: float) -> float:
    v = V.number("v", v, lo=-1.0, hi=1.0)
    if abs(v) >= 1.0:
        raise V.fail("v", "a speed below the speed of light, |v| < 1", v)
    return 1.0 / np.sqrt(1.0 - v * v)


def kink(x, t: float = 0.0, *, v: float = 0.0, x0: float = 0.0, potential: str = "phi4",
         anti: bool = False) -> Field:
    r"""A kink (or antikink) moving at speed ``v``, Lorentz-contracted: an exact solution.

    :math:`\phi^4`: :math:`\phi = \pm\tanh\big(\gamma(x - x_0 - vt)/\sqrt2\big)`; sine-Gordon:
    :math:`\phi = 4\arctan e^{\pm\gamma(x - x_0 - vt)}`, with :math:`\gamma = (1-v^2)^{-1/2}`.
    The kink rises (from -1 to 1, or from 0 to :math:`2\pi`); the antikink falls.

    Parameters
    ----------
    x : array_like
        Positions.
    t : float
        Time.
    v : float
        Speed, ``|v| < 1``.
    x0 : float
        Position at ``t = 0``.
    potential : {"phi4", "sine_gordon"}
        Which model.
    anti : bool
        The antikink instead.

    Returns
    -------
    Field
        ``phi`` and ``phi_t`` at ``x``.

    Raises
    ------
    InputError
        For ``|v| >= 1`` or a potential without kinks.

    Examples
    --------
    >>> f = kink(np.array([-50.0, 0.0, 50.0]))
    >>> f.phi.round(6).tolist(), bool(np.all(f.phi_t == 0))
    ([-1.0, 0.0, 1.0], True)
    """
    rest_energy(potential)                                     # a potential with kinks
    g = _gamma(v)
    xi = g * (np.asarray(x, dtype=float) - float(x0) - float(v) * float(t))
    sign = -1.0 if anti else 1.0
    if potential == "phi4":
        u = xi / np.sqrt(2.0)
        phi = sign * np.tanh(u)
        phi_t = sign * (-v * g / np.sqrt(2.0)) / np.cosh(u) ** 2
    else:
        e = np.exp(np.clip(sign * xi, -700.0, 700.0))
        phi = 4.0 * np.arctan(e)
        phi_t = 4.0 * e / (1.0 + e * e) * sign * (-v * g)
    return Field(phi, phi_t)


def kink_antikink(x, *, v: float, d: float, potential: str = "phi4") -> Field:
    r"""A kink at :math:`-d/2` moving right and an antikink at :math:`+d/2` moving left, both at
    speed ``v``: the superposition that starts a :math:`\phi^4` collision.

    :math:`\phi = \phi_K(x + d/2, v) + \phi_{\bar K}(x - d/2, -v) - 1` (:math:`\phi^4`: vacuum
    -1 outside, +1 between them) or :math:`\phi_K + \phi_{\bar K} - 2\pi` (sine-Gordon: 0
    outside, :math:`2\pi` between). Not an exact solution: the overlap of the tails is of
    order :math:`e^{-\sqrt2 d}` for :math:`\phi^4`, so take :math:`d \gtrsim 10`.

    Parameters
    ----------
    x : array_like
        Positions.
    v : float
        Speed of each, ``0 <= v < 1`` (they approach each other).
    d : float
        Initial separation, ``> 0``.
    potential : {"phi4", "sine_gordon"}
        Which model.

    Returns
    -------
    Field

    Raises
    ------
    InputError
        For a bad speed or separation.

    Examples
    --------
    >>> f = kink_antikink(np.array([-40.0, 0.0, 40.0]), v=0.2, d=20.0)
    >>> f.phi.round(4).tolist()
    [-1.0, 1.0, -1.0]
    """
    v = V.number("v", v, lo=0.0, hi=1.0)
    d = V.positive("d", d)
    k = kink(x, v=v, x0=-d / 2, potential=potential)
    a = kink(x, v=-v, x0=d / 2, potential=potential, anti=True)
    offset = 1.0 if potential == "phi4" else 2.0 * np.pi
    return Field(k.phi + a.phi - offset, k.phi_t + a.phi_t)


def breather(x, t: float = 0.0, *, omega: float, x0: float = 0.0) -> Field:
    r"""The sine-Gordon breather at rest, an exact solution of frequency ``omega``:

    .. math::

        \phi = 4\arctan\frac{\sqrt{1-\omega^2}\,\sin\omega t}{\omega\cosh\big(\sqrt{1-\omega^2}
        (x - x_0)\big)}, \qquad 0 < \omega < 1,

    with energy :math:`16\sqrt{1-\omega^2}` (a bound kink–antikink pair; small amplitude as
    :math:`\omega \to 1`).

    Parameters
    ----------
    x : array_like
        Positions.
    t : float
        Time.
    omega : float
        Frequency, ``0 < omega < 1``.
    x0 : float
        Centre.

    Returns
    -------
    Field

    Raises
    ------
    InputError
        For ``omega`` outside ``(0, 1)``.

    Examples
    --------
    >>> f = breather(np.array([0.0]), 0.0, omega=0.5)
    >>> f.phi.tolist(), round(float(f.phi_t[0]), 6)        # 4 * sqrt(1 - w^2) at the centre
    ([0.0], 3.464102)
    """
    omega = _inside_unit("omega", omega, "a frequency")
    eta = np.sqrt(1.0 - omega**2)
    c = np.cosh(eta * (np.asarray(x, dtype=float) - float(x0)))
    s, co = np.sin(omega * t), np.cos(omega * t)
    u = eta * s / (omega * c)
    phi = 4.0 * np.arctan(u)
    phi_t = 4.0 / (1.0 + u * u) * eta * co / c
    return Field(phi, phi_t)


def sine_gordon_kink_antikink(x, t: float, *, v: float) -> Field:
    r"""The Perring–Skyrme kink–antikink solution of sine-Gordon, exact at all times:

    .. math::

        \phi = 4\arctan\frac{\sinh(\gamma v t)}{v\cosh(\gamma x)},

    a kink and an antikink that approach at speed ``v`` each, meet at :math:`t = 0`, and pass
    through each other. Far from the collision they sit at :math:`x = \pm(v|t| + \delta)`,
    :math:`\delta = \ln(1/v)/\gamma`, before and after: passing through the other advances
    each by :math:`2\delta` relative to free motion, and nothing else changes (no radiation,
    no change of speed), the mark of integrability.

    Parameters
    ----------
    x : array_like
        Positions.
    t : float
        Time (0 at the collision).
    v : float
        Speed of each, ``0 < v < 1``.

    Returns
    -------
    Field

    Raises
    ------
    InputError
        For a speed outside ``(0, 1)``.

    Examples
    --------
    >>> sine_gordon_kink_antikink(np.array([0.0]), 0.0, v=0.5).phi.tolist()
    [0.0]
    """
    v = _inside_unit("v", v, "a speed")
    g = _gamma(v)
    x = np.asarray(x, dtype=float)
    num, den = np.sinh(g * v * t), v * np.cosh(g * x)
    u = num / den
    phi = 4.0 * np.arctan(u)
    phi_t = 4.0 / (1.0 + u * u) * g * v * np.cosh(g * v * t) / den
    return Field(phi, phi_t)


def sine_gordon_kink_kink(x, t: float, *, v: float) -> Field:
    r"""The Perring–Skyrme kink–kink solution of sine-Gordon, exact at all times:

    .. math::

        \phi = 4\arctan\frac{v\sinh(\gamma x)}{\cosh(\gamma v t)},

    two kinks that come in at speed ``v`` each, repel, stop at :math:`t = 0` and fly apart.

    Parameters
    ----------
    x : array_like
        Positions.
    t : float
        Time (0 at the closest approach).
    v : float
        Speed of each far from the collision, ``0 < v < 1``.

    Returns
    -------
    Field

    Raises
    ------
    InputError
        For a speed outside ``(0, 1)``.

    Examples
    --------
    >>> f = sine_gordon_kink_kink(np.array([-60.0, 60.0]), 0.0, v=0.5)
    >>> (f.phi / np.pi).round(6).tolist()
    [-2.0, 2.0]
    """
    v = _inside_unit("v", v, "a speed")
    g = _gamma(v)
    x = np.asarray(x, dtype=float)
    num, den = v * np.sinh(g * x), np.cosh(g * v * t)
    u = num / den
    phi = 4.0 * np.arctan(u)
    phi_t = 4.0 / (1.0 + u * u) * (-num * g * v * np.sinh(g * v * t) / den**2)
    return Field(phi, phi_t)


@dataclass(frozen=True, eq=False)
class KleinGordonRun(Result):
    """A Klein–Gordon solution at the recording times.

    Attributes
    ----------
    t : ndarray, shape (n_times,)
        Recording times.
    grid : ndarray, shape (N,)
        The periodic grid.
    x : ndarray, shape (n_times, N)
        The field :math:`\\phi`, time first.
    phi_t : ndarray, shape (n_times, N)
        Its time derivative.
    energy : ndarray, shape (n_times,)
        Kinetic + gradient + potential energy (spectral gradient, rectangle rule: spectrally
        accurate on the periodic part).
    charge : float
        Topological charge, the jump of the field across the domain in units of the vacuum
        spacing (conserved exactly by construction).

    Examples
    --------
    >>> g = spectral.periodic_grid(128, -20.0, 20.0)
    >>> run = simulate(kink(g), g, 1.0, dt=0.05)
    >>> run.x.shape, run.charge
    ((101, 128), 1.0)
    """

    t: np.ndarray
    grid: np.ndarray
    x: np.ndarray
    phi_t: np.ndarray
    energy: np.ndarray
    charge: float

    def energy_error(self) -> float:
        """The largest relative change of the energy over the run.

        Returns
        -------
        float

        Examples
        --------
        >>> g = spectral.periodic_grid(128, -20.0, 20.0)
        >>> simulate(kink(g, v=0.5), g, 5.0, dt=0.02).energy_error() < 1e-6
        True
        """
        e = np.asarray(self.energy)
        return float(np.max(np.abs(e - e[0])) / max(abs(e[0]), 1e-300))

    def to_xarray(self):
        """The run as an :class:`xarray.Dataset`: ``phi`` and ``phi_t`` over ``(t, grid)``,
        ``energy`` over ``t``.

        Returns
        -------
        xarray.Dataset

        Raises
        ------
        ImportError
            If xarray is not installed.

        Examples
        --------
        >>> g = spectral.periodic_grid(64, -20.0, 20.0)
        >>> simulate(kink(g), g, 0.5, dt=0.05).to_xarray()["phi"].dims
        ('t', 'grid')
        """
        xr = require_xarray()
        return xr.Dataset({"phi": (("t", "grid"), np.asarray(self.x)),
                           "phi_t": (("t", "grid"), np.asarray(self.phi_t)),
                           "energy": ("t", np.asarray(self.energy))},
                          coords={"t": np.asarray(self.t), "grid": np.asarray(self.grid)},
                          attrs={**self._attrs(), "charge": self.charge})


def _max_curvature(potential, mass: float) -> float:
    """An upper bound of ``V''`` over the fields the models visit: for phi^4, |phi| <= 1.8
    (the centre of a kink-antikink collision at v = 0.35 reaches -1.70)."""
    if isinstance(potential, Potential):
        return potential.max_curvature
    return {"phi4": 3.0 * 1.8**2 - 1.0, "sine_gordon": 1.0, "klein_gordon": mass**2}[potential]


def step_limit(grid, potential="phi4", method: str = "verlet",
               mass: float = 1.0) -> float:
    r"""The largest step :func:`simulate` accepts: :math:`b / \omega_{\max}` with
    :math:`\omega_{\max}^2 = k_{\max}^2 + \max V''` (the CFL condition of the spectral
    Laplacian; :math:`k_{\max} = \pi N / L`, :math:`\max V'' = 8.72` for :math:`\phi^4`, its
    value at :math:`|\phi| = 1.8`, since collisions overshoot the vacua (a bound that holds for
    the runs of this chapter, not a theorem), 1 for sine-Gordon, :math:`m^2` for the linear
    field, ``max_curvature`` for a :class:`Potential`) and :math:`b` the method's stability
    bound.

    Parameters
    ----------
    grid : array_like
        The periodic grid.
    potential : {"phi4", "sine_gordon", "klein_gordon"} or Potential
        Which potential.
    method : {"verlet", "yoshida4", "rk4"}
        Which stepper.
    mass : float
        Mass of the linear field.

    Returns
    -------
    float

    Raises
    ------
    InputError
        For a bad grid, potential or method.

    Examples
    --------
    >>> g = spectral.periodic_grid(512, -30.0, 30.0)
    >>> round(step_limit(g), 4)                   # 2 / sqrt((pi N / L)^2 + 8.72)
    0.0742
    """
    grid = V.array("grid", grid, ndim=1)
    potential, method = _potential(potential), V.choice("method", method, METHODS)
    k_max = np.pi * grid.size / spectral.grid_length(grid)
    omega = np.sqrt(k_max**2 + _max_curvature(potential, float(mass)))
    return spectral.cfl_limit(omega, spectral.STABILITY_BOUND[method])


def _end_vacua(phi, potential):
    """Indices of the vacua of a :class:`Potential` in which the two ends of ``phi`` sit."""
    vacua = np.array(potential.vacua)
    out = []
    for name, end in (("left", float(phi[0])), ("right", float(phi[-1]))):
        i = int(np.argmin(np.abs(vacua - end)))
        if abs(end - vacua[i]) > 1e-6:
            raise V.fail("x0", f"a field that sits in a vacuum {potential.vacua} at both ends "
                               f"of the domain (its {name} end is {end:.6g}, "
                               f"{abs(end - vacua[i]):.2g} from the nearest): widen the domain, "
                               "or start from a field that ends in a vacuum", end)
        out.append(i)
    return out


def _split(phi, grid, potential):
    """The ramp ``s`` carrying the jump of ``phi`` across the domain, the jump, and the
    charge."""
    left, right = float(phi[0]), float(phi[-1])
    length = spectral.grid_length(grid)
    if isinstance(potential, Potential):
        i, j = _end_vacua(phi, potential)
        left, jump, charge = potential.vacua[i], potential.vacua[j] - potential.vacua[i], j - i
        return left + jump * (grid - grid[0]) / length, jump, float(charge)
    spacing = _SPACING[potential]
    jump = 0.0
    if np.isfinite(spacing):
        jump = spacing * round((right - left) / spacing)
        vacua = [-1.0, 1.0] if potential == "phi4" else None
        for name, end in (("left", left), ("right", right)):
            off = (min(abs(end - a) for a in vacua) if vacua is not None
                   else abs(end - spacing * round(end / spacing)))
            if off > 1e-6:
                raise V.fail("x0", f"a field that sits in a vacuum at both ends of the domain "
                                   f"(its {name} end is {end:.6g}, {off:.2g} from the nearest "
                                   "vacuum): widen the domain", end)
    elif max(abs(left), abs(right)) > 1e-6 * max(np.max(np.abs(phi)), 1e-300):
        raise V.fail("x0", "a field that vanishes at both ends of the domain (the linear "
                           "field has one vacuum, 0): widen the domain", max(left, right))
    s = left + jump * (grid - grid[0]) / length
    charge = jump / spacing if np.isfinite(spacing) else 0.0
    return s, jump, charge


def _energy(phi, phi_t, jump, k, length, potential, mass):
    dx = length / phi.size
    q = phi - (phi[0] + jump * np.arange(phi.size) / phi.size)     # periodic part, any offset
    phi_x = sfft.irfft(1j * k * sfft.rfft(q), n=phi.size) + jump / length
    dens = 0.5 * phi_t**2 + 0.5 * phi_x**2 + potential_energy_density(phi, potential, mass)
    return float(dens.sum() * dx)


def _march(kernel, method, q, v, fixed, damp, dt, t_eval, halt):
    """Fixed steps of ``kernel(method, q, v, *fixed, damp, h, n, halt)`` through ``t_eval`` (the
    fewest equal steps not longer than ``dt`` between recording times); returns
    ``([(q, v)], steps, longest)``."""
    out, t_now, n_total, h_max = [], 0.0, 0, 0.0
    for t_next in t_eval:
        span = t_next - t_now
        if span > 0:
            n = max(int(np.ceil(span / dt - 1e-9)), 1)
            h = span / n
            with np.errstate(over="ignore", invalid="ignore"):
                q, v, done, status = kernel(method, q, v, *fixed, damp, h, n, halt)
            if status == ode.HALTED:
                break
            if status != ode.OK:
                raise SimulationError(
                    f"the field became non-finite at t = {t_now + (done + 1) * h:.6g} (step "
                    f"{h:.3g}): a step near the stability limit with a field far outside its "
                    "vacua, or a potential unbounded below", t=t_now + (done + 1) * h,
                    cause=NON_FINITE)
            n_total += n
            h_max = max(h_max, h)
            t_now = t_next
        out.append((q.copy(), v.copy()))
    return out, n_total, h_max


def simulate(x0, grid, t_end: float | None = None, *, dt: float, t_eval=None,
             potential="phi4", mass: float = 1.0, method: str = "yoshida4",
             absorb: float = 0.0, max_work: float | None = None,
             max_memory: float | None = None) -> KleinGordonRun:
    r"""Integrate the Klein–Gordon equation from ``x0 = (phi, phi_t)`` at ``t = 0``.

    See the module docstring for the equation, the potentials, the method and the treatment
    of kinks on the periodic grid.

    Parameters
    ----------
    x0 : Field or (array_like, array_like)
        The field and its time derivative on the grid (e.g. :func:`kink`).
    grid : array_like, shape (N,)
        Equispaced periodic grid, endpoint excluded
        (:func:`coursekit.numerics.spectral.periodic_grid`).
    t_end : float, optional
        Final time (101 evenly spaced recording times); or give ``t_eval``.
    dt : float
        Largest step; between recording times the fewest equal steps not longer than ``dt``
        are taken (the longest is ``stats["dt"]``). A step beyond :func:`step_limit` raises
        :class:`~coursekit.errors.InputError`.
    t_eval : array_like, optional
        Recording times.
    potential : {"phi4", "sine_gordon", "klein_gordon"} or Potential
        Which potential; a :class:`Potential` for your own (compiled in the session).
    mass : float
        Mass of ``"klein_gordon"``, ``>= 0`` (0: the wave equation).
    method : {"yoshida4", "verlet", "rk4"}
        Yoshida's fourth-order symplectic composition (default), Störmer–Verlet, or RK4.
    absorb : float
        Width of an absorbing layer at each end of the domain (default 0: none). Inside it
        :math:`\phi_t` is damped at the rate :math:`\gamma(x) = \sin^2(\pi s / 2)`, ``s``
        the depth into the layer as a fraction of its width (a smooth ramp, so that little
        is reflected), so radiation leaving a collision does not come back through the
        periodic seam. The run then loses the energy it absorbs: it is no longer symplectic.
    max_work : float, optional
        Ceiling on ``N`` times the number of steps (default
        :data:`coursekit._budget.MAX_WORK`).
    max_memory : float, optional
        Ceiling in bytes on the recorded fields (default 2 GiB).

    Returns
    -------
    KleinGordonRun
        ``stats`` holds ``dt``, ``n_steps``, ``N`` and ``step_limit``.

    Raises
    ------
    InputError
        For bad arguments, a field that is not in a vacuum at both ends of the domain, a
        step beyond the stability limit, a :class:`Potential` whose ``max_curvature`` is below
        :math:`V''` on the initial field, or a run beyond ``max_work`` or ``max_memory``.
    SimulationError
        If the field becomes non-finite (``err.t`` is the time).
    KeyboardInterrupt
        When the user interrupts the run (Ctrl-C, Jupyter's Interrupt).

    Examples
    --------
    >>> g = spectral.periodic_grid(256, -30.0, 30.0)
    >>> run = simulate(kink(g, v=0.5), g, t_end=10.0, dt=0.05)
    >>> bool(np.max(np.abs(run.x[-1] - kink(g, 10.0, v=0.5).phi)) < 1e-6)
    True
    """
    grid = V.array("grid", grid, ndim=1)
    N = grid.size
    length = spectral.grid_length(grid)
    if not isinstance(x0, tuple) or len(x0) != 2:
        raise V.fail("x0", "a pair (phi, phi_t), e.g. kink(grid)", x0)
    phi0 = V.array("x0[0] (phi)", x0[0], shape=(N,))
    phit0 = V.array("x0[1] (phi_t)", x0[1], shape=(N,))
    potential, method = _potential(potential), V.choice("method", method, METHODS)
    mass = V.nonnegative("mass", mass)
    t_end, t_eval = V.run_times(t_end, t_eval)
    if t_eval is None:
        t_eval = np.linspace(0.0, t_end, 101)
    dt = V.positive("dt", dt)
    limit = step_limit(grid, potential, method, mass)
    if dt > limit:
        raise V.fail("dt", f"at most the stability limit of {method} for this grid, "
                           f"{spectral.STABILITY_BOUND[method]:.4g} / sqrt(k_max^2 + max V'') = "
                           f"{limit:.4g} (use dt <= {limit:.3g}, or fewer grid points)", dt)
    n_steps = t_eval[-1] / dt + t_eval.size
    stages = {"verlet": 1, "yoshida4": 3, "rk4": 4}[method]
    _budget.check("kinks.simulate", work=stages * N * n_steps, unit="grid-point steps",
                  per_second=3e7, memory=16.0 * t_eval.size * N, max_work=max_work,
                  max_memory=max_memory,
                  fix=f"the run needs about {n_steps:.2g} steps of {N} points: use a longer dt "
                      f"(up to {limit:.3g}), a shorter run or fewer recording times")
    if isinstance(potential, Potential):
        curvature = float(np.max(potential.curvature(phi0)))
        if curvature > potential.max_curvature:
            raise V.fail("potential.max_curvature", f"at least V'' = {curvature:.4g} on the "
                                                    "initial field (it sets the stable step)",
                         potential.max_curvature)
    s, jump, charge = _split(phi0, grid, potential)
    k = spectral.wavenumbers(N, length)
    k2 = k * k
    absorb = V.nonnegative("absorb", absorb)
    if absorb > length / 4:
        raise V.fail("absorb", f"at most a quarter of the domain ({length / 4:.4g})", absorb)
    damp = np.empty(0)
    if absorb > 0:
        depth = np.clip(1.0 - np.minimum(grid - grid[0], grid[-1] - grid) / absorb, 0.0, 1.0)
        damp = np.sin(0.5 * np.pi * depth) ** 2
    if isinstance(potential, Potential):
        kernel, fixed = potential._kernels[0], (s, k2)
        # compile here (no steps), so that an interrupt never waits on the compiler's thread
        kernel(_METHOD[method], phi0 - s, phit0.copy(), *fixed, damp, dt, 0, _interrupt.flag())
    else:
        kernel, fixed = _kernels.march, (s, k2, _KIND[potential], mass * mass)
    out, n_total, h_max = _interrupt.call(
        "kinks.simulate", _march, kernel, _METHOD[method], phi0 - s, phit0.copy(), fixed,
        damp, dt, t_eval, work=stages * N * n_steps)
    phi = np.array([s + q for q, _ in out])
    phi_t = np.array([v for _, v in out])
    energy = np.array([_energy(p, w, jump, k, length, potential, mass)
                       for p, w in zip(phi, phi_t, strict=True)])
    names = {"verlet": "Störmer-Verlet", "yoshida4": "Yoshida 4th-order symplectic",
             "rk4": "classical RK4"}
    return KleinGordonRun(t_eval[:len(out)], grid, owned(phi), owned(phi_t), energy,
                          float(charge), method=names[method] + ", Fourier pseudo-spectral",
                          stats={"dt": float(h_max), "n_steps": n_total, "N": N,
                                 "step_limit": float(limit), "potential": _name(potential),
                                 "absorb": absorb, "jump": float(jump)})


def kink_positions(run: KleinGordonRun, level: float | None = None) -> list[np.ndarray]:
    r"""Where the field crosses ``level`` at each recording time: the centres of the kinks and
    antikinks (by default level 0 for :math:`\phi^4`, :math:`\pi` modulo :math:`2\pi` for
    sine-Gordon, and for a :class:`Potential` the midpoint between the vacua at the two ends,
    for a field of charge :math:`\pm 1`; give ``level`` for any other). Each crossing is
    bracketed on the grid and then found by Newton's method on the field's Fourier
    interpolant (the ramp plus the trigonometric interpolant of the periodic part), so its
    error is spectrally small, not :math:`O(\Delta x^2)` as for a straight line between grid
    points.

    Parameters
    ----------
    run : KleinGordonRun
        A run of :func:`simulate`.
    level : float, optional
        The level; default by the run's potential (see above).

    Returns
    -------
    list of ndarray
        One sorted array of crossing positions per recording time.

    Raises
    ------
    InputError
        If ``run`` is not a :class:`KleinGordonRun`, or no ``level`` is given for a run of a
        :class:`Potential` whose charge is not :math:`\pm 1`.

    Examples
    --------
    >>> g = spectral.periodic_grid(256, -30.0, 30.0)
    >>> run = simulate(kink(g, v=0.5, x0=-5.0), g, t_eval=[0.0, 10.0], dt=0.05)
    >>> centres = [float(p[0]) for p in kink_positions(run)]
    >>> bool(np.allclose(centres, [-5.0, 0.0], atol=1e-5))    # x0 + v t, to O(dt^4)
    True
    """
    V.instance("run", run, KleinGordonRun, "a KleinGordonRun")
    rows = np.asarray(run.x)
    potential = run.stats.get("potential", "phi4")
    jump = run.stats.get("jump", 0.0)
    sine = potential == "sine_gordon"
    if level is None and potential not in POTENTIALS:
        if run.charge not in (-1.0, 1.0):
            raise V.fail("level", f"given for a field of charge {run.charge:g} in a "
                                  "user-supplied potential (the default, the midpoint between "
                                  "the two vacua at the ends, is defined for one kink only)",
                         level)
        level = float(rows[0, 0]) + 0.5 * jump
    elif level is None:
        level = np.pi if sine else 0.0
    return _crossings(rows, np.asarray(run.grid), jump, float(level), sine)


def _crossings(rows, grid, jump, level, sine=False) -> list[np.ndarray]:
    """:func:`kink_positions` for the fields ``rows`` (one per time) on ``grid``, their jump
    across the domain ``jump``; ``sine``: the level modulo 2 pi."""
    N, length = grid.size, spectral.grid_length(grid)
    k = spectral.wavenumbers(N, length)
    weight = np.where((k == 0) | (np.arange(k.size) == N // 2) & (N % 2 == 0), 1.0, 2.0)
    out = []
    for phi in rows:
        f = (np.mod(phi - level + np.pi, 2 * np.pi) - np.pi) if sine else phi - level
        a, b = f[:-1], f[1:]
        # a crossing where the sign changes (zero counts as positive); for sine-Gordon, where
        # the values are close (not a 2 pi wrap)
        idx = np.flatnonzero(((a >= 0) != (b >= 0)) & ((not sine) | (np.abs(a - b) < np.pi)))
        ramp = phi[0] + jump * (grid - grid[0]) / length
        c = weight * np.fft.rfft(phi - ramp) / N
        roots = []
        for j in idx:
            target = phi[j] - f[j]                       # the level, on this branch of 2 pi n
            x = grid[j] + a[j] / (a[j] - b[j]) * (grid[j + 1] - grid[j])
            for _ in range(8):                           # Newton on the Fourier interpolant
                e = np.exp(1j * k * (x - grid[0]))
                value = phi[0] + jump * (x - grid[0]) / length + float(np.real(c @ e)) - target
                slope = jump / length + float(np.real((1j * k * c) @ e))
                x -= value / slope
            roots.append(x)
        out.append(np.sort(np.array(roots)))
    return out
