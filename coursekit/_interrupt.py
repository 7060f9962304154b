"""Interrupt for compiled kernels: Ctrl-C (Jupyter's Interrupt) stops a long run cleanly.

While a compiled kernel runs, the interpreter that called it cannot act on a signal: Python
only runs its ``SIGINT`` handler between bytecodes, so an Interrupt would wait until the kernel
finished (minutes, for a long run) and could then surface inside Numba's dispatcher as a
``SystemError``. coursekit therefore runs every long kernel through :func:`call`:

* the kernel (compiled with ``nogil=True``) runs in a helper thread, while the calling thread
  waits; waiting on a lock is interruptible, so the ``KeyboardInterrupt`` arrives at once;
* the kernel takes a one-element ``halt`` array as its last argument and checks it every
  :data:`POLL` iterations of its main loop (one load of one byte: no measurable cost); when
  the interrupt arrives, :func:`call` sets the flag, waits for the kernel to return (well under
  a millisecond of work remains), and raises ``KeyboardInterrupt`` with a short message;
* the interpreter, the inputs and every earlier result stay as they were: nothing has to be
  restarted.

Outside the main thread (a Dask worker, a thread pool) no signal can arrive, and the kernel is
called directly, without a helper thread.
"""

from __future__ import annotations

import threading

import numpy as np

__all__ = ["POLL", "call", "flag", "interrupted"]

#: Kernels check their ``halt`` flag when their iteration counter is a multiple of this.
POLL = 1 << 12


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
    'gillespie interrupted; nothing was changed, the interpreter is ready for the next cell'
    """
    return KeyboardInterrupt(f"{what} interrupted; nothing was changed, the interpreter is "
                             "ready for the next cell")


def call(what: str, kernel, *args, halt: np.ndarray | None = None):
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
    if threading.current_thread() is not threading.main_thread():
        return kernel(*args, halt)
    box: dict = {}

    def run():
        try:
            box["value"] = kernel(*args, halt)
        except BaseException as err:        # re-raised in the calling thread
            box["error"] = err

    helper = threading.Thread(target=run, name=f"coursekit {what}", daemon=True)
    helper.start()
    try:
        helper.join()
    except KeyboardInterrupt:
        halt[0] = 1
        while helper.is_alive():        # a second Ctrl-C must not leave the kernel running
            try:
                helper.join()
            except KeyboardInterrupt:
                pass
        raise interrupted(what) from None
    if "error" in box:
        raise box["error"]
    if halt[0]:
        raise interrupted(what)
    return box["value"]
