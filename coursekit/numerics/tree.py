r"""Arithmetic on states that are numbers, arrays or (nested) tuples of them.

The steppers of :mod:`coursekit.numerics.ode` are written once for any state shape: a small ODE
carries its state as a tuple of floats (``(x, y, z)`` for Lorenz), which Numba keeps in
registers; a field carries a NumPy array; the variational equations carry a pair
``(x, Q)`` of a state tuple and a tuple of tangent-vector tuples. The functions here act
**leaf by leaf** on such "trees" (the JAX word for them), both

* inside Numba kernels, where each function is specialised, by code generation, to the exact
  tree structure it meets (so a 3-tuple costs three floating-point operations, no loop and no
  allocation), and
* in plain Python, on tuples of floats or NumPy arrays; the arithmetic (:func:`lin`,
  :func:`wsum`, :func:`mul`, :func:`scale`, :func:`dot`) also on PyTorch tensors, so that
  :func:`coursekit.numerics.ode.rk4_step` is differentiable (the predicates and norms use NumPy).

The two agree to the last bit: the generated code sums in the same left-to-right order as the
Python code. All trees combined in one call must have the same structure.

Examples
--------
>>> lin((1.0, 2.0), 0.5, (2.0,), ((1.0, 1.0),))
(2.0, 3.0)
>>> [round(r, 12) for r in gram_schmidt(((3.0, 4.0), (1.0, 0.0)))[1]]
[5.0, 0.8]
"""

from __future__ import annotations

import math

import numpy as np
from numba import types
from numba.extending import overload

__all__ = [
    "below", "dot", "gram_schmidt", "isfinite", "lin", "matcols", "matvec", "mul",
    "normal_like", "scale", "sq_sum_count", "store", "unit_columns", "wsum",
]


def _compile(params: str, lines: list[str], namespace: dict):
    """Compile ``def impl(params): lines`` in ``namespace`` (overload implementations)."""
    src = f"def impl({params}):\n" + "\n".join(f"    {line}" for line in lines)
    ns = dict(namespace)
    exec(src, ns)  # noqa: S102 - generated from fixed templates only
    return ns["impl"]


def _is_tree(nbtype) -> bool:
    return isinstance(nbtype, types.BaseTuple)


def _n(nbtype) -> int:
    return len(nbtype)


# --- leafwise linear combinations --------------------------------------------------------------

def lin(x, h, c, ks):
    """``x + h * (c[0] * ks[0] + c[1] * ks[1] + ...)`` leaf by leaf.

    Parameters
    ----------
    x : tree
        The base state.
    h : float
        A common factor (a step size).
    c : tuple of float
        Coefficients, one per term.
    ks : tuple of trees
        The terms (each with the structure of ``x``).

    Returns
    -------
    tree
        A new tree with the structure of ``x``.

    Examples
    --------
    >>> lin((0.0, 1.0), 2.0, (1.0, 3.0), ((1.0, 0.0), (0.0, 1.0)))
    (2.0, 7.0)
    """
    if isinstance(x, tuple):
        return tuple(lin(xi, h, c, tuple(k[i] for k in ks)) for i, xi in enumerate(x))
    acc = c[0] * ks[0]
    for j in range(1, len(c)):
        acc = acc + c[j] * ks[j]
    return x + h * acc


@overload(lin)
def _lin(x, h, c, ks):
    if _is_tree(x):
        n_terms = _n(ks)
        items = ", ".join(
            "lin(x[%d], h, c, (%s))" % (i, "".join(f"ks[{j}][{i}], " for j in range(n_terms)))
            for i in range(_n(x)))
        return _compile("x, h, c, ks", [f"return ({items},)"], {"lin": lin})
    terms = " + ".join(f"c[{j}] * ks[{j}]" for j in range(_n(ks)))
    return _compile("x, h, c, ks", [f"return x + h * ({terms})"], {})


def wsum(h, c, ks):
    """``h * (c[0] * ks[0] + c[1] * ks[1] + ...)`` leaf by leaf.

    Parameters
    ----------
    h : float
        A common factor.
    c : tuple of float
        Coefficients, one per term.
    ks : tuple of trees
        The terms, all of one structure.

    Returns
    -------
    tree

    Examples
    --------
    >>> wsum(2.0, (1.0, -1.0), ((3.0,), (1.0,)))
    (4.0,)
    """
    first = ks[0]
    if isinstance(first, tuple):
        return tuple(wsum(h, c, tuple(k[i] for k in ks)) for i in range(len(first)))
    acc = c[0] * ks[0]
    for j in range(1, len(c)):
        acc = acc + c[j] * ks[j]
    return h * acc


