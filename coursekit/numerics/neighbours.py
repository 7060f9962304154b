r"""Neighbour search: which points lie near which (the floor that fish schools and recurrence
plots share).

* :func:`kdtree`: SciPy's k-d tree, imported on first use (``scipy.spatial`` takes ~0.25 s to
  import), for static point sets and nearest-neighbour queries.
* **Cell lists** for moving particles, compiled: :func:`build_cells` sorts the points by the
  cube of side ``radius`` that holds them; the neighbours of a point within ``radius`` lie in
  its own cube and the 26 around it (:func:`cell_range`). The cubes are counted from the
  points' own bounding box, rebuilt at every call, so the grid follows a school wherever it
  swims. When the box holds at most :math:`8N` cubes, a table over all of them is filled by a
  counting sort (:math:`O(N)`) and looked up directly; otherwise (a school that has spread
  out, or split into groups far apart) only the occupied cubes are kept, sorted by key
  (:math:`O(N \log N)`), and found by binary search, so the empty space between groups costs
  no memory. Either way all pairs within ``radius`` cost about :math:`O(N)` at fixed density,
  against :math:`O(N^2)` for the all-pairs loop.
  With a periodic box of side ``box`` the cubes tile the box (at least 3 per side, so that the
  27 around a point are distinct: ``box >= 3 radius``) and distances are minimum-image.

:func:`neighbour_pairs` returns all pairs within ``radius`` by cell list or by the all-pairs
reference (``method="all"``), which the tests compare.

References: Allen and Tildesley, *Computer Simulation of Liquids* (2017), ch. 5, for cell
lists; the sorted-key (spatial hashing) variant follows e.g. Green, *Particle simulation using
CUDA* (NVIDIA, 2010).
"""

from __future__ import annotations

import numpy as np

from coursekit import _validate as V
from coursekit._jit import njit

__all__ = ["build_cells", "cell_range", "cube_of", "distance2", "kdtree", "neighbour_pairs"]

#: Cube coordinates are packed into one 64-bit key, 21 bits each.
_BITS = 21
_SPAN = 1 << _BITS


def kdtree(points):
    """A k-d tree of ``points`` (``scipy.spatial.cKDTree``) for nearest-neighbour queries.

    Parameters
    ----------
    points : array_like, shape (n, dim)
        Finite coordinates, time first for an orbit.

    Returns
    -------
    scipy.spatial.cKDTree

    Raises
    ------
    InputError
        For non-finite coordinates or a wrong shape.

    Examples
    --------
    >>> tree = kdtree([[0.0, 0.0], [1.0, 0.0], [5.0, 5.0]])
    >>> dist, idx = tree.query([0.9, 0.1])
    >>> int(idx)
    1
    """
    from scipy.spatial import cKDTree

    return cKDTree(np.atleast_2d(V.array("points", points, ndim=2)))


@njit
def cube_of(p, origin, side, shape):
    """The cube that holds a point, on the grid of :func:`build_cells`.

    Parameters
    ----------
    p : ndarray, shape (3,)
        The point.
    origin, side, shape : ndarray
        The grid, from :func:`build_cells`.

    Returns
    -------
    (int, int, int)
        Integer cube coordinates ``(cx, cy, cz)``, wrapped in a periodic box.

    Examples
    --------
    >>> pts = np.array([[0.0, 0.0, 0.0], [5.5, 2.0, 0.0]])
    >>> *_, origin, side, shape = build_cells(pts, 1.0, 0.0)
    >>> cube_of(pts[1], origin, side, shape)
    (5, 2, 0)
    """
    cx = int(np.floor((p[0] - origin[0]) / side[0]))
    cy = int(np.floor((p[1] - origin[1]) / side[1]))
    cz = int(np.floor((p[2] - origin[2]) / side[2]))
    if shape[3]:
        cx, cy, cz = cx % shape[0], cy % shape[1], cz % shape[2]
    return cx, cy, cz


@njit
def _key(cx, cy, cz, shape):
    """The cube's index in the table (dense) or its packed 64-bit key (sparse)."""
    if shape[4]:
        return (cx * shape[1] + cy) * shape[2] + cz
    return (cx << (2 * _BITS)) | (cy << _BITS) | cz


