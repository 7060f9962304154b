"""Work and memory, estimated before a run starts: a typo never runs for hours.

Every public simulation estimates, from its arguments alone, how much work it will do (events,
site updates, steps times grid points, in the unit it names) and how much memory its results
will take, and refuses with :class:`~coursekit.errors.InputError` when either passes its
ceiling. The message gives the estimate, the time it would take at the kernel's measured speed,
what to change, and the keyword (``max_work`` or ``max_memory``) that raises the ceiling for a
run that is meant to be that large.

The defaults: :data:`MAX_WORK` elementary updates (from about half a minute to a quarter of an
hour of one core, depending on the kernel: each message states its own estimate) and
:data:`MAX_MEMORY` bytes of results. ``max_work=float("inf")`` lifts a ceiling.
"""

from __future__ import annotations

import math

from coursekit import _validate as V
from coursekit.errors import InputError

__all__ = ["MAX_MEMORY", "MAX_WORK", "check", "duration"]

#: Default ceiling of one call's work, in elementary updates (see the module docstring).
MAX_WORK = 1e10
#: Default ceiling of the memory one call's results may take, in bytes (2 GiB).
MAX_MEMORY = 2.0 * 2**30


def duration(seconds: float) -> str:
    """A rough, readable duration: ``"3 s"``, ``"12 min"``, ``"4.2 h"``, ``"17 days"``.

    Parameters
    ----------
    seconds : float

    Returns
    -------
    str

    Raises
    ------
    TypeError
        If ``seconds`` is not a number.

    Examples
    --------
    >>> duration(2.5), duration(720), duration(15000), duration(1.5e6)
    ('2.5 s', '12 min', '4.2 h', '17 days')
    """
    if seconds < 60:
        return f"{seconds:.2g} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.2g} h"
    return f"{seconds / 86400:.0f} days"


def _size(nbytes: float) -> str:
    for unit, scale in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20)):
        if nbytes >= scale:
            return f"{nbytes / scale:.3g} {unit}"
    return f"{nbytes:.0f} bytes"


def _up(value: float) -> str:
    """``value`` rounded *up* to two significant digits, so that passing it is enough."""
    if not math.isfinite(value) or value <= 0:
        return "inf"
    digits = 10 ** (math.floor(math.log10(value)) - 1)
    return f"{math.ceil(value / digits) * digits:.2g}"


def check(what: str, *, work: float = 0.0, unit: str = "updates", per_second: float = 1e7,
          memory: float = 0.0, max_work=None, max_memory=None, fix: str = "") -> None:
    """Refuse a run whose estimated work or memory passes its ceiling.

    Parameters
    ----------
    what : str
        The run (``"annihilation"``).
    work : float
        Estimated work, in ``unit``.
    unit : str
        What is counted (``"site updates"``).
    per_second : float
        The kernel's speed, for the time estimate in the message.
    memory : float
        Estimated bytes of the results.
    max_work, max_memory : float or None
        The caller's ceilings (``None``: :data:`MAX_WORK`, :data:`MAX_MEMORY`; ``inf``: none).
    fix : str
        What to change, e.g. ``"shorten t_eval"``.

    Returns
    -------
    None

    Raises
    ------
    InputError
        If an estimate passes its ceiling, or a ceiling is not a positive number.

    Examples
    --------
    >>> check("demo", work=1e6)
    >>> try:
    ...     check("demo", work=1e12, unit="events", per_second=1e7, fix="shorten t_end")
    ... except ValueError as err:
    ...     print(err)
    demo would take about 1e+12 events (about 28 h at 1e+07 per second), more than max_work = \
1e+10; shorten t_end, or pass max_work=1e+12 if you mean it
    """
    max_work = MAX_WORK if max_work is None else _ceiling("max_work", max_work)
    max_memory = MAX_MEMORY if max_memory is None else _ceiling("max_memory", max_memory)
    fix = f"{fix}, or " if fix else ""
    if not work <= max_work:                      # NaN and inf too
        raise InputError(f"{what} would take about {work:.2g} {unit} (about "
                         f"{duration(work / per_second)} at {per_second:.2g} per second), more "
                         f"than max_work = {max_work:.2g}; {fix}pass max_work={_up(work)} if "
                         "you mean it")
    if not memory <= max_memory:
        raise InputError(f"the results of {what} would take about {_size(memory)} of memory, "
                         f"more than max_memory = {_size(max_memory)}; {fix}pass "
                         f"max_memory={_up(memory)} if the machine has it")


def _ceiling(name: str, value) -> float:
    if isinstance(value, float) and value == math.inf:
        return value
    return V.positive(name, value)