@overload(wsum)
def _wsum(h, c, ks):
    first = ks.types[0]
    if _is_tree(first):
        n_terms = _n(ks)
        items = ", ".join(
            "wsum(h, c, (%s))" % "".join(f"ks[{j}][{i}], " for j in range(n_terms))
            for i in range(_n(first)))
        return _compile("h, c, ks", [f"return ({items},)"], {"wsum": wsum})
    terms = " + ".join(f"c[{j}] * ks[{j}]" for j in range(_n(ks)))
    return _compile("h, c, ks", [f"return h * ({terms})"], {})


def mul(x, y):
    """The leafwise product ``x * y`` of two trees of one structure.

    Parameters
    ----------
    x, y : tree
        Trees of one structure.

    Returns
    -------
    tree

    Examples
    --------
    >>> mul((2.0, 3.0), (4.0, 5.0))
    (8.0, 15.0)
    """
    if isinstance(x, tuple):
        return tuple(mul(a, b) for a, b in zip(x, y, strict=True))
    return x * y


@overload(mul)
def _mul(x, y):
    if _is_tree(x):
        items = ", ".join(f"mul(x[{i}], y[{i}])" for i in range(_n(x)))
        return _compile("x, y", [f"return ({items},)"], {"mul": mul})
    return lambda x, y: x * y


def scale(x, a):
    """The tree ``a * x`` (``a`` a number).

    Parameters
    ----------
    x : tree
    a : float

    Returns
    -------
    tree

    Examples
    --------
    >>> scale((1.0, -2.0), 3.0)
    (3.0, -6.0)
    """
    if isinstance(x, tuple):
        return tuple(scale(xi, a) for xi in x)
    return a * x


@overload(scale)
def _scale(x, a):
    if _is_tree(x):
        items = ", ".join(f"scale(x[{i}], a)" for i in range(_n(x)))
        return _compile("x, a", [f"return ({items},)"], {"scale": scale})
    return lambda x, a: a * x


# --- predicates and norms ------------------------------------------------------------------------

def isfinite(x) -> bool:
    """True if every number in the tree is finite (no NaN, no infinity).

    Parameters
    ----------
    x : tree

    Returns
    -------
    bool

    Examples
    --------
    >>> isfinite((1.0, (2.0, float("inf"))))
    False
    """
    if isinstance(x, tuple):
        return all(isfinite(xi) for xi in x)
    return bool(np.all(np.isfinite(x)))


@overload(isfinite)
def _isfinite(x):
    if _is_tree(x):
        if _n(x) == 0:
            return lambda x: True
        body = " and ".join(f"isfinite(x[{i}])" for i in range(_n(x)))
        return _compile("x", [f"return {body}"], {"isfinite": isfinite})
    if isinstance(x, types.Array):
        return lambda x: np.all(np.isfinite(x))
    return lambda x: np.isfinite(x)


def below(x, lower: float) -> bool:
    """True if some real number in the tree is below ``lower``.

    Parameters
    ----------
    x : tree of real numbers
    lower : float

    Returns
    -------
    bool

    Examples
    --------
    >>> below((1.0, -0.5), 0.0)
    True
    """
    if isinstance(x, tuple):
        return any(below(xi, lower) for xi in x)
    return bool(np.any(x < lower))


@overload(below)
def _below(x, lower):
    if _is_tree(x):
        body = " or ".join(f"below(x[{i}], lower)" for i in range(_n(x))) or "False"
        return _compile("x, lower", [f"return {body}"], {"below": below})
    if isinstance(x, types.Array):
        return lambda x, lower: np.any(x < lower)
    return lambda x, lower: x < lower


