r"""Gillespie's stochastic simulation algorithm (direct method) and tau-leaping.

The master equation of a mass-action network is sampled exactly by the **direct method**
(Gillespie 1977): in state :math:`n` with propensities :math:`a_r(n)` and total
:math:`a_0 = \sum_r a_r`, the waiting time to the next event is exponential with rate
:math:`a_0`, and the event is reaction :math:`r` with probability :math:`a_r/a_0`. Each event
draws two uniform numbers. The kernel is compiled with Numba; trajectories are returned sampled
on a time grid (the state just after the last event at or before each grid time) or event by
event. Every run starts at ``t = 0``. Ensembles run in parallel on all cores, in blocks of
consecutive runs that each draw from their own stream spawned from ``seed``
(:mod:`coursekit._random`), so results are bit-identical whatever the number of threads.

**Tau-leaping** (:func:`tau_leap`) fires each reaction a Poisson number of times per step of
length :math:`\tau`. It is an *approximation* (exact only as :math:`\tau \to 0`), for large
copy numbers where the exact method would spend most of its time on single events.
"""

from __future__ import annotations

import numpy as np

from coursekit import _budget, _interrupt, _progress, _random, errors
from coursekit import _validate as V
from coursekit._results import Ensemble, Trajectory, owned
from coursekit.errors import SimulationError
from coursekit.kinetics import _ssa
from coursekit.kinetics.network import ReactionNetwork

__all__ = ["MAX_EVENTS", "gillespie", "gillespie_ensemble", "tau_leap"]

#: Default cap on the events of one run: a few seconds at ~3e7 events per second. A network
#: that grows without bound (A -> 2 A) reaches it quickly and stops with a clear error; raise it
#: for long runs.
MAX_EVENTS = 10**8


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


def _check_network(network) -> ReactionNetwork:
    return V.instance("network", network, ReactionNetwork,
                      "a coursekit.kinetics.ReactionNetwork "
                      "(e.g. ReactionNetwork.parse('0 -> A @ 1; A -> 0 @ 0.1'))")


def _raise_overflow(status: int, t: float) -> None:
    if status == _ssa.OVERFLOW:
        raise SimulationError(f"a copy number would pass 2**62 = 4.6e18 at t = {t:.6g} (64-bit "
                              "counts would wrap round); the network grows without bound at these "
                              "sizes: model it with the rate equations", t=float(t),
                              cause=errors.OVERFLOW)


def gillespie(network: ReactionNetwork, x0, t_end: float | None = None, *, t_eval=None,
              seed=None, max_events: int = MAX_EVENTS,
              max_memory: float | None = None) -> Trajectory:
    """One exact stochastic trajectory of ``network`` from ``x0`` at ``t = 0``.

    Give ``t_eval`` (the state is recorded at those times: just after the last event at or
    before each) or only ``t_end`` (every event up to ``t_end`` is recorded, at most 10**7).

    Parameters
    ----------
    network : ReactionNetwork
    x0 : sequence or dict
        Initial copy numbers (one per species, or ``{species: count}``).
    t_end : float, optional
        Final time (record every event).
    t_eval : array_like, optional
        Recording times, non-decreasing, ``>= 0``.
    seed : int, SeedSequence, Generator or None
        The same seed gives the same trajectory, bit for bit.
    max_events : int
        Stop with :class:`SimulationError` after this many events (default
        :data:`MAX_EVENTS`, a few seconds of work).
    max_memory : float, optional
        Ceiling in bytes on the recorded states (default 2 GiB; every event up to 10**7 of
        them is stored when ``t_eval`` is not given).

    Returns
    -------
    Trajectory
        ``t``, ``x`` (copy numbers, ``(n_times, n_species)``), ``labels`` (the species);
        ``stats["n_events"]``.

    Raises
    ------
    InputError
        For a bad network, state, times or ``max_events``, or records beyond ``max_memory``.
    SimulationError
        If ``max_events`` is exceeded (``err.t`` is the time reached), or a copy number would
        pass 2**62 (cause ``"overflow"``).
    KeyboardInterrupt
        When the user interrupts the run (Ctrl-C, Jupyter's Interrupt): it stops at once.

    Examples
    --------
    >>> net = ReactionNetwork.parse("0 -> A @ 10; A -> 0 @ 1")
    >>> run = gillespie(net, {"A": 0}, t_eval=np.linspace(0, 5, 6), seed=1)
    >>> run.x.shape, int(run["A"][0])
    ((6, 1), 0)
    >>> bool(np.array_equal(run.x, gillespie(net, [0], t_eval=np.linspace(0, 5, 6), seed=1).x))
    True
    """
    network = _check_network(network)
    x0 = network.state(x0)
    max_events = V.integer("max_events", max_events, minimum=1)
    t_end, t_eval = V.run_times(t_end, t_eval)
    rng = _random.as_generator(seed)
    args = _sparse(network)
    if t_eval is not None:
        _budget.check("gillespie", memory=8.0 * t_eval.size * x0.size, max_memory=max_memory,
                      fix="record fewer times")
        out, events, status, t_stop = _interrupt.call("gillespie", _ssa.ssa_grid, x0, *args,
                                                      t_eval, rng, max_events)
        _raise_overflow(status, t_stop)
        if status == _ssa.MAX_EVENTS:
            raise SimulationError(f"more than {max_events} events by t = {t_stop:.6g} (before "
                                  f"t = {t_eval[-1]:g}); raise max_events or consider tau_leap",
                                  t=t_stop, cause=errors.MAX_EVENTS)
        return Trajectory(t=t_eval, x=out, labels=network.species,
                          method="Gillespie direct method", stats={"n_events": int(events)})
    cap = min(max_events, 10**7)
    _budget.check("gillespie", memory=8.0 * (cap + 1) * (x0.size + 1), max_memory=max_memory,
                  fix="record on a time grid (t_eval=...) or lower max_events")
    times, states, status = _interrupt.call("gillespie", _ssa.ssa_events, x0, *args, t_end, rng,
                                            cap)
    _raise_overflow(status, times[-1])
    if status == _ssa.MAX_EVENTS:
        raise SimulationError(f"more than {cap} events before t_end = {t_end:g} (stopped at "
                              f"t = {times[-1]:.6g}); record on a time grid (t_eval=...) "
                              "instead of every event", t=float(times[-1]),
                              cause=errors.MAX_EVENTS)
    return Trajectory(t=times, x=states, labels=network.species, method="Gillespie direct method",
                      stats={"n_events": len(times) - 1})