@njit
def build_cells(points, radius, box):
    """Sort points into cubes of side at least ``radius`` (a compiled building block: no
    input checks; :func:`neighbour_pairs` shows its use).

    Parameters
    ----------
    points : ndarray, shape (N, 3)
        Positions (in a periodic box, already wrapped into ``[0, box)``).
    radius : float
        The interaction radius.
    box : float
        ``> 0``: a periodic cube of that side, cut into ``floor(box / radius)`` cubes per
        side; ``<= 0``: open space, cubes of side ``radius`` counted from the points' lower
        corner (fewer than :math:`2^{21}` per side).

    Returns
    -------
    tuple
        ``(order, keys, starts, origin, side, shape)``: the point indices sorted by cube; the
        sorted keys of the occupied cubes (sparse grid; empty for a dense table); where each
        cube's points begin in ``order`` (``starts[-1] = N``); and the grid: lower corner,
        cube sides, and ``shape = (nx, ny, nz, periodic, dense)``.

    Examples
    --------
    >>> pts = np.array([[0.0, 0.0, 0.0], [5.0, 0.0, 0.0], [0.5, 0.2, 0.0]])
    >>> order, keys, starts, origin, side, shape = build_cells(pts, 1.0, 0.0)
    >>> order.tolist(), shape.tolist()            # cube (0,0,0) holds 0 and 2, (5,0,0) holds 1
    ([0, 2, 1], [6, 1, 1, 0, 1])
    """
    n = points.shape[0]
    origin = np.zeros(3)
    side = np.empty(3)
    shape = np.zeros(5, np.int64)
    for d in range(3):
        if box > 0:
            shape[d] = max(int(np.floor(box / radius)), 1)
            side[d] = box / shape[d]
        else:
            lo = np.min(points[:, d]) if n > 0 else 0.0
            hi = np.max(points[:, d]) if n > 0 else 0.0
            origin[d] = lo
            side[d] = radius
            shape[d] = int(np.floor((hi - lo) / radius)) + 1
    shape[3] = 1 if box > 0 else 0
    cells = float(shape[0]) * float(shape[1]) * float(shape[2])
    shape[4] = 1 if cells <= 8.0 * n + 64.0 else 0
    keys = np.empty(n, np.int64)
    for i in range(n):
        cx, cy, cz = cube_of(points[i], origin, side, shape)
        keys[i] = _key(cx, cy, cz, shape)
    if shape[4]:                                     # counting sort into the full table
        n_cells = shape[0] * shape[1] * shape[2]
        starts = np.zeros(n_cells + 1, np.int64)
        for i in range(n):
            starts[keys[i] + 1] += 1
        for c in range(n_cells):
            starts[c + 1] += starts[c]
        fill = starts[:-1].copy()
        order = np.empty(n, np.int64)
        for i in range(n):
            order[fill[keys[i]]] = i
            fill[keys[i]] += 1
        return order, np.empty(0, np.int64), starts, origin, side, shape
    order = np.argsort(keys, kind="mergesort")
    sorted_keys = keys[order]
    count = 0
    for i in range(n):
        if i == 0 or sorted_keys[i] != sorted_keys[i - 1]:
            count += 1
    unique = np.empty(count, np.int64)
    starts = np.empty(count + 1, np.int64)
    k = 0
    for i in range(n):
        if i == 0 or sorted_keys[i] != sorted_keys[i - 1]:
            unique[k] = sorted_keys[i]
            starts[k] = i
            k += 1
    starts[count] = n
    return order, unique, starts, origin, side, shape


@njit
def cell_range(keys, starts, cx, cy, cz, shape):
    """Where the points of one cube lie in the sorted order of :func:`build_cells`.

    Parameters
    ----------
    keys, starts : ndarray
        From :func:`build_cells`.
    cx, cy, cz : int
        The cube (wrapped in a periodic box).
    shape : ndarray
        The grid, from :func:`build_cells`.

    Returns
    -------
    (int, int)
        ``(begin, end)``: the cube's points are ``order[begin:end]``; empty (``begin ==
        end``) when it holds none or lies outside the grid.

    Examples
    --------
    >>> pts = np.array([[0.0, 0.0, 0.0], [5.0, 0.0, 0.0], [0.5, 0.2, 0.0]])
    >>> order, keys, starts, origin, side, shape = build_cells(pts, 1.0, 0.0)
    >>> begin, end = cell_range(keys, starts, 5, 0, 0, shape)
    >>> order[begin:end].tolist(), cell_range(keys, starts, 9, 0, 0, shape)
    ([1], (0, 0))
    """
    if shape[3]:
        cx, cy, cz = cx % shape[0], cy % shape[1], cz % shape[2]
    elif not (0 <= cx < shape[0] and 0 <= cy < shape[1] and 0 <= cz < shape[2]):
        return 0, 0
    key = _key(cx, cy, cz, shape)
    if shape[4]:
        return starts[key], starts[key + 1]
    j = np.searchsorted(keys, key)
    if j < keys.size and keys[j] == key:
        return starts[j], starts[j + 1]
    return 0, 0