def sq_sum_count(err, x0, x1, rtol: float, atol: float):
    """Sum and count of ``(|err| / (atol + rtol max(|x0|, |x1|)))**2`` over all numbers.

    The weighted root-mean-square error of an embedded Runge–Kutta pair is
    ``sqrt(sum / count)`` (Hairer, Nørsett and Wanner, *Solving ODEs I*, II.4).

    Parameters
    ----------
    err, x0, x1 : tree
        Error estimate, state before and after the step.
    rtol, atol : float
        Relative and absolute tolerances.

    Returns
    -------
    (float, int)

    Examples
    --------
    >>> sq_sum_count((1e-6,), (1.0,), (1.0,), 1e-6, 0.0)
    (1.0, 1)
    """
    if isinstance(err, tuple):
        total, count = 0.0, 0
        for e, a, b in zip(err, x0, x1, strict=True):
            s, c = sq_sum_count(e, a, b, rtol, atol)
            total, count = total + s, count + c
        return total, count
    scale_ = atol + rtol * np.maximum(np.abs(x0), np.abs(x1))
    r = np.abs(err) / scale_
    return float(np.sum(r * r)), int(np.size(r))


@overload(sq_sum_count)
def _sq_sum_count(err, x0, x1, rtol, atol):
    if _is_tree(err):
        lines = ["total = 0.0", "count = 0"]
        for i in range(_n(err)):
            lines += [f"s, c = sq_sum_count(err[{i}], x0[{i}], x1[{i}], rtol, atol)",
                      "total += s", "count += c"]
        lines.append("return total, count")
        return _compile("err, x0, x1, rtol, atol", lines, {"sq_sum_count": sq_sum_count})
    if isinstance(err, types.Array):
        def impl(err, x0, x1, rtol, atol):
            r = np.abs(err) / (atol + rtol * np.maximum(np.abs(x0), np.abs(x1)))
            return np.sum(r * r), r.size
        return impl

    def scalar(err, x0, x1, rtol, atol):
        r = abs(err) / (atol + rtol * max(abs(x0), abs(x1)))
        return r * r, 1
    return scalar


# --- moving states in and out of arrays ----------------------------------------------------------

def store(row, x) -> None:
    """Write a flat tuple of numbers (or a 1-D array) ``x`` into the array ``row``.

    Parameters
    ----------
    row : ndarray, shape (n,)
        Destination.
    x : tuple of n numbers, or ndarray of shape (n,)

    Returns
    -------
    None

    Examples
    --------
    >>> row = np.zeros(2)
    >>> store(row, (1.0, 2.0))
    >>> row
    array([1., 2.])
    """
    for i in range(len(x)):
        row[i] = x[i]


@overload(store)
def _store(row, x):
    if _is_tree(x):
        return _compile("row, x", [f"row[{i}] = x[{i}]" for i in range(_n(x))] or ["pass"], {})

    def impl(row, x):
        for i in range(x.shape[0]):
            row[i] = x[i]
    return impl


def normal_like(rng, x):
    """Independent standard normal numbers with the structure of ``x``, drawn from ``rng``
    leaf by leaf in order (a float leaf takes one draw, an array leaf ``x.size`` draws).

    Parameters
    ----------
    rng : numpy.random.Generator
    x : tree

    Returns
    -------
    tree

    Examples
    --------
    >>> a = normal_like(np.random.default_rng(1), (0.0, 0.0))
    >>> b = tuple(np.random.default_rng(1).standard_normal(2))
    >>> a == b
    True
    """
    if isinstance(x, tuple):
        return tuple(normal_like(rng, xi) for xi in x)
    if isinstance(x, np.ndarray):
        return rng.standard_normal(x.shape)
    return float(rng.standard_normal())


@overload(normal_like)
def _normal_like(rng, x):
    if _is_tree(x):
        items = ", ".join(f"normal_like(rng, x[{i}])" for i in range(_n(x)))
        return _compile("rng, x", [f"return ({items},)"], {"normal_like": normal_like})
    if isinstance(x, types.Array):
        return lambda rng, x: rng.standard_normal(x.shape)
    return lambda rng, x: rng.standard_normal()


# --- small dense linear algebra on tuples (tangent vectors) ----------------------------------------

def dot(a, b):
    """The dot product of two flat tuples (or 1-D arrays) of equal length.

    Parameters
    ----------
    a, b : tuple of float

    Returns
    -------
    float

    Examples
    --------
    >>> dot((1.0, 2.0), (3.0, 4.0))
    11.0
    """
    acc = a[0] * b[0]
    for i in range(1, len(a)):
        acc = acc + a[i] * b[i]
    return acc


@overload(dot)
def _dot(a, b):
    body = " + ".join(f"a[{i}] * b[{i}]" for i in range(_n(a)))
    return _compile("a, b", [f"return {body}"], {})