def gillespie_ensemble(network: ReactionNetwork, x0, t_eval, n_runs: int, *, seed=None,
                       max_events: int = MAX_EVENTS, progress: bool | None = None,
                       max_memory: float | None = None) -> Ensemble:
    """``n_runs`` independent exact trajectories recorded at ``t_eval``, on all cores.

    Runs are grouped in blocks of :data:`coursekit._random.BLOCK`; block ``b`` draws from the
    ``b``-th stream spawned from ``seed``. The same ``seed`` gives bit-identical ensembles on any
    number of threads or processes, and a larger ``n_runs`` extends a smaller one.

    Parameters
    ----------
    network : ReactionNetwork
    x0 : sequence or dict
        Initial copy numbers.
    t_eval : array_like
        Recording times.
    n_runs : int
        Number of runs, ``>= 1``.
    seed : int, SeedSequence, Generator or None
    max_events : int
        Per-run cap on the number of events.
    progress : bool, optional
        Progress bar (default: on unless ``COURSEKIT_PROGRESS=0``).
    max_memory : float, optional
        Ceiling in bytes on the results, ``8 * n_times * n_runs * n_species`` (default
        :data:`coursekit._budget.MAX_MEMORY`, 2 GiB).

    Returns
    -------
    Ensemble
        ``x`` of shape ``(n_times, n_runs, n_species)``; ``stats["n_events"]`` per run.

    Raises
    ------
    InputError
        For bad arguments, or results larger than ``max_memory``.
    SimulationError
        If a run exceeds ``max_events`` or a copy number would pass 2**62.
    KeyboardInterrupt
        When the user interrupts the run: every thread stops at once.

    Examples
    --------
    >>> net = ReactionNetwork.parse("0 -> A @ 10; A -> 0 @ 1")
    >>> ens = gillespie_ensemble(net, [0], np.linspace(0, 10, 11), n_runs=200, seed=3)
    >>> ens.x.shape
    (11, 200, 1)
    """
    network = _check_network(network)
    x0 = network.state(x0)
    t_eval = V.times("t_eval", t_eval)
    n_runs = V.integer("n_runs", n_runs, minimum=1)
    max_events = V.integer("max_events", max_events, minimum=1)
    _budget.check("gillespie_ensemble", memory=8.0 * n_runs * (t_eval.size * x0.size + 3),
                  max_memory=max_memory, fix="use fewer runs or recording times")
    args = _sparse(network)
    out = np.empty((t_eval.size, n_runs, x0.size), dtype=np.int64)
    events = np.empty(n_runs, dtype=np.int64)
    status = np.full(n_runs, _ssa.OK, dtype=np.int64)
    reached = np.empty(n_runs)

    def work(start, stop, rng, halt):
        _ssa.ssa_block(out, events, status, reached, start, stop, x0, *args, t_eval, rng,
                       max_events, halt)
        if np.any((status[start:stop] == _ssa.MAX_EVENTS) | (status[start:stop] == _ssa.OVERFLOW)):
            halt[0] = 1            # one failed run fails the ensemble: the others stop now

    bar = _progress.bar(n_runs, progress, "SSA ensemble")
    try:
        _random.run_blocks(work, n_runs, seed, on_block=bar.update, what="gillespie_ensemble")
    finally:
        bar.close()
    if np.any(status == _ssa.OVERFLOW):
        k = int(np.argmax(status == _ssa.OVERFLOW))
        _raise_overflow(_ssa.OVERFLOW, reached[k])
    if np.any(status == _ssa.MAX_EVENTS):
        k = int(np.argmax(status == _ssa.MAX_EVENTS))
        raise SimulationError(f"run {k} exceeded {max_events} events by t = {reached[k]:.6g}; "
                              "raise max_events", t=float(reached[k]), cause=errors.MAX_EVENTS)
    return Ensemble(t=t_eval, x=owned(out), labels=network.species,
                    method="Gillespie direct method",
                    stats={"n_events": owned(events), "block": _random.BLOCK})


