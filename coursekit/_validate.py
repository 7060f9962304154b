"""Input validation, in one place: every public function checks its arguments here.

Each helper returns the value converted to the type the kernels need (``float``, ``int``, a
NumPy array), or raises :class:`~coursekit.errors.InputError` (a ``ValueError`` and a
``TypeError``) whose message names the argument, says what it must be and shows what it got:
``"dt must be a positive, finite number; got -0.1"``.

Booleans are never accepted as numbers (``True`` is an ``int`` in Python, almost never what a
caller meant), and NumPy scalars and 0-d arrays are accepted wherever a number is.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np

from coursekit.errors import InputError


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def fail(name: str, requirement: str, value) -> InputError:
    """The error for argument ``name`` that must be ``requirement`` and is ``value``.

    Examples
    --------
    >>> str(fail("dt", "a positive, finite number", -1.0))
    'dt must be a positive, finite number; got -1.0'
    """
    return InputError(f"{name} must be {requirement}; got {_show(value)}")


def _scalar(value):
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return value.item()
    return value


def number(name: str, value, *, lo: float | None = None, hi: float | None = None,
           lo_open: bool = False, hi_open: bool = False, what: str | None = None) -> float:
    """A finite real number, optionally within ``[lo, hi]`` (ends open with ``lo_open``,
    ``hi_open``). ``what`` overrides the description in the message.

    Examples
    --------
    >>> number("p", 0.5, lo=0.0, hi=1.0)
    0.5
    >>> number("p", 2, lo=0.0, hi=1.0)
    Traceback (most recent call last):
    ...
    coursekit.errors.InputError: p must be a finite number in [0.0, 1.0]; got 2
    """
    v = _scalar(value)
    if what is None:
        parts = []
        if lo is not None:
            parts.append(f"{'(' if lo_open else '['}{lo}")
        if hi is not None:
            parts.append(f"{hi}{')' if hi_open else ']'}")
        if lo is not None and hi is not None:
            what = f"a finite number in {parts[0]}, {parts[1]}"
        elif lo is not None:
            what = f"a finite number {'>' if lo_open else '>='} {lo}"
        elif hi is not None:
            what = f"a finite number {'<' if hi_open else '<='} {hi}"
        else:
            what = "a finite number"
    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        raise fail(name, what, value)
    v = float(v)
    if not np.isfinite(v):
        raise fail(name, what, value)
    if lo is not None and (v < lo or (lo_open and v == lo)):
        raise fail(name, what, value)
    if hi is not None and (v > hi or (hi_open and v == hi)):
        raise fail(name, what, value)
    return v


def positive(name: str, value) -> float:
    """A positive, finite number (``> 0``).

    Examples
    --------
    >>> positive("rate", 2)
    2.0
    """
    return number(name, value, lo=0.0, lo_open=True, what="a positive, finite number")


def nonnegative(name: str, value) -> float:
    """A non-negative, finite number (``>= 0``).

    Examples
    --------
    >>> nonnegative("sigma", 0)
    0.0
    """
    return number(name, value, lo=0.0, what="a non-negative, finite number")


def probability(name: str, value) -> float:
    """A number in ``[0, 1]`` (a probability per attempt).

    Examples
    --------
    >>> probability("p", 1)
    1.0
    """
    return number(name, value, lo=0.0, hi=1.0, what="a probability in [0, 1]")


def integer(name: str, value, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """An integer (``int`` or NumPy integer; a float with an integer value is accepted too),
    optionally within ``[minimum, maximum]``.

    Examples
    --------
    >>> integer("n_runs", 10.0, minimum=1)
    10
    >>> integer("n_runs", 0, minimum=1)
    Traceback (most recent call last):
    ...
    coursekit.errors.InputError: n_runs must be an integer >= 1; got 0
    """
    if minimum is not None and maximum is not None:
        what = f"an integer in [{minimum}, {maximum}]"
    elif minimum is not None:
        what = f"an integer >= {minimum}"
    elif maximum is not None:
        what = f"an integer <= {maximum}"
    else:
        what = "an integer"
    v = _scalar(value)
    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        raise fail(name, what, value)
    if isinstance(v, numbers.Integral):
        v = int(v)
    else:
        f = float(v)
        if not np.isfinite(f) or f != round(f):
            raise fail(name, what, value)
        v = int(round(f))
    if (minimum is not None and v < minimum) or (maximum is not None and v > maximum):
        raise fail(name, what, value)
    return v


def choice(name: str, value, options: Sequence):
    """One of ``options`` (compared with ``==``).

    Examples
    --------
    >>> choice("method", "rk4", ("rk4", "scipy"))
    'rk4'
    """
    for o in options:
        same_kind = (isinstance(value, str) == isinstance(o, str)
                     and isinstance(value, bool) == isinstance(o, bool))
        try:
            if same_kind and bool(value == o):
                return o
        except (TypeError, ValueError):   # e.g. an array compared with a string
            pass
    raise fail(name, f"one of {tuple(options)}", value)


def instance(name: str, value, cls, what: str):
    """``value`` if it is an instance of ``cls`` (described to the user as ``what``).

    Examples
    --------
    >>> instance("n", 3, int, "an int")
    3
    """
    if not isinstance(value, cls):
        raise fail(name, what, value)
    return value


def array(name: str, value, *, shape: tuple | None = None, ndim: int | None = None,
          dtype=float, finite: bool = True, nonnegative: bool = False,
          min_size: int = 0) -> np.ndarray:
    """A NumPy array of ``dtype`` with the given ``shape`` (``None`` entries match any length)
    or number of dimensions; finite (no NaN or infinity) and non-negative if asked.

    Strings, booleans, dates and complex numbers (for a real ``dtype``) are refused: NumPy would
    silently read ``"1.0"`` as a number, ``True`` as 1 and drop an imaginary part. An integer
    ``dtype`` accepts only integer values (NumPy would silently truncate 2.5 to 2).

    Examples
    --------
    >>> array("x0", [1, 2], shape=(2,))
    array([1., 2.])
    >>> array("x0", [1.0, float("nan")], shape=(2,))
    Traceback (most recent call last):
    ...
    coursekit.errors.InputError: x0 must be finite (no NaN or infinity); got [1.0, nan]
    """
    what = f"an array of {np.dtype(dtype).name} numbers"
    try:
        raw = np.asarray(value)
        real_wanted = np.dtype(dtype).kind != "c"
        if raw.dtype.kind in "bUSVMm" or (raw.dtype.kind == "c" and real_wanted) or (
                raw.dtype.kind == "O" and any(isinstance(v, (str, bytes, bool, complex))
                                              or v is None for v in raw.ravel())):
            raise TypeError
        arr = np.asarray(value, dtype=complex if raw.dtype.kind == "c" and np.dtype(dtype).kind
                         == "c" else (float if np.dtype(dtype).kind in "iu" else dtype))
    except (TypeError, ValueError, OverflowError):
        raise fail(name, what, value) from None
    if np.dtype(dtype).kind in "iu":
        if not np.all(np.isfinite(arr)) or np.any(arr != np.round(arr)):
            raise fail(name, "an array of integers", value)
        arr = arr.astype(dtype)
    if shape is not None:
        ok = arr.ndim == len(shape) and all(s is None or s == n for s, n in zip(shape, arr.shape,
                                                                            strict=False))
        if not ok:
            want = "(" + ", ".join("any" if s is None else str(s) for s in shape) + \
                   ("," if len(shape) == 1 else "") + ")"
            raise InputError(f"{name} must have shape {want}; got shape {arr.shape}")
    if ndim is not None and arr.ndim != ndim:
        raise InputError(f"{name} must be a {ndim}-D array; got shape {arr.shape}")
    if arr.size < min_size:
        raise InputError(f"{name} must hold at least {min_size} values; got {arr.size}")
    if finite and np.issubdtype(arr.dtype, np.inexact) and not np.all(np.isfinite(arr)):
        raise fail(name, "finite (no NaN or infinity)", value)
    if nonnegative and np.any(arr < 0):
        raise fail(name, "non-negative", value)
    return arr


def times(name: str, value, *, allow_empty: bool = False) -> np.ndarray:
    """Recording times: a 1-D, finite, non-negative, non-decreasing array of floats.

    Examples
    --------
    >>> times("t_eval", [0, 1, 2])
    array([0., 1., 2.])
    >>> times("t_eval", [0, 2, 1])
    Traceback (most recent call last):
    ...
    coursekit.errors.InputError: t_eval must be non-decreasing; got [0, 2, 1]
    """
    t = array(name, value, ndim=1, min_size=0 if allow_empty else 1)
    if np.any(t < 0):
        raise fail(name, "non-negative (time starts at 0)", value)
    if np.any(np.diff(t) < 0):
        raise fail(name, "non-decreasing", value)
    return t


def run_times(t_end, t_eval) -> tuple[float | None, np.ndarray | None]:
    """The solver vocabulary's ``t_end`` and ``t_eval``, checked together.

    A run starts at ``t = 0``; give the final time ``t_end``, or the recording times ``t_eval``,
    or both with ``t_eval[-1] == t_end``. Returns ``(t_end, t_eval)`` with ``t_end`` filled in
    from ``t_eval`` and ``t_eval`` ``None`` when not given.

    Examples
    --------
    >>> run_times(None, [0.0, 0.5, 1.0])
    (1.0, array([0. , 0.5, 1. ]))
    >>> run_times(2.0, None)
    (2.0, None)
    """
    if t_eval is not None:
        t_eval = times("t_eval", t_eval)
        if t_end is not None:
            t_end = nonnegative("t_end", t_end)
            if not np.isclose(t_end, t_eval[-1], rtol=1e-12, atol=0.0):
                raise InputError(f"t_end={t_end} differs from the last recording time "
                                 f"t_eval[-1]={t_eval[-1]}; give t_eval alone, or both equal")
        return float(t_eval[-1]), t_eval
    if t_end is None:
        raise InputError("give the final time t_end or the recording times t_eval")
    return positive("t_end", t_end), None
