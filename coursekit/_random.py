"""Reproducible randomness: one rule for every stochastic function, inside Numba kernels too.

Every stochastic public function takes ``seed=None``: an ``int``, a
:class:`numpy.random.SeedSequence`, a :class:`numpy.random.Generator` or ``None`` (fresh entropy
from the operating system). The same ``int`` or ``SeedSequence`` gives bit-identical results,
on any number of threads and in any worker process; a ``Generator`` is used (and advanced) in
place, as NumPy functions do.

Compiled kernels draw from NumPy ``Generator`` objects passed in as arguments (Numba supports
them and reproduces NumPy's draws exactly), so every stream has the full 128-bit PCG64 state:
nothing is collapsed to a 32-bit integer seed.

**Ensembles** (many independent runs in one call) and parameter sweeps get independent streams
from :meth:`numpy.random.SeedSequence.spawn`, keyed by index, never by completion order.
Creating and passing one ``Generator`` costs ~15 µs, more than a short run, so ensemble members
are grouped in fixed blocks of :data:`BLOCK` consecutive members: block ``b`` draws from the
``b``-th spawned stream, its members one after the other in index order. The result therefore
depends only on the seed and the member's index (a longer ensemble extends a shorter one),
never on the number of threads. :func:`run_blocks` runs the blocks on a pool of threads, one
``Generator`` per block (kernels compiled with ``nogil=True``): no list of generators has to
cross into Numba, which would cost 0.6 s of compilation in every new process.
"""

from __future__ import annotations

import numbers

import numpy as np

from coursekit.errors import InputError

__all__ = ["BLOCK", "STREAM_TAG", "as_generator", "run_blocks", "seed_sequence", "spawn"]

SeedLike = int | np.random.Generator | np.random.SeedSequence | None

#: Ensemble members per random stream (see the module docstring).
BLOCK = 16
#: The spawn-key element that marks coursekit's child streams (see :func:`spawn`).
STREAM_TAG = 0x636B


def seed_sequence(seed: SeedLike) -> np.random.SeedSequence:
    """The :class:`numpy.random.SeedSequence` of ``seed`` (one is returned as it is).

    Parameters
    ----------
    seed : int, SeedSequence or None
        ``None`` draws fresh entropy from the operating system.

    Returns
    -------
    numpy.random.SeedSequence

    Raises
    ------
    InputError
        For a negative integer, a ``Generator`` (its sequence cannot be replayed) or anything
        that is not a seed.

    Examples
    --------
    >>> seed_sequence(7).entropy
    7
    """
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if seed is None:
        return np.random.SeedSequence()
    if isinstance(seed, numbers.Integral) and not isinstance(seed, bool):
        if seed < 0:
            raise InputError(f"seed must be a non-negative integer; got {seed}")
        return np.random.SeedSequence(int(seed))
    raise InputError("seed must be an int >= 0, a numpy.random.SeedSequence, a "
                     f"numpy.random.Generator or None; got {seed!r}")


def as_generator(seed: SeedLike) -> np.random.Generator:
    """The NumPy ``Generator`` for ``seed`` (a Generator is returned as it is).

    Parameters
    ----------
    seed : int, SeedSequence, Generator or None
        See the module docstring.

    Returns
    -------
    numpy.random.Generator

    Raises
    ------
    InputError
        For a negative integer or anything that is not a seed.

    Examples
    --------
    >>> as_generator(42).random() == as_generator(42).random()
    True
    """
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.Generator(np.random.PCG64(seed_sequence(seed)))


