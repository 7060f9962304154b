r"""The three-dimensional zonal model of Couzin, Krause, James, Ruxton and Franks (2002).

:math:`N` fish move at constant speed :math:`s` in open space (or, optionally, a periodic
box). Fish :math:`i` at :math:`\mathbf c_i` with unit heading :math:`\mathbf v_i` senses the
others within three nested zones, of radii :math:`r_r \le r_o \le r_a`
(:math:`r_o = r_r + \Delta r_o`, :math:`r_a = r_o + \Delta r_a`), except those in a blind cone
behind it (outside its field of perception :math:`\alpha`, the cone's half-angle
:math:`180° - \alpha/2` about :math:`-\mathbf v_i`). :math:`\Delta r_o = 0` means no zone of
orientation. With :math:`\hat{\mathbf r}_{ij}` the unit
vector from :math:`i` to :math:`j`, its desired direction :math:`\mathbf d_i` is

* **repulsion**, which has priority: if any neighbour is closer than :math:`r_r`,
  :math:`\mathbf d_i = -\sum_{j} \hat{\mathbf r}_{ij}` over those neighbours;
* otherwise **orientation**, :math:`\mathbf d_o = \sum_j \mathbf v_j` over neighbours in
  :math:`[r_r, r_o)`, and **attraction**, :math:`\mathbf d_a = \sum_j \hat{\mathbf r}_{ij}` over
  neighbours in :math:`[r_o, r_a)`: :math:`\mathbf d_i = \mathbf d_o` or :math:`\mathbf d_a` when
  only one zone is occupied, :math:`\tfrac12(\hat{\mathbf d}_o + \hat{\mathbf d}_a)` when both
  are;
* with nobody in range, or when the sums cancel, the fish keeps its heading.

Then :math:`\hat{\mathbf d}_i` is deflected by noise, a **spherically wrapped Gaussian**: an
isotropic Gaussian vector of standard deviation :math:`\sigma` per axis in the plane tangent to
the sphere at :math:`\hat{\mathbf d}_i`, wrapped onto the sphere (a rotation by its length,
towards its direction; the deflection angle is Rayleigh-distributed, mean
:math:`\sigma\sqrt{\pi/2}`); and the heading turns towards it by at most :math:`\theta\tau`
(turning rate :math:`\theta`, time step :math:`\tau`) in the plane of the two. All headings
change at once; then every fish moves :math:`s\tau` along its new heading.

**Choices the paper leaves open, or that readers read differently**, each an argument of
:func:`simulate` so that its effect on the regimes can be seen:

* ``normalise_zones`` (default True): :math:`\mathbf d_o` and :math:`\mathbf d_a` are
  normalised before they are combined, so the two zones weigh equally whatever the number of
  fish in each (False: the raw sums, so the more populous zone dominates);
* ``include_self`` (default False): whether the focal fish's own heading is in the
  orientation sum (the paper's eq. 2 sums over :math:`j = 1 \dots n_o`, which some read as
  including :math:`i`; then a fish always "orients", and one with only attraction neighbours
  averages them with its own heading);
* ``blind_repulsion`` (default True): whether the blind cone also hides neighbours from
  repulsion (a fish cannot react to what it cannot perceive);
* ``noise_first`` (default True): noise before the turn limit, so the limit holds exactly at
  every step (False: after it, so a step can turn by :math:`\theta\tau` plus the noise);
* initial conditions: positions uniform in a ball of radius :math:`r_r (N/\phi)^{1/3}` (packing
  fraction :math:`\phi = 1/8`, so neighbours start within a few :math:`r_r`), headings
  uniform on the sphere; or a given state.

**Parameters of the paper** (its Fig. 1): :math:`N = 100`, :math:`r_r = 1`, :math:`\alpha =
270°`, :math:`\theta = 40°\,\mathrm{s}^{-1}`, :math:`s = 3\,\mathrm{s}^{-1}`, :math:`\tau =
0.1\,\mathrm{s}`, :math:`\sigma = 0.05`; the collective state is set by :math:`\Delta r_o` and
:math:`\Delta r_a`: swarm, torus (milling), dynamic parallel and highly parallel groups.

**Order parameters** (:mod:`coursekit.schooling.measures`): polarisation :math:`p` and
normalised angular momentum :math:`m` about the centroid, recorded with every run.

**Collective memory** (:func:`hysteresis`): Couzin et al. found that the state of a school
depends on its history. Raising :math:`\Delta r_o` step by step, each run starting from the
previous one's final state, a torus turns into a parallel group; lowering it again, the
parallel group persists well below the value where it formed.

**Neighbour search.** A cell list of side :math:`r_a`
(:mod:`coursekit.numerics.neighbours`), rebuilt every step from the school's current extent:
:math:`O(N)` per step at fixed density; the all-pairs loop (``neighbours="all"``) is the
reference. The noise is drawn in the calling thread from one stream per run, two normal
numbers per fish and step in a fixed order, so a seeded run is bit-identical on any number
of threads and for any choice of recording times.

References: Couzin, Krause, James, Ruxton and Franks (2002), *J. theor. Biol.* 218, 1–11;
Aoki (1982); Reynolds (1987); Vicsek et al. (1995).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coursekit import _budget, _random
from coursekit import _validate as V
from coursekit._results import Result, owned, require_xarray
from coursekit.schooling import _kernels
from coursekit.schooling.measures import milling, polarisation

__all__ = ["Hysteresis", "School", "hysteresis", "initial_school", "simulate"]

#: Fish-steps per second of the kernel (for the work estimate in a refusal).
_RATE = 2e6
#: Draws per block of steps (bounds the memory of the pre-drawn noise).
_BLOCK = 1 << 21


def initial_school(n_fish: int, r_r: float = 1.0, seed=None) -> tuple[np.ndarray, np.ndarray]:
    """Random initial positions and headings (see the module docstring).

    Parameters
    ----------
    n_fish : int
        Number of fish, at least 1.
    r_r : float
        Radius of repulsion (sets the ball's size).
    seed : int, SeedSequence, Generator or None
        Random seed.

    Returns
    -------
    (ndarray, ndarray)
        Positions and unit headings, each of shape ``(n_fish, 3)``.

    Raises
    ------
    InputError
        For a bad ``n_fish``, ``r_r`` or seed.

    Examples
    --------
    >>> pos, vel = initial_school(50, seed=1)
    >>> pos.shape, bool(np.allclose(np.linalg.norm(vel, axis=1), 1.0))
    ((50, 3), True)
    """
    n_fish = V.integer("n_fish", n_fish, minimum=1)
    r_r = V.positive("r_r", r_r)
    rng = _random.as_generator(seed)
    radius = r_r * (8.0 * n_fish) ** (1 / 3)
    direction = rng.normal(size=(n_fish, 3))
    direction /= np.linalg.norm(direction, axis=1, keepdims=True)
    pos = radius * rng.random(n_fish)[:, None] ** (1 / 3) * direction
    vel = rng.normal(size=(n_fish, 3))
    vel /= np.linalg.norm(vel, axis=1, keepdims=True)
    return pos, vel


@dataclass(frozen=True, eq=False)
class School(Result):
    """A run of the Couzin model.

    Attributes
    ----------
    t : ndarray, shape (n_times,)
        Recording times.
    x : ndarray, shape (n_times, N, 3)
        Positions.
    heading : ndarray, shape (n_times, N, 3)
        Unit headings.
    polarisation : ndarray, shape (n_times,)
        :func:`~coursekit.schooling.measures.polarisation`.
    milling : ndarray, shape (n_times,)
        :func:`~coursekit.schooling.measures.milling` (open space only; NaN in a periodic box,
        where the centroid is not defined).

    Examples
    --------
    >>> run = simulate(n_fish=20, t_end=1.0, dr_o=2.0, dr_a=10.0, seed=3)
    >>> run.x.shape, run.heading.shape, run.polarisation.shape
    ((11, 20, 3), (11, 20, 3), (11,))
    """

    t: np.ndarray
    x: np.ndarray
    heading: np.ndarray
    polarisation: np.ndarray
    milling: np.ndarray

    def to_xarray(self):
        """The run as an :class:`xarray.Dataset` over ``(t, fish, axis)``.

        Returns
        -------
        xarray.Dataset

        Raises
        ------
        ImportError
            If xarray is not installed.

        Examples
        --------
        >>> simulate(n_fish=5, t_end=0.2, seed=1).to_xarray()["x"].dims
        ('t', 'fish', 'axis')
        """
        xr = require_xarray()
        dims = ("t", "fish", "axis")
        return xr.Dataset({"x": (dims, np.asarray(self.x)),
                           "heading": (dims, np.asarray(self.heading)),
                           "polarisation": ("t", np.asarray(self.polarisation)),
                           "milling": ("t", np.asarray(self.milling))},
                          coords={"t": np.asarray(self.t), "axis": ["x", "y", "z"]},
                          attrs=self._attrs())


def simulate(x0=None, *, n_fish: int = 100, t_end: float = 100.0, n_times: int | None = None,
             dt: float = 0.1, speed: float = 3.0, r_r: float = 1.0, dr_o: float = 2.0,
             dr_a: float = 10.0, perception: float = 270.0, turning_rate: float = 40.0,
             noise: float = 0.05, blind_repulsion: bool = True, normalise_zones: bool = True,
             include_self: bool = False, noise_first: bool = True, box: float | None = None,
             neighbours: str = "cells", seed=None, max_work: float | None = None,
             max_memory: float | None = None) -> School:
    """Run the Couzin model (see the module docstring for the rules and the choices).

    Parameters
    ----------
    x0 : (array_like, array_like), optional
        Initial positions and headings, each ``(N, 3)`` (headings are normalised); default
        :func:`initial_school` with ``n_fish`` and ``seed``.
    n_fish : int
        Number of fish when ``x0`` is not given.
    t_end : float
        Duration (in the time unit of ``dt``).
    n_times : int, optional
        Recording times, evenly spaced from 0 to ``t_end`` on the step grid (default: every
        step up to 101 records, else 101).
    dt : float
        Time step :math:`\\tau`.
    speed : float
        Swimming speed :math:`s`.
    r_r : float
        Radius of repulsion.
    dr_o, dr_a : float
        Widths of the zones of orientation and attraction, ``>= 0``.
    perception : float
        Field of perception :math:`\\alpha` in degrees, in ``(0, 360]`` (360: no blind cone).
    turning_rate : float
        :math:`\\theta` in degrees per unit time; the turn per step is at most
        :math:`\\theta\\tau`, which must be at most 180°.
    noise : float
        :math:`\\sigma` in radians, ``>= 0`` (per axis of the tangent plane).
    blind_repulsion, normalise_zones, include_self, noise_first : bool
        The modelling choices of the module docstring.
    box : float, optional
        Side of a periodic box (at least :math:`2 r_a`); default open space.
    neighbours : {"cells", "all"}
        Cell list or the all-pairs reference (which a box under :math:`3 r_a`, too small for
        three cells per side, uses anyway).
    seed : int, SeedSequence, Generator or None
        Random seed (initial school and noise).
    max_work : float, optional
        Ceiling on fish-steps times neighbours considered (default
        :data:`coursekit._budget.MAX_WORK`).
    max_memory : float, optional
        Ceiling in bytes on the recorded positions and headings.

    Returns
    -------
    School
        ``stats`` holds ``n_steps``, ``dt`` and the zone radii.

    Raises
    ------
    InputError
        For a bad parameter (with what was expected), or a run beyond ``max_work`` or
        ``max_memory``.

    Examples
    --------
    >>> run = simulate(n_fish=50, t_end=10.0, dr_o=12.0, dr_a=2.0, seed=1)
    >>> bool(run.polarisation[-1] > run.polarisation[0])     # alignment sets in
    True
    """
    dt = V.positive("dt", dt)
    speed = V.positive("speed", speed)
    r_r = V.positive("r_r", r_r)
    dr_o = V.nonnegative("dr_o", dr_o)
    dr_a = V.nonnegative("dr_a", dr_a)
    r_o, r_a = r_r + dr_o, r_r + dr_o + dr_a
    perception = V.number("perception", perception, lo=0.0, hi=360.0)
    if perception == 0:
        raise V.fail("perception", "an angle in (0, 360] degrees", perception)
    turning_rate = V.positive("turning_rate", turning_rate)
    max_turn = np.radians(turning_rate * dt)
    if max_turn > np.pi:
        raise V.fail("turning_rate", f"at most 180 / dt = {180 / dt:g} degrees per unit time "
                                     "(a turn per step beyond 180 degrees)", turning_rate)
    noise = V.nonnegative("noise", noise)
    neighbours = V.choice("neighbours", neighbours, ("cells", "all"))
    rng = _random.as_generator(seed)
    if x0 is None:
        pos, vel = initial_school(n_fish, r_r, rng)
    else:
        if not isinstance(x0, tuple | list) or len(x0) != 2:
            raise V.fail("x0", "a pair (positions, headings), e.g. initial_school(100)", x0)
        pos = V.array("x0[0] (positions)", x0[0], ndim=2).copy()
        vel = V.array("x0[1] (headings)", x0[1], shape=pos.shape).copy()
        if pos.shape[1] != 3 or pos.shape[0] < 1:
            raise V.fail("x0[0] (positions)", "an array of shape (N, 3)", pos.shape)
        norm = np.linalg.norm(vel, axis=1, keepdims=True)
        if np.any(norm == 0):
            raise V.fail("x0[1] (headings)", "non-zero vectors", "a zero heading")
        vel = vel / norm
    n = pos.shape[0]
    box_side = 0.0
    if box is not None:
        box_side = V.positive("box", box)
        if box_side < 2 * r_a:
            raise V.fail("box", f"at least 2 r_a = {2 * r_a:g} (so that a fish meets each "
                                "neighbour once, at its nearest image)", box)
        pos = np.mod(pos, box_side)
    t_end = V.positive("t_end", t_end)
    n_steps = max(int(round(t_end / dt)), 1)
    if n_times is None:
        n_times = n_steps + 1 if n_steps <= 100 else 101
    n_times = V.integer("n_times", n_times, minimum=2, maximum=n_steps + 1)
    marks = np.unique(np.round(np.linspace(0, n_steps, n_times)).astype(np.int64))
    _budget.check("schooling.simulate", work=float(n) * n_steps * min(n, 64), unit="fish-"
                  "neighbour checks", per_second=_RATE * 64, memory=48.0 * marks.size * n,
                  max_work=max_work, max_memory=max_memory,
                  fix="fewer fish, a shorter run or fewer recording times")
    cos_half = float(np.cos(np.radians(perception) / 2)) if perception < 360 else -2.0
    cells = neighbours == "cells" and (box is None or box_side >= 3 * r_a)
    xs, vs = [pos.copy()], [vel.copy()]
    done = 0
    for mark in marks[1:]:
        while done < mark:
            block = int(min(mark - done, max(1, _BLOCK // n)))
            kicks = rng.normal(0.0, 1.0, (block, n, 2)) * noise
            pos, vel = _kernels.advance(pos, vel, box_side, r_r, r_o, r_a, cos_half,
                                        bool(blind_repulsion), max_turn, speed * dt, kicks,
                                        cells, bool(normalise_zones), bool(include_self),
                                        bool(noise_first))
            done += block
        xs.append(pos.copy())
        vs.append(vel.copy())
    x, v = np.array(xs), np.array(vs)
    m = milling(x, v) if box is None else np.full(marks.size, np.nan)
    return School(marks * dt, owned(x), owned(v), polarisation(v), m,
                  method="Couzin et al. (2002) zonal model, " + (
                      "cell list" if cells else "all pairs"),
                  stats={"n_steps": n_steps, "dt": dt, "r_r": r_r, "r_o": r_o, "r_a": r_a,
                         "perception": perception, "noise": noise,
                         "blind_repulsion": bool(blind_repulsion),
                         "normalise_zones": bool(normalise_zones),
                         "include_self": bool(include_self), "noise_first": bool(noise_first),
                         "box": box_side})


@dataclass(frozen=True, eq=False)
class Hysteresis(Result):
    """A hysteresis loop of the Couzin model: time-averaged order parameters along a path of
    orientation-zone widths, up and then down.

    Attributes
    ----------
    dr_o : ndarray, shape (n_points,)
        :math:`\\Delta r_o` along the path (the given values up, then back down).
    rising : ndarray of bool, shape (n_points,)
        True on the way up.
    polarisation, milling : ndarray, shape (n_points,)
        Means over the last ``t_average`` of each run.

    Examples
    --------
    >>> loop = hysteresis([1.0, 3.0], dr_a=14.0, n_fish=30, t_run=5.0, t_average=2.0, seed=1)
    >>> loop.dr_o.tolist(), loop.rising.tolist()
    ([1.0, 3.0, 1.0], [True, True, False])
    """

    dr_o: np.ndarray
    rising: np.ndarray
    polarisation: np.ndarray
    milling: np.ndarray


def hysteresis(dr_o, *, dr_a: float, n_fish: int = 100, t_run: float = 150.0,
               t_average: float = 50.0, seed=None, **model) -> Hysteresis:
    """Collective memory (Couzin et al. 2002, Figs 5–6): raise :math:`\\Delta r_o` through the
    values ``dr_o`` and lower it back, each run starting from the previous run's final state.

    Parameters
    ----------
    dr_o : array_like
        Increasing widths of the zone of orientation (at least two).
    dr_a : float
        Width of the zone of attraction, fixed.
    n_fish : int
        Number of fish (a random school to start, :func:`initial_school`).
    t_run : float
        Duration of each run.
    t_average : float
        The last part of each run over which :math:`p` and :math:`m` are averaged, at most
        ``t_run``.
    seed : int, SeedSequence, Generator or None
        Random seed (one stream for the whole loop).
    **model
        Further arguments of :func:`simulate` (``speed``, ``noise``, ``perception``, ...).

    Returns
    -------
    Hysteresis

    Raises
    ------
    InputError
        For values that are not increasing, fewer than two, a bad duration, or a bad model
        argument.

    Examples
    --------
    >>> loop = hysteresis([1.0, 3.0], dr_a=14.0, n_fish=30, t_run=5.0, t_average=2.0, seed=1)
    >>> loop.polarisation.shape
    (3,)
    """
    dr_o = V.array("dr_o", dr_o, ndim=1, min_size=2)
    if np.any(np.diff(dr_o) <= 0):
        raise V.fail("dr_o", "increasing values (the loop goes up through them and back)",
                     dr_o)
    t_run = V.positive("t_run", t_run)
    t_average = V.positive("t_average", t_average)
    if t_average > t_run:
        raise V.fail("t_average", f"at most t_run = {t_run:g}", t_average)
    for name in ("x0", "t_end", "n_times", "seed", "n_fish", "dr_o", "dr_a", "box"):
        if name in model:
            raise V.fail(name, "not given here: the loop sets it", model[name])
    rng = _random.as_generator(seed)
    path = np.concatenate([dr_o, dr_o[-2::-1]])
    state = None
    p, m = np.empty(path.size), np.empty(path.size)
    for k, width in enumerate(path):
        run = simulate(state, n_fish=n_fish, t_end=t_run, dr_o=float(width), dr_a=dr_a,
                       seed=rng, **model)
        window = run.t >= run.t[-1] - t_average
        p[k], m[k] = run.polarisation[window].mean(), run.milling[window].mean()
        state = (run.x[-1], run.heading[-1])
    return Hysteresis(path, np.arange(path.size) < dr_o.size, p, m,
                      method="Couzin et al. (2002) model, each run from the previous state",
                      stats={"dr_a": dr_a, "n_fish": n_fish, "t_run": t_run,
                             "t_average": t_average})
