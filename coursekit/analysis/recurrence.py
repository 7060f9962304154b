r"""Recurrence analysis: recurrence matrices and recurrence quantification (RQA).

Two states of an orbit :math:`x_i` (rows of an array, time first) *recur* when
:math:`\lVert x_i - x_j\rVert \le \varepsilon` (Euclidean norm). From the recurrence matrix
:math:`R_{ij}` with the Theiler window :math:`|i - j| \le w` excluded:

* recurrence rate ``RR``: the fraction of recurrent pairs;
* determinism ``DET``: the fraction of recurrent points on diagonal lines of length
  :math:`\ge \ell_{\min}` (a deterministic signal returns *and stays close*);
* laminarity ``LAM``: the same for vertical lines of length :math:`\ge v_{\min}`;
* ``L``: mean length of those diagonal lines; ``L_max``; ``TT``: mean vertical length.

:func:`recurrence_quantification` never stores the matrix (one row at a time in compiled code,
O(n) memory, O(n²) time). :func:`recurrence_matrix` returns it, dense for short series and as
a sparse matrix (a k-d tree finds the pairs) for long ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coursekit import _budget, _interrupt
from coursekit import _validate as V
from coursekit._results import Result
from coursekit.analysis import _kernels
from coursekit.numerics.neighbours import kdtree

__all__ = ["RQA", "recurrence_matrix", "recurrence_quantification"]


def _orbit(x) -> np.ndarray:
    x = V.array("x", x)
    if x.ndim == 1:
        x = x[:, None]
    if x.ndim != 2 or x.shape[0] < 2:
        raise V.fail("x", "an orbit of shape (n_times, dim) with n_times >= 2", x.shape)
    return np.ascontiguousarray(x)


def _pair_count(x: np.ndarray, eps: float, tree) -> float:
    """The number of pairs closer than ``eps``, estimated from the neighbour counts of at most
    2000 random points of the orbit in the whole orbit (to size the memory before the full
    search; random points see the near-diagonal pairs of a densely sampled orbit too)."""
    n = x.shape[0]
    picks = np.random.default_rng(0).choice(n, size=min(n, 2000), replace=False)
    counts = tree.query_ball_point(x[picks], eps, return_length=True) - 1   # not itself
    return float(np.mean(counts)) * n / 2


def recurrence_matrix(x, eps: float, theiler: int = 0, sparse: bool | None = None,
                      max_memory: float | None = None):
    """The recurrence matrix ``R_ij = |x_i - x_j| <= eps`` (Theiler window excluded).

    Parameters
    ----------
    x : array_like, shape (n_times, dim) or (n_times,)
        The orbit, time first.
    eps : float
        Threshold, ``> 0``.
    theiler : int
        Pairs with ``|i - j| <= theiler`` are excluded, ``>= 0``.
    sparse : bool, optional
        Return a SciPy CSR matrix (default: when ``n_times > 4000``).
    max_memory : float, optional
        Ceiling in bytes on the memory of the computation (default 2 GiB): about
        ``n_times**2 * (16 dim + 41)`` for the dense matrix (its temporaries included), and
        about 100 bytes per recurrent pair for the sparse one (the pairs are counted from a
        sample of the orbit first).

    Returns
    -------
    ndarray of bool or scipy.sparse.csr_matrix, shape (n_times, n_times)

    Raises
    ------
    InputError
        For NaN, a bad shape, ``eps`` or ``theiler``, or a matrix beyond ``max_memory``.

    Examples
    --------
    >>> recurrence_matrix([0.0, 0.05, 1.0], eps=0.1).astype(int)
    array([[0, 1, 0],
           [1, 0, 0],
           [0, 0, 0]])
    """
    x = _orbit(x)
    eps = V.positive("eps", eps)
    theiler = V.integer("theiler", theiler, minimum=0)
    n = x.shape[0]
    if sparse is None:
        sparse = n > 4000
    tree = kdtree(x) if sparse else None
    memory = (float(n) * n * (16.0 * x.shape[1] + 41.0) if not sparse
              else 100.0 * _pair_count(x, eps, tree))
    _budget.check("recurrence_matrix", memory=memory, max_memory=max_memory,
                  fix="use a smaller eps (the recurrence rate is best kept to a few per cent) or "
                      "a shorter orbit")
    if not sparse:
        d2 = np.sum((x[:, None, :] - x[None, :, :]) ** 2, axis=-1)
        R = d2 <= eps * eps
        i, j = np.indices(R.shape)
        R[np.abs(i - j) <= theiler] = False
        return R
    from scipy import sparse as sp  # here: scipy.sparse is needed only for long orbits

    pairs = tree.query_pairs(eps, output_type="ndarray")
    pairs = pairs[np.abs(pairs[:, 0] - pairs[:, 1]) > theiler]
    rows = np.concatenate([pairs[:, 0], pairs[:, 1]])
    cols = np.concatenate([pairs[:, 1], pairs[:, 0]])
    return sp.csr_matrix((np.ones(rows.size, dtype=bool), (rows, cols)), shape=(n, n))


@dataclass(frozen=True, eq=False)
class RQA(Result):
    """Recurrence quantities (see the module docstring).

    Attributes
    ----------
    rr : float
        Recurrence rate.
    det : float
        Determinism.
    lam : float
        Laminarity.
    L : float
        Mean diagonal line length.
    L_max : int
        Longest diagonal line.
    TT : float
        Trapping time (mean vertical line length).

    Examples
    --------
    >>> t = np.linspace(0, 20 * np.pi, 2000)
    >>> q = recurrence_quantification(np.column_stack([np.sin(t), np.cos(t)]), eps=0.1)
    >>> q.det > 0.99
    True
    """

    rr: float
    det: float
    lam: float
    L: float
    L_max: int
    TT: float


def recurrence_quantification(x, eps: float, theiler: int = 1, l_min: int = 2,
                              v_min: int = 2, max_work: float | None = None) -> RQA:
    """Recurrence rate, determinism, laminarity and line lengths of an orbit.

    Computed row by row in compiled code: O(n) memory, O(n²) time.

    Parameters
    ----------
    x : array_like, shape (n_times, dim) or (n_times,)
        The orbit.
    eps : float
        Threshold, ``> 0``.
    theiler : int
        Theiler window, ``>= 0``.
    l_min, v_min : int
        Shortest diagonal and vertical lines counted, ``>= 1``.
    max_work : float, optional
        Ceiling on the ``n_times**2`` distances computed (default
        :data:`coursekit._budget.MAX_WORK`).

    Returns
    -------
    RQA

    Raises
    ------
    InputError
        For bad input, or an orbit so long that ``n_times**2`` passes ``max_work``.

    Examples
    --------
    >>> t = np.linspace(0, 20 * np.pi, 2000)
    >>> q = recurrence_quantification(np.column_stack([np.sin(t), np.cos(t)]), eps=0.1)
    >>> round(q.det, 3)
    1.0
    """
    x = _orbit(x)
    eps = V.positive("eps", eps)
    theiler = V.integer("theiler", theiler, minimum=0)
    l_min = V.integer("l_min", l_min, minimum=1)
    v_min = V.integer("v_min", v_min, minimum=1)
    n = x.shape[0]
    _budget.check("recurrence_quantification", work=float(n) * n, unit="distances",
                  per_second=3e8, max_work=max_work, fix="use a shorter orbit")
    n_rec, diag, vert = _interrupt.call("recurrence_quantification", _kernels.recurrence_lines,
                                        x, eps, theiler, work=float(n) * n / 100)
    lengths = np.arange(diag.size)
    pairs = n * n - n - 2 * sum(n - k for k in range(1, min(theiler, n - 1) + 1))
    upper = n_rec / 2
    in_lines = np.sum(lengths[l_min:] * diag[l_min:])
    n_lines = np.sum(diag[l_min:])
    in_vert = np.sum(lengths[v_min:] * vert[v_min:])
    n_vert = np.sum(vert[v_min:])
    nonzero = np.nonzero(diag)[0]
    return RQA(
        rr=n_rec / pairs if pairs else 0.0,
        det=float(in_lines / upper) if upper else 0.0,
        lam=float(in_vert / n_rec) if n_rec else 0.0,
        L=float(in_lines / n_lines) if n_lines else 0.0,
        L_max=int(nonzero[-1]) if nonzero.size else 0,
        TT=float(in_vert / n_vert) if n_vert else 0.0,
        method="recurrence quantification, Euclidean norm",
        stats={"eps": eps, "theiler": theiler, "n": n},
    )