def spawn(seed: SeedLike, n: int) -> list[np.random.SeedSequence]:
    """``n`` independent child seed sequences of ``seed``, keyed by their index.

    Child ``i`` has the spawn key ``parent.spawn_key + (STREAM_TAG, i)``. It is made without
    advancing the parent's own counter, so the same ``int`` or ``SeedSequence`` always gives
    the same children; and the extra :data:`STREAM_TAG` keeps them apart from the children
    NumPy's own :meth:`~numpy.random.SeedSequence.spawn` hands out (keys ``parent + (i,)``), so
    a parent given to coursekit and its NumPy child given elsewhere never share a stream. A
    ``Generator`` is used in place, as everywhere: its ``spawn`` gives new children at every
    call.

    Parameters
    ----------
    seed : int, SeedSequence, Generator or None
        The parent.
    n : int
        Number of children.

    Returns
    -------
    list of numpy.random.SeedSequence

    Raises
    ------
    InputError
        For a bad seed or a negative ``n``.

    Examples
    --------
    >>> a, b = spawn(7, 2)
    >>> a.spawn_key == (STREAM_TAG, 0), b.spawn_key == (STREAM_TAG, 1)
    (True, True)
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 0:
        raise InputError(f"n must be a non-negative integer; got {n!r}")
    if isinstance(seed, np.random.Generator):
        return seed.bit_generator.seed_seq.spawn(int(n))     # advances the generator's counter
    parent = seed_sequence(seed)
    return [np.random.SeedSequence(parent.entropy, spawn_key=parent.spawn_key + (STREAM_TAG, i),
                                   pool_size=parent.pool_size) for i in range(int(n))]


def run_blocks(work, n: int, seed: SeedLike, on_block=None, what: str = "ensemble") -> None:
    """Run ``work(start, stop, rng, halt)`` over ``n`` ensemble members in blocks of
    :data:`BLOCK`.

    Block ``b`` (members ``b * BLOCK`` up to ``min((b + 1) * BLOCK, n)``) gets a ``Generator``
    on the ``b``-th stream of :func:`spawn`, made when the block starts (no list of ``n``
    seeds is built up front), and ``work`` fills the members' slots of arrays prepared by the
    caller, one member after the other. The blocks run in a pool of
    ``numba.get_num_threads()`` threads: ``work`` should call a kernel compiled with
    ``nogil=True``, which runs truly in parallel. Each block writes only its own slots with its
    own stream, so the result is the same, bit for bit, on any number of threads.

    ``halt`` is a one-element flag (:mod:`coursekit._interrupt`) that the kernel checks: on
    Ctrl-C in the calling thread it is set, the blocks not yet started are dropped, the running
    ones stop at their next check, and ``KeyboardInterrupt`` is raised. ``work`` may set it too
    (a failed member fails the ensemble: the other blocks stop); then ``run_blocks`` returns
    and the caller reports the failure.

    Parameters
    ----------
    work : callable
        ``work(start, stop, rng, halt)``; its return value is ignored.
    n : int
        Number of members, ``>= 0``.
    seed : int, SeedSequence, Generator or None
        See the module docstring.
    on_block : callable, optional
        Called in the calling thread with the number of members of each finished block, in
        block order (a progress bar's ``update``).
    what : str
        The run's name, for the message of a ``KeyboardInterrupt``.

    Returns
    -------
    None

    Raises
    ------
    InputError
        For a bad seed or ``n``; and whatever ``work`` raises.
    KeyboardInterrupt
        When the user interrupts the run.

    Examples
    --------
    >>> draws = np.zeros(40)
    >>> def work(start, stop, rng, halt):
    ...     draws[start:stop] = rng.random(stop - start)
    >>> run_blocks(work, 40, seed=1)
    >>> bool(draws[BLOCK] == np.random.Generator(np.random.PCG64(spawn(1, 2)[1])).random())
    True
    """
    import threading
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    import numba

    from coursekit import _interrupt

    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 0:
        raise InputError(f"n must be a non-negative integer; got {n!r}")
    n = int(n)
    n_blocks = -(-n // BLOCK)
    if isinstance(seed, np.random.Generator):
        children = spawn(seed, n_blocks)

        def child(b):
            return children[b]
    else:
        parent = seed_sequence(seed)

        def child(b):
            return np.random.SeedSequence(parent.entropy, spawn_key=parent.spawn_key + (
                STREAM_TAG, b), pool_size=parent.pool_size)

    halt = _interrupt.flag()

    def block(b):
        if not halt[0]:
            work(b * BLOCK, min((b + 1) * BLOCK, n), np.random.Generator(np.random.PCG64(
                child(b))), halt)
        return min((b + 1) * BLOCK, n) - b * BLOCK

    threads = max(1, min(numba.get_num_threads(), n_blocks))
    if threads == 1 and threading.current_thread() is not threading.main_thread():
        for b in range(n_blocks):
            size = block(b)
            if on_block is not None:
                on_block(size)
        return
    pool = ThreadPoolExecutor(threads)
    window = 4 * threads          # blocks in flight: memory stays flat for huge ensembles
    futures = deque(pool.submit(block, b) for b in range(min(window, n_blocks)))
    try:
        for b in range(n_blocks):
            future = futures.popleft()
            while True:                       # timed waits: Ctrl-C is seen on every platform
                try:
                    size = future.result(timeout=0.05)
                    break
                except TimeoutError:
                    continue
            if b + window < n_blocks:
                futures.append(pool.submit(block, b + window))
            if on_block is not None:
                on_block(size)
    except KeyboardInterrupt:
        halt[0] = 1
        pool.shutdown(wait=True, cancel_futures=True)
        raise _interrupt.interrupted(what) from None
    finally:
        halt[0] = 1               # after an error in one block, the others stop too
        pool.shutdown(wait=True, cancel_futures=True)
