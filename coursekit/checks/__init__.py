"""Self-check helpers for the labs: helpful messages instead of bare AssertionErrors.

A check compares a student's answer with a reference computed by coursekit and prints one of

* ``⏳ name: not answered yet`` — the answer is still ``...`` (or a function returns ``None``);
* ``❌ name: ...`` — what is off (shape, value, relative error) and a hint;
* ``✅ name: correct``.

Generic helpers live here (:func:`check`, :func:`check_function`, :func:`check_choice`); the
checks of each lab, which hold the reference answers out of the students' sight, live in a
module per lab (:mod:`coursekit.checks.ch2`).

It returns ``True`` only when the answer is correct. The environment variable
``COURSEKIT_CHECKS`` makes checks strict, for the test suite:

* ``COURSEKIT_CHECKS=solutions`` — any check that is not correct raises ``AssertionError``
  (the solutions version of a lab must pass every check);
* ``COURSEKIT_CHECKS=student`` — any check that is *not* "not answered yet" raises (the student
  version must have every solution removed, and its checks must still run).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

import numpy as np

__all__ = ["CORRECT", "NOT_ANSWERED", "WRONG", "check", "check_choice", "check_function", "report"]

NOT_ANSWERED = "not answered"
CORRECT = "correct"
WRONG = "wrong"


def _is_unanswered(answer) -> bool:
    return answer is Ellipsis or answer is None


def report(name: str, status: str, message: str, hint: str) -> bool:
    """Print the message for ``status`` and apply the strict mode of ``COURSEKIT_CHECKS``.

    The building block of every check.

    Parameters
    ----------
    name : str
        What is checked, as the student reads it.
    status : {CORRECT, WRONG, NOT_ANSWERED}
        The verdict.
    message : str
        What is off (when correct, a remark; when not answered, what to do, by default
        "Replace the `...` with your answer and run the cell.").
    hint : str
        A hint shown with a wrong answer.

    Returns
    -------
    bool
        True only for ``CORRECT``.

    Raises
    ------
    AssertionError
        Only in the strict modes of ``COURSEKIT_CHECKS`` (the test suite's), when the check is
        not correct (``solutions``) or not unanswered (``student``).

    Examples
    --------
    >>> report("answer", WRONG, "too large", "halve it")
    ❌ answer: too large
       Hint: halve it
    False
    """
    if status == CORRECT:
        text = f"✅ {name}: correct. {message}".rstrip()
    elif status == NOT_ANSWERED:
        todo = message or "Replace the `...` with your answer and run the cell."
        text = f"⏳ {name}: not answered yet. {todo}"
    else:
        text = f"❌ {name}: {message}" + (f"\n   Hint: {hint}" if hint else "")
    print(text)
    mode = os.environ.get("COURSEKIT_CHECKS", "").strip().lower()
    if mode == "solutions" and status != CORRECT:
        raise AssertionError(text)
    if mode == "student" and status != NOT_ANSWERED:
        raise AssertionError(f"student version should be unanswered, but: {text}")
    return status == CORRECT


def _compare(answer, expected, rtol: float, atol: float) -> tuple[str, str]:
    try:
        a = np.asarray(answer, dtype=complex if np.iscomplexobj(expected) else float)
    except (TypeError, ValueError):
        return WRONG, f"expected a number or an array of numbers, got {type(answer).__name__}"
    e = np.asarray(expected)
    if a.shape != e.shape:
        return WRONG, f"expected shape {e.shape}, got shape {a.shape}"
    if not np.all(np.isfinite(a)):
        return WRONG, "your answer contains NaN or infinity"
    if np.allclose(a, e, rtol=rtol, atol=atol):
        return CORRECT, ""
    err = np.max(np.abs(a - e) / np.maximum(np.abs(e), atol if atol > 0 else 1e-300))
    if a.ndim == 0:
        return WRONG, f"you have {a.item():.6g}, which is off by a relative {err:.2g} (allowed {rtol:g})"
    worst = np.unravel_index(np.argmax(np.abs(a - e)), a.shape)
    return WRONG, (
        f"values differ, most at index {tuple(int(i) for i in worst)}: you have "
        f"{a[worst]:.6g}; the relative error is up to {err:.2g} (allowed {rtol:g})"
    )


def check(name: str, answer, expected, *, rtol: float = 1e-6, atol: float = 0.0,
          hint: str = "") -> bool:
    """Check a number or array ``answer`` against ``expected`` (``numpy.allclose``).

    Parameters
    ----------
    name : str
        What is checked.
    answer : number, array_like or ``...``
        The student's answer (``...`` or None: not answered yet).
    expected : number or array_like
        The reference.
    rtol, atol : float
        Tolerances of ``numpy.allclose``.
    hint : str
        Shown with a wrong answer.

    Returns
    -------
    bool
        True if correct.

    Raises
    ------
    AssertionError
        Only in the strict modes of ``COURSEKIT_CHECKS`` (the test suite's), when the check is
        not correct (``solutions``) or not unanswered (``student``).

    Examples
    --------
    >>> check("two", 2.0, 2.0)
    ✅ two: correct.
    True
    >>> check("pi", 3.0, 3.14159, rtol=1e-3, hint="use numpy.pi")
    ❌ pi: you have 3, which is off by a relative 0.045 (allowed 0.001)
       Hint: use numpy.pi
    False
    >>> check("later", ..., 1.0)
    ⏳ later: not answered yet. Replace the `...` with your answer and run the cell.
    False
    """
    if _is_unanswered(answer):
        return report(name, NOT_ANSWERED, "", hint)
    status, message = _compare(answer, expected, rtol, atol)
    return report(name, status, message, hint)


def check_function(name: str, func: Callable, reference: Callable, cases: Sequence[tuple], *,
                   rtol: float = 1e-8, atol: float = 0.0, hint: str = "") -> bool:
    """Check a student's function on ``cases`` (argument tuples) against ``reference``.

    A function that still returns ``None`` (its body not written) counts as not answered; one
    that raises is reported with the exception and the arguments that caused it.

    Parameters
    ----------
    name : str
        What is checked.
    func : callable
        The student's function.
    reference : callable
        The reference implementation.
    cases : sequence of tuple
        Argument tuples to try.
    rtol, atol : float
        Tolerances.
    hint : str
        Shown with a wrong answer.

    Returns
    -------
    bool
        True if correct on every case.

    Raises
    ------
    AssertionError
        Only in the strict modes of ``COURSEKIT_CHECKS`` (the test suite's), when the check is
        not correct (``solutions``) or not unanswered (``student``).

    Examples
    --------
    >>> def square(x):
    ...     return x * x
    >>> check_function("square", square, lambda x: x**2, [(1.0,), (3.0,)])
    ✅ square: correct. (2 cases)
    True
    """
    if not callable(func):
        return report(name, WRONG, f"expected a function, got {type(func).__name__}", hint)
    for args in cases:
        try:
            got = func(*args)
        except Exception as err:  # noqa: BLE001 - report any student error helpfully
            return report(
                name, WRONG, f"calling it with {args!r} raised {type(err).__name__}: {err}", hint
            )
        if got is None:
            return report(name, NOT_ANSWERED, "", hint)
        status, message = _compare(got, reference(*args), rtol, atol)
        if status != CORRECT:
            return report(name, status, f"for arguments {args!r}: {message}", hint)
    return report(name, CORRECT, f"({len(cases)} cases)", hint)


def check_choice(name: str, answer, expected: str, options: Sequence[str], *,
                 hint: str = "") -> bool:
    """Check a multiple-choice ``answer`` (one of ``options``, compared case-insensitively).

    Parameters
    ----------
    name : str
        What is checked.
    answer : str or ``...``
        The student's choice.
    expected : str
        The right option.
    options : sequence of str
        All options.
    hint : str
        Shown with a wrong answer.

    Returns
    -------
    bool
        True if correct.

    Raises
    ------
    AssertionError
        Only in the strict modes of ``COURSEKIT_CHECKS`` (the test suite's), when the check is
        not correct (``solutions``) or not unanswered (``student``).

    Examples
    --------
    >>> check_choice("winner", "x wins", "x wins", ["x wins", "y wins"])
    ✅ winner: correct.
    True
    """
    if _is_unanswered(answer):
        return report(name, NOT_ANSWERED, "", hint)
    choices = {o.lower(): o for o in options}
    if not isinstance(answer, str) or answer.strip().lower() not in choices:
        return report(name, WRONG, f"answer with one of {list(options)}; you gave {answer!r}", hint)
    if answer.strip().lower() == expected.lower():
        return report(name, CORRECT, "", hint)
    return report(name, WRONG, f"{answer!r} is not right", hint)
