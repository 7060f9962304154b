r"""Kink–antikink collisions in :math:`\phi^4`: capture, escape and two-bounce windows.

A kink and an antikink sent towards each other at speed :math:`v` (:func:`collide`) either
**escape** after one bounce (above a critical speed :math:`v_c \approx 0.2598`), or are
**captured** into a long-lived oscillating bound state (a *bion*), except in narrow **windows**
below :math:`v_c` where they escape after two bounces (or more). Campbell, Schonfeld and
Wingate (1983) explained the windows by a resonant energy exchange with the kink's internal
(shape) mode: at the first impact energy goes into the shape mode; if the kinks return after
an integer number of its oscillations, the energy comes back and they escape. Anninos,
Oliveira and Matzner (1991) gave :math:`v_c = 0.2598` and the fractal structure of the
windows, which accumulate at :math:`v_c`. Speeds are the same in both common normalisations of
:math:`\phi^4` (see :mod:`coursekit.kinks.klein_gordon`).

**Method.** :func:`coursekit.kinks.klein_gordon.simulate` with Yoshida's fourth-order
symplectic stepper at 0.9 of its stability limit, grid spacing ``dx``, and absorbing layers
at the ends of a domain wide enough that the kinks never reach them. The field at the centre,
:math:`\phi(0, t)`, starts at +1 (between the kinks) and dips below zero at each impact: the
number of dips is the number of **bounces**. The outcome is **escape** if over the last
quarter of the run the two zero crossings exist and moved apart by more than 0.5 (so an
escape slower than :math:`2 / t_{\rm after}` is not detected), and the centre stayed
positive; the outgoing speed is the slope of the crossing's position over that quarter.
Otherwise the outcome is **capture** when the centre dipped at least three times, and
**undecided** with one or two dips: a slow escape or a long excursion that the run is too
short to resolve.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coursekit import _validate as V
from coursekit._results import Result, require_xarray
from coursekit.kinks.klein_gordon import (
    _crossings,
    _inside_unit,
    kink_antikink,
    simulate,
    step_limit,
)
from coursekit.numerics import spectral

__all__ = ["Collision", "PHI4_CRITICAL_SPEED", "collide"]

#: Critical speed of phi^4 kink-antikink collisions (Anninos, Oliveira and Matzner 1991).
PHI4_CRITICAL_SPEED = 0.2598


@dataclass(frozen=True, eq=False)
class Collision(Result):
    """The outcome of a kink–antikink collision.

    Attributes
    ----------
    v : float
        Incoming speed of each.
    outcome : {"escape", "capture", "undecided"}
        See the module docstring.
    escaped : bool
        ``outcome == "escape"``.
    bounces : int
        Impacts: the times the centre of the field dipped below zero.
    bounce_times : ndarray
        The time of the deepest point of each dip (the moments of impact).
    v_out : float
        Outgoing speed of each (NaN when captured).
    t : ndarray
        Recording times (every 0.1).
    center : ndarray
        The field at the centre, :math:`\\phi(0, t)`.
    energy : ndarray
        The energy left on the domain (radiation leaves through the absorbing layers).

    Examples
    --------
    >>> c = collide(0.35)
    >>> c.outcome, c.bounces, bool(0 < c.v_out < 0.35)
    ('escape', 1, True)
    """

    v: float
    outcome: str
    escaped: bool
    bounces: int
    bounce_times: np.ndarray
    v_out: float
    t: np.ndarray
    center: np.ndarray
    energy: np.ndarray

    def to_xarray(self):
        """The outcome as an :class:`xarray.Dataset` of scalars (``escaped``, ``captured``,
        ``bounces``, ``v_out``), for :func:`coursekit.sweep.sweep`.

        Returns
        -------
        xarray.Dataset

        Raises
        ------
        ImportError
            If xarray is not installed.

        Examples
        --------
        >>> sorted(collide(0.35).to_xarray().data_vars)
        ['bounces', 'captured', 'escaped', 'v_out']
        """
        xr = require_xarray()
        return xr.Dataset({"escaped": self.escaped, "captured": self.outcome == "capture",
                           "bounces": self.bounces, "v_out": self.v_out}, attrs={"v": self.v})


def collide(v: float, *, d: float = 20.0, t_after: float = 120.0, dx: float = 0.2,
            absorb: float = 20.0) -> Collision:
    r"""Collide a :math:`\phi^4` kink and antikink at speed ``v`` each and classify the outcome.

    Parameters
    ----------
    v : float
        Incoming speed of each, ``0 < v < 1``.
    d : float
        Initial separation (:func:`coursekit.kinks.klein_gordon.kink_antikink`).
    t_after : float
        How long to follow the pair after the first impact (at :math:`t \approx d / 2v`).
        Near :math:`v_c` the outgoing speed tends to zero and a longer run is needed to see
        the pair separate.
    dx : float
        Grid spacing (the kink's width is :math:`\sqrt2`; 0.2 resolves it spectrally).
    absorb : float
        Width of the absorbing layers.

    Returns
    -------
    Collision

    Raises
    ------
    InputError
        For a bad speed, separation, time or spacing.

    Examples
    --------
    >>> collide(0.15).outcome                       # below v_c, outside a window: a bion
    'capture'
    """
    v = _inside_unit("v", v, "a speed")
    d, t_after = V.positive("d", d), V.positive("t_after", t_after)
    dx, absorb = V.positive("dx", dx), V.nonnegative("absorb", absorb)
    if dx > 0.5:
        raise V.fail("dx", "at most 0.5 (the kink is sqrt(2) wide)", dx)
    t_end = d / (2.0 * v) + t_after
    half = d / 2.0 + v * t_after + absorb + 5.0        # the kinks never reach the layers
    N = int(np.ceil(2.0 * half / dx / 16.0)) * 16       # even: x = 0 is a grid point
    grid = spectral.periodic_grid(N, -half, half)
    t = np.arange(0.0, t_end + 0.05, 0.1)
    run = simulate(kink_antikink(grid, v=v, d=d), grid, t_eval=t,
                   dt=0.9 * step_limit(grid, method="yoshida4"), absorb=absorb)
    center = np.asarray(run.x[:, N // 2])
    below = center < 0.0
    starts = np.flatnonzero(below[1:] & ~below[:-1]) + 1
    ends = np.append(np.flatnonzero(~below[1:] & below[:-1]) + 1, below.size)
    bounce_times = np.array([t[a + np.argmin(center[a:ends[ends > a][0]])] for a in starts])
    bounces = int(starts.size)
    late = t >= t[-1] - t_after / 4
    rows = np.asarray(run.x)[late][::5]                  # every 0.5 over the last quarter
    right = np.array([p[-1] if p.size == 2 else np.nan
                      for p in _crossings(rows, grid, 0.0, 0.0)])
    t_late = t[late][::5]
    escaped = bool(np.all(np.isfinite(right)) and right[-1] > right[0] + 0.5
                   and not below[late].any())
    v_out = float(np.polyfit(t_late, right, 1)[0]) if escaped else float("nan")
    outcome = "escape" if escaped else ("capture" if bounces >= 3 else "undecided")
    return Collision(v, outcome, escaped, bounces, bounce_times, v_out, t, center, np.asarray(run.energy),
                     method=run.method + f", absorbing layers of width {absorb:g}",
                     stats={"N": N, "L": 2 * half, "d": d, "t_after": t_after,
                            "dt": run.stats["dt"]})
