r"""Gillespie's stochastic simulation algorithm (direct method) and tau-leaping.

The master equation of a mass-action network is sampled exactly by the **direct method**
(Gillespie 1977): in state :math:`n` with propensities :math:`a_r(n)` and total
:math:`a_0 = \sum_r a_r`, the waiting time to the next event is exponential with rate
:math:`a_0`, and the event is reaction :math:`r` with probability :math:`a_r/a_0`. Each event
draws two uniform numbers. The kernel is compiled with Numba; trajectories are returned sampled
on a time grid (the state just after the last event at or before each grid time) or event by
event. Ensembles run in parallel on all cores; every trajectory seeds its own generator from
``seed``, so results are bit-identical whatever the number of threads.

**Tau-leaping** (:func:`tau_leap`) fires each reaction a Poisson number of times per step of
length :math:`\tau`. It is an *approximation* (exact only as :math:`\tau \to 0`), for large
copy numbers where the exact method would spend most of its time on single events.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coursekit import _progress, _random
from coursekit.errors import SimulationError
from coursekit.kinetics import _ssa
from coursekit.kinetics.network import ReactionNetwork


def _sparse(net: ReactionNetwork):
    def csr(mat):
        ptr, idx, val = [0], [], []
        for row in mat:
            nz = np.nonzero(row)[0]
            idx.extend(nz)
            val.extend(row[nz])
            ptr.append(len(idx))
        return (np.array(ptr, dtype=np.int64), np.array(idx, dtype=np.int64),
                np.array(val, dtype=np.int64))

    return (net.rates.astype(float), *csr(net.reactant_matrix), *csr(net.stoichiometry))


def _grid(t) -> np.ndarray:
    t = np.asarray(t, dtype=float)
    if t.ndim != 1 or t.size < 1 or not np.all(np.isfinite(t)) or np.any(np.diff(t) < 0):
        raise ValueError("t must be a non-empty, finite, non-decreasing 1-D array of times")
    if t[0] < 0:
        raise ValueError(f"times must be non-negative; got t[0] = {t[0]}")
    return t


def _check_network(network):
    if not isinstance(network, ReactionNetwork):
        raise ValueError("network must be a coursekit.kinetics.ReactionNetwork "
                         "(e.g. ReactionNetwork.parse('0 -> A @ 1; A -> 0 @ 0.1'))")


@dataclass(frozen=True)
class SSAResult:
    """Times ``t`` (``(n_times,)``) and copy numbers ``x`` (``(n_times, n_species)``)."""

    t: np.ndarray
    x: np.ndarray
    species: tuple[str, ...]
    n_events: int
    method: str

    def __getitem__(self, name: str) -> np.ndarray:
        """The copy numbers of one species over time, e.g. ``result["A"]``."""
        return self.x[:, self.species.index(name)]


def gillespie(network: ReactionNetwork, x0, t=None, t_end=None, seed=None,
              max_events: int = 10**9) -> SSAResult:
    """One exact stochastic trajectory of ``network`` from ``x0``.

    Give either ``t`` (a grid of times: the result is sampled there) or ``t_end`` (every event
    up to ``t_end`` is returned, at most ``max_events``).

    Examples
    --------
    >>> net = ReactionNetwork.parse("0 -> A @ 10; A -> 0 @ 1")
    >>> run = gillespie(net, {"A": 0}, t=np.linspace(0, 5, 6), seed=1)
    >>> run.x.shape, run["A"][0]
    ((6, 1), np.int64(0))
    >>> bool(np.array_equal(run.x, gillespie(net, [0], t=np.linspace(0, 5, 6), seed=1).x))
    True
    """
    _check_network(network)
    x0 = network.state(x0)
    args = _sparse(network)
    if int(max_events) != max_events or max_events < 1:
        raise ValueError(f"max_events must be a positive integer; got {max_events!r}")
    seed = _random.kernel_seed(seed)
    if (t is None) == (t_end is None):
        raise ValueError("give exactly one of t (a time grid) or t_end (all events up to t_end)")
    if t is not None:
        grid = _grid(t)
        out, events, status = _ssa.ssa_grid(x0, *args, grid, seed, int(max_events))
        if status == _ssa.MAX_EVENTS:
            raise SimulationError(f"more than {max_events} events before t = {grid[-1]:g}; "
                                  "raise max_events or consider tau_leap")
        return SSAResult(grid, out, network.species, int(events), "Gillespie direct method")
    if not np.isfinite(t_end) or t_end <= 0:
        raise ValueError(f"t_end must be positive; got {t_end}")
    cap = int(min(max_events, 10**7))
    times, states, status = _ssa.ssa_events(x0, *args, float(t_end), seed, cap)
    if status == _ssa.MAX_EVENTS:
        raise SimulationError(f"more than {cap} events before t_end = {t_end:g}; sample on a "
                              "time grid (t=...) instead of recording every event")
    return SSAResult(times, states, network.species, len(times) - 1, "Gillespie direct method")


@dataclass(frozen=True)
class Ensemble:
    """``n_runs`` trajectories on one grid: ``x`` has shape ``(n_times, n_runs, n_species)``."""

    t: np.ndarray
    x: np.ndarray
    species: tuple[str, ...]
    n_events: np.ndarray

    @property
    def mean(self) -> np.ndarray:
        """Ensemble mean, shape ``(n_times, n_species)``."""
        return self.x.mean(axis=1)

    @property
    def var(self) -> np.ndarray:
        """Ensemble variance (unbiased), shape ``(n_times, n_species)``."""
        return self.x.var(axis=1, ddof=1)


def gillespie_ensemble(network: ReactionNetwork, x0, t, n_runs: int, seed=None,
                       max_events: int = 10**9, progress: bool | None = None) -> Ensemble:
    """``n_runs`` independent exact trajectories on the grid ``t``, on all cores.

    Trajectory ``k`` is seeded from ``spawn_seeds(seed, n_runs)[k]``: the same ``seed`` gives
    bit-identical ensembles on any number of threads or processes.

    Examples
    --------
    >>> net = ReactionNetwork.parse("0 -> A @ 10; A -> 0 @ 1")
    >>> ens = gillespie_ensemble(net, [0], np.linspace(0, 10, 11), n_runs=200, seed=3)
    >>> ens.x.shape
    (11, 200, 1)
    """
    _check_network(network)
    x0 = network.state(x0)
    grid = _grid(t)
    if int(n_runs) != n_runs or n_runs < 1:
        raise ValueError(f"n_runs must be a positive integer; got {n_runs!r}")
    seeds = np.array(_random.spawn_seeds(seed, int(n_runs)), dtype=np.int64)
    args = _sparse(network)
    batch = max(64, int(n_runs) // 20)
    parts, events = [], []
    bar = _progress.bar(int(n_runs), progress, "SSA ensemble")
    for start in range(0, int(n_runs), batch):
        out, ev, status = _ssa.ssa_ensemble(x0, *args, grid, seeds[start:start + batch],
                                            int(max_events))
        if np.any(status == _ssa.MAX_EVENTS):
            raise SimulationError(f"a trajectory exceeded {max_events} events; raise max_events")
        parts.append(out)
        events.append(ev)
        bar.update(out.shape[1])
    bar.close()
    return Ensemble(grid, np.concatenate(parts, axis=1), network.species, np.concatenate(events))


def tau_leap(network: ReactionNetwork, x0, t, tau: float, seed=None) -> SSAResult:
    """An *approximate* trajectory by fixed-step tau-leaping (see the module docstring).

    A step that would drive a count negative is retried with half the step; if 30 halvings
    do not help, :class:`~coursekit.errors.SimulationError` names the time.
    """
    _check_network(network)
    x0 = network.state(x0)
    grid = _grid(t)
    if not np.isfinite(tau) or tau <= 0:
        raise ValueError(f"tau must be positive; got {tau}")
    out, status = _ssa.tau_leap_grid(x0, *_sparse(network), grid, float(tau),
                                     _random.kernel_seed(seed))
    if status == _ssa.NEGATIVE:
        raise SimulationError(f"tau-leaping would make a population negative after "
                              f"t = {grid[out.shape[0] - 1]:g} even with tiny steps; use gillespie")
    return SSAResult(grid, out, network.species, -1, f"tau-leaping (approximate), tau = {tau:g}")