def tau_leap(network: ReactionNetwork, x0, t_eval, dt: float, *, seed=None,
             max_work: float | None = None, max_memory: float | None = None) -> Trajectory:
    """An *approximate* trajectory by fixed-step tau-leaping (see the module docstring).

    Each step of length ``dt`` (the leap τ) fires every reaction a Poisson number of times.
    A step that would drive a count negative is retried with half the step; if 30 halvings do
    not help, :class:`~coursekit.errors.SimulationError` names the time.

    Parameters
    ----------
    network : ReactionNetwork
    x0 : sequence or dict
        Initial copy numbers.
    t_eval : array_like
        Recording times.
    dt : float
        The leap τ, ``> 0``.
    seed : int, SeedSequence, Generator or None
    max_work : float, optional
        Ceiling on ``n_steps * n_reactions`` Poisson draws (default
        :data:`coursekit._budget.MAX_WORK`); a ``dt`` far too small for the run is refused.
    max_memory : float, optional
        Ceiling in bytes on the recorded states (default 2 GiB).

    Returns
    -------
    Trajectory
        ``stats``: ``n_steps``, ``dt`` (the longest step taken) and ``n_halvings`` (how often a
        step was halved to keep the counts non-negative).

    Raises
    ------
    InputError
        For bad arguments, or a run beyond ``max_work`` or ``max_memory``.
    SimulationError
        If even tiny steps drive a count negative, or a count would pass 2**62.
    KeyboardInterrupt
        When the user interrupts the run.

    Examples
    --------
    >>> net = ReactionNetwork.parse("0 -> A @ 10000; A -> 0 @ 1")
    >>> run = tau_leap(net, [0], np.linspace(0, 10, 11), dt=0.01, seed=4)
    >>> bool(abs(run["A"][-1] - 10_000) < 500), "approximate" in run.method
    (True, True)
    """
    network = _check_network(network)
    x0 = network.state(x0)
    t_eval = V.times("t_eval", t_eval)
    dt = V.positive("dt", dt)
    n_steps = t_eval[-1] / dt + t_eval.size
    _budget.check("tau_leap", work=n_steps * len(network.reactions), unit="Poisson draws",
                  per_second=3e7, memory=8.0 * t_eval.size * x0.size, max_work=max_work,
                  max_memory=max_memory,
                  fix=f"use a longer leap dt (the run needs {n_steps:.2g} steps)")
    out, status, steps, longest, halvings, t_stop = _interrupt.call(
        "tau_leap", _ssa.tau_leap_grid, x0, *_sparse(network), t_eval, dt,
        _random.as_generator(seed))
    if status == _ssa.OVERFLOW:
        raise SimulationError(f"tau-leaping at t = {t_stop:.6g}: a copy number (or the number "
                              "of firings in one leap) would pass 2**62 = 4.6e18, beyond "
                              "64-bit counts; the network grows without bound at these sizes: model "
                              "it with the rate equations", t=float(t_stop),
                              cause=errors.OVERFLOW)
    if status == _ssa.NEGATIVE:
        raise SimulationError(f"tau-leaping would make a population negative at "
                              f"t = {t_stop:.6g} even with steps 2**-30 times shorter; use "
                              "gillespie", t=float(t_stop), cause=errors.NEGATIVE)
    return Trajectory(t=t_eval, x=out, labels=network.species,
                      method=f"tau-leaping (approximate), dt = {dt:g}",
                      stats={"n_steps": int(steps), "dt": float(longest),
                             "n_halvings": int(halvings)})