@njit
def distance2(points, i, j, box):
    """Squared distance of points ``i`` and ``j``, minimum image in a periodic box
    (``box > 0``), without allocating.

    Parameters
    ----------
    points : ndarray, shape (N, 3)
        Positions.
    i, j : int
        Two points.
    box : float
        Side of the periodic box, ``<= 0`` in open space.

    Returns
    -------
    float

    Examples
    --------
    >>> pts = np.array([[0.1, 0.0, 0.0], [3.9, 0.0, 0.0]])
    >>> round(distance2(pts, 0, 1, 4.0), 12), round(distance2(pts, 0, 1, 0.0), 12)
    (0.04, 14.44)
    """
    total = 0.0
    for d in range(3):
        delta = points[j, d] - points[i, d]
        if box > 0:
            delta -= box * np.round(delta / box)
        total += delta * delta
    return total


@njit
def _pairs_cells(points, radius, box):
    order, keys, starts, origin, side, shape = build_cells(points, radius, box)
    n = points.shape[0]
    r2 = radius * radius
    count = np.zeros(n, np.int64)
    for sweep in range(2):                   # count the pairs, then write them
        if sweep == 1:
            offset = np.zeros(n + 1, np.int64)
            offset[1:] = np.cumsum(count)
            first = np.empty(offset[n], np.int64)
            second = np.empty(offset[n], np.int64)
        for i in range(n):
            cx, cy, cz = cube_of(points[i], origin, side, shape)
            m = 0
            for dx in range(-1, 2):
                for dy in range(-1, 2):
                    for dz in range(-1, 2):
                        b, e = cell_range(keys, starts, cx + dx, cy + dy, cz + dz, shape)
                        for k in range(b, e):
                            j = order[k]
                            if j > i and distance2(points, i, j, box) <= r2:
                                if sweep == 1:
                                    first[offset[i] + m] = i
                                    second[offset[i] + m] = j
                                m += 1
            count[i] = m
    return first, second


@njit
def _pairs_all(points, radius, box):
    n = points.shape[0]
    r2 = radius * radius
    first, second = [], []
    for i in range(n):
        for j in range(i + 1, n):
            if distance2(points, i, j, box) <= r2:
                first.append(i)
                second.append(j)
    return np.array(first, np.int64), np.array(second, np.int64)


def neighbour_pairs(points, radius: float, *, box: float | None = None,
                    method: str = "cells") -> np.ndarray:
    """All pairs of points within ``radius`` of each other (distance ``<= radius``), in 3D.

    Parameters
    ----------
    points : array_like, shape (N, 3)
        Finite positions.
    radius : float
        The interaction radius, ``> 0``.
    box : float, optional
        Side of a periodic cube (minimum-image distances), at least ``3 radius``; default open
        space.
    method : {"cells", "all"}
        Cell list (:math:`O(N)` at fixed density) or the all-pairs reference
        (:math:`O(N^2)`).

    Returns
    -------
    ndarray, shape (n_pairs, 2)
        Pairs ``(i, j)`` with ``i < j``, sorted.

    Raises
    ------
    InputError
        For a wrong shape, non-finite positions, a radius that is not positive, a box under
        three radii, an unknown method, or an open-space extent of more than
        :math:`2^{21}` radii.

    Examples
    --------
    >>> pts = [[0.0, 0.0, 0.0], [0.5, 0.0, 0.0], [2.5, 0.0, 0.0], [3.9, 0.0, 0.0]]
    >>> neighbour_pairs(pts, 1.0).tolist()
    [[0, 1]]
    >>> neighbour_pairs(pts, 1.0, box=4.0).tolist()      # 3 is 0.1 from 0 across the seam
    [[0, 1], [0, 3], [1, 3]]
    """
    points = V.array("points", points, ndim=2)
    if points.shape[1] != 3:
        raise V.fail("points", "an array of shape (N, 3)", points.shape)
    radius = V.positive("radius", radius)
    method = V.choice("method", method, ("cells", "all"))
    if box is None:
        box = 0.0
        extent = float(np.max(np.ptp(points, axis=0))) if points.size else 0.0
        if extent / radius >= _SPAN - 2:
            raise V.fail("radius", f"at least extent / 2^{_BITS} = {extent / (_SPAN - 2):.3g} "
                                   "for a cell list in open space", radius)
    else:
        box = V.positive("box", box)
        if box < 3 * radius:
            raise V.fail("box", f"at least 3 radius = {3 * radius:g} (so that the 27 cubes "
                                "around a point are distinct)", box)
        points = np.mod(points, box)
    kernel = _pairs_cells if method == "cells" else _pairs_all
    first, second = kernel(points, radius, box)
    pairs = np.stack([first, second], axis=1) if first.size else np.empty((0, 2), np.int64)
    return pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]