def matvec(J, v):
    """``J @ v`` for a matrix given as a tuple of rows and a vector as a tuple.

    Parameters
    ----------
    J : tuple of tuples
        The rows of the matrix.
    v : tuple of float

    Returns
    -------
    tuple of float

    Examples
    --------
    >>> matvec(((1.0, 2.0), (3.0, 4.0)), (1.0, 1.0))
    (3.0, 7.0)
    """
    return tuple(dot(row, v) for row in J)


@overload(matvec)
def _matvec(J, v):
    items = ", ".join(f"dot(J[{i}], v)" for i in range(_n(J)))
    return _compile("J, v", [f"return ({items},)"], {"dot": dot})


def matcols(J, Q):
    """``J @ Q`` for ``Q`` given as a tuple of column vectors; returns the columns.

    Parameters
    ----------
    J : tuple of tuples
        Rows of the matrix.
    Q : tuple of tuples
        Columns.

    Returns
    -------
    tuple of tuples
        The columns of ``J @ Q``.

    Examples
    --------
    >>> matcols(((0.0, 1.0), (1.0, 0.0)), ((1.0, 2.0),))
    ((2.0, 1.0),)
    """
    return tuple(matvec(J, q) for q in Q)


@overload(matcols)
def _matcols(J, Q):
    items = ", ".join(f"matvec(J, Q[{i}])" for i in range(_n(Q)))
    return _compile("J, Q", [f"return ({items},)"], {"matvec": matvec})


def unit_columns(x):
    """The identity matrix as a tuple of ``len(x)`` unit column tuples.

    Parameters
    ----------
    x : tuple
        Only its length is used.

    Returns
    -------
    tuple of tuples

    Examples
    --------
    >>> unit_columns((0.0, 0.0))
    ((1.0, 0.0), (0.0, 1.0))
    """
    n = len(x)
    return tuple(tuple(1.0 if i == j else 0.0 for i in range(n)) for j in range(n))


@overload(unit_columns)
def _unit_columns(x):
    n = _n(x)
    cols = ", ".join("(" + "".join("1.0, " if i == j else "0.0, " for i in range(n)) + ")"
                     for j in range(n))
    return _compile("x", [f"return ({cols},)"], {})


def gram_schmidt(Q):
    """Orthonormalise the columns of ``Q`` (modified Gram–Schmidt, in order).

    This is the QR decomposition ``Q = Q' R`` with ``R``'s diagonal positive: the returned norms
    are ``R``'s diagonal, whose logarithms accumulate into Lyapunov exponents. A column that is
    linearly dependent on the previous ones has norm 0 and comes back as zeros (no division by
    zero); the caller decides what that means.

    Parameters
    ----------
    Q : tuple of tuples
        Columns (linearly independent).

    Returns
    -------
    (tuple of tuples, tuple of float)
        The orthonormal columns and the norms ``R[i, i]``.

    Examples
    --------
    >>> cols, norms = gram_schmidt(((2.0, 0.0), (1.0, 1.0)))
    >>> cols, norms
    (((1.0, 0.0), (0.0, 1.0)), (2.0, 1.0))
    """
    cols, norms = [], []
    for q in Q:
        v = q
        for u in cols:
            v = lin(v, -dot(v, u), (1.0,), (u,))
        n = math.sqrt(dot(v, v))
        cols.append(scale(v, 1.0 / n if n > 0.0 else 0.0))
        norms.append(n)
    return tuple(cols), tuple(norms)


@overload(gram_schmidt)
def _gram_schmidt(Q):
    k = _n(Q)
    lines = []
    for c in range(k):
        lines.append(f"v{c} = Q[{c}]")
        for u in range(c):
            lines.append(f"v{c} = lin(v{c}, -dot(v{c}, u{u}), (1.0,), (u{u},))")
        lines += [f"n{c} = math.sqrt(dot(v{c}, v{c}))",
                  f"u{c} = scale(v{c}, 1.0 / n{c} if n{c} > 0.0 else 0.0)"]
    cols = "".join(f"u{c}, " for c in range(k))
    norms = "".join(f"n{c}, " for c in range(k))
    lines.append(f"return ({cols}), ({norms})")
    return _compile("Q", lines, {"lin": lin, "dot": dot, "scale": scale, "math": math})
