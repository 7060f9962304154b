"""Interrupt for compiled kernels: Ctrl-C (Jupyter's Interrupt) stops a long run cleanly.

While a compiled kernel runs, the interpreter that called it cannot act on a signal: Python
only runs its ``SIGINT`` handler between bytecodes, so an Interrupt would wait until the kernel
finished (minutes, for a long run) and could then surface inside Numba's dispatcher as a
``SystemError``. coursekit therefore runs every long kernel through :func:`call`:

* the kernel (compiled with ``nogil=True``) runs in a helper thread, while the calling thread
  waits on an event in short timed waits, so the ``KeyboardInterrupt`` arrives at once (a plain
  ``Thread.join`` can report a still-running thread as finished after an interrupt, CPython
  issue bpo-45274);
* the kernel takes a one-element ``halt`` array as its last argument and checks it every
  :data:`POLL` iterations of its main loop (one load of one byte: no measurable cost); when
  the interrupt (or any other exception in the waiting thread) arrives, :func:`call` sets the
  flag, waits until the kernel has returned (well under a millisecond of work remains), and
  raises ``KeyboardInterrupt`` with a short message;
* the interpreter, the inputs and every earlier result stay as they were (a ``Generator``
  passed as the seed has advanced, as after any run): nothing has to be restarted.

Outside the main thread (a Dask worker, a thread pool) no signal can arrive, and the kernel is
called directly, without a helper thread; so is a run known to be short (:data:`DIRECT`).
"""

from __future__ import annotations

import threading

import numpy as np

__all__ = ["DIRECT", "POLL", "call", "flag", "interrupted"]

#: Kernels check their ``halt`` flag when their iteration counter is a multiple of this.
POLL = 1 << 12          # a power of two: kernels test ``i & (POLL - 1) == 0``
#: Runs whose estimated work is below this many elementary steps (milliseconds) are called
#: directly: a helper thread costs ~0.1 ms, more than such a run, and a signal arriving during
#: it is delivered as soon as it returns.
DIRECT = 1e5


def flag() -> np.ndarray:
    """A fresh halt flag: ``np.zeros(1, np.uint8)``, set to 1 to ask kernels to stop.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> flag()
    array([0], dtype=uint8)
    """
    return np.zeros(1, dtype=np.uint8)


def interrupted(what: str) -> KeyboardInterrupt:
    """The ``KeyboardInterrupt`` raised when a run was stopped by the user.

    Parameters
    ----------
    what : str
        The run, e.g. ``"gillespie"``.

    Returns
    -------
    KeyboardInterrupt

    Raises
    ------
    TypeError
        Never for a string.

    Examples
    --------
    >>> str(interrupted("gillespie"))
    'gillespie interrupted and stopped; the interpreter is ready for the next cell'
    """
    return KeyboardInterrupt(f"{what} interrupted and stopped; the interpreter is ready for the "
                             "next cell")


def call(what: str, kernel, *args, halt: np.ndarray | None = None, work: float | None = None):
    """``kernel(*args, halt)``, stoppable by Ctrl-C (see the module docstring).

    Parameters
    ----------
    what : str
        The run's name, for the message of the ``KeyboardInterrupt``.
    kernel : callable
        A kernel compiled with ``nogil=True`` whose last argument is the halt flag.
    *args
        Its other arguments.
    halt : ndarray, optional
        The flag to pass (a fresh one by default).
    work : float, optional
        The run's estimated work in elementary steps; below :data:`DIRECT` the kernel is
        called directly, without a helper thread.

    Returns
    -------
    object
        What the kernel returns.

    Raises
    ------
    KeyboardInterrupt
        If the user interrupted the run (the kernel has stopped by then).

    Examples
    --------
    >>> call("sum", lambda x, halt: int(x.sum()), np.arange(4))
    6
    """
    if halt is None:
        halt = flag()
    if (work is not None and work < DIRECT) or (
            threading.current_thread() is not threading.main_thread()):
        return kernel(*args, halt)
    box: dict = {}
    done = threading.Event()

    def run():
        try:
            box["value"] = kernel(*args, halt)
        except BaseException as err:        # re-raised in the calling thread
            box["error"] = err
        finally:
            done.set()

    threading.Thread(target=run, name=f"coursekit {what}", daemon=True).start()
    try:
        while not done.wait(0.05):          # a timed wait: Ctrl-C is seen on every platform
            pass
    except BaseException as err:            # Ctrl-C, or any other exception (a timer)
        halt[0] = 1
        while not done.is_set():            # the kernel stops at its next check; a second
            try:                            # Ctrl-C must not leave it running
                done.wait(0.05)
            except KeyboardInterrupt:
                pass
        if isinstance(err, KeyboardInterrupt):
            raise interrupted(what) from None
        raise
    if "error" in box:
        raise box["error"]
    if halt[0]:
        raise interrupted(what)
    return box["value"]
