r"""Measures of a school: order parameters and cohesion.

* **Polarisation** :math:`p = |\sum_i \mathbf v_i| / N`: 1 when all fish swim parallel, about
  :math:`1/\sqrt N` for random headings.
* **Milling** (normalised angular momentum) :math:`m = |\sum_i \hat{\mathbf r}_{ic} \times
  \mathbf v_i| / N`, with :math:`\hat{\mathbf r}_{ic}` the unit vector from the centroid to
  fish :math:`i`: 1 for a perfect mill (torus), small for a swarm or a parallel group
  (Couzin et al. 2002).
* **Cohesion** (:func:`cohesion`): the mean nearest-neighbour distance, the group's extent
  (the largest distance of a fish from the centroid), and its fragmentation: the number of
  groups, fish linked when at most ``link`` apart (single linkage, the connected components of
  the neighbour graph; with ``link`` :math:`= r_a`, a chain of fish each within :math:`r_a` of
  the next, blind cones aside), and the share of the school in the largest.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coursekit import _validate as V
from coursekit._results import Result
from coursekit.numerics.neighbours import kdtree, neighbour_pairs

__all__ = ["Cohesion", "cohesion", "milling", "polarisation"]


def _vectors(name, value) -> np.ndarray:
    """``value`` as a float array of 3-vectors, at least one, last axes (N, 3)."""
    a = V.array(name, value)
    if a.ndim < 2 or a.shape[-1] != 3 or a.shape[-2] < 1:
        raise V.fail(name, "an array of shape (..., N, 3)", a.shape)
    return a


def polarisation(headings) -> np.ndarray:
    """Polarisation :math:`p = |\\sum_i \\mathbf v_i| / N` (last two axes: fish, 3).

    Parameters
    ----------
    headings : array_like, shape (..., N, 3)
        Unit headings.

    Returns
    -------
    ndarray or float
        Shape ``(...)``.

    Raises
    ------
    InputError
        For NaN or a last axis that is not of length 3.

    Examples
    --------
    >>> float(polarisation([[1.0, 0, 0], [1.0, 0, 0]])), float(polarisation([[1.0, 0, 0],
    ...                                                                     [-1.0, 0, 0]]))
    (1.0, 0.0)
    """
    v = _vectors("headings", headings)
    return np.linalg.norm(v.sum(axis=-2), axis=-1) / v.shape[-2]


def milling(positions, headings) -> np.ndarray:
    """Normalised angular momentum :math:`m = |\\sum_i \\hat{\\mathbf r}_{ic} \\times \\mathbf
    v_i| / N` about the centroid (last two axes: fish, 3).

    Parameters
    ----------
    positions, headings : array_like, shape (..., N, 3)
        Positions (in open space) and unit headings.

    Returns
    -------
    ndarray or float
        Shape ``(...)``.

    Raises
    ------
    InputError
        For NaN, a last axis that is not of length 3, or shapes that differ.

    Examples
    --------
    >>> angle = np.linspace(0, 2 * np.pi, 8, endpoint=False)
    >>> ring = np.stack([np.cos(angle), np.sin(angle), 0 * angle], axis=1)
    >>> spin = np.stack([-np.sin(angle), np.cos(angle), 0 * angle], axis=1)
    >>> round(float(milling(ring, spin)), 12)           # a perfect mill
    1.0
    """
    c = _vectors("positions", positions)
    v = _vectors("headings", headings)
    if c.shape != v.shape:
        raise V.fail("headings", f"the shape of the positions, {c.shape}", v.shape)
    r = c - c.mean(axis=-2, keepdims=True)
    norm = np.linalg.norm(r, axis=-1, keepdims=True)
    r = np.divide(r, norm, out=np.zeros_like(r), where=norm > 0)
    return np.linalg.norm(np.cross(r, v).sum(axis=-2), axis=-1) / v.shape[-2]


@dataclass(frozen=True, eq=False)
class Cohesion(Result):
    """Cohesion of a school at one or several times (leading axes of the positions).

    Attributes
    ----------
    nearest : ndarray
        Mean nearest-neighbour distance.
    extent : ndarray
        Largest distance of a fish from the centroid (NaN in a periodic box).
    n_groups : ndarray
        Number of groups (connected components of the ``link`` graph).
    largest : ndarray
        Share of the fish in the largest group.

    Examples
    --------
    >>> c = cohesion([[0.0, 0, 0], [1.0, 0, 0], [10.0, 0, 0]], link=2.0)
    >>> round(float(c.nearest), 3), int(c.n_groups), round(float(c.largest), 3)   # (1 + 1 + 9) / 3
    (3.667, 2, 0.667)
    """

    nearest: np.ndarray
    extent: np.ndarray
    n_groups: np.ndarray
    largest: np.ndarray


def cohesion(positions, link: float, box: float | None = None) -> Cohesion:
    """Nearest-neighbour distance, extent and fragmentation of a school (module docstring).

    Parameters
    ----------
    positions : array_like, shape (..., N, 3)
        Positions, at least two fish; leading axes (times) are kept.
    link : float
        Linking distance of the groups (e.g. the radius of attraction), ``> 0``.
    box : float, optional
        Side of a periodic box (minimum-image distances); default open space.

    Returns
    -------
    Cohesion

    Raises
    ------
    InputError
        For NaN, a wrong shape, fewer than two fish, or a bad ``link`` or ``box``.

    Examples
    --------
    >>> ring = [[np.cos(a), np.sin(a), 0.0] for a in np.linspace(0, 2 * np.pi, 6, False)]
    >>> round(float(cohesion(ring, link=1.5).nearest), 6)     # hexagon of circumradius 1
    1.0
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    c = _vectors("positions", positions)
    if c.shape[-2] < 2:
        raise V.fail("positions", "at least two fish", c.shape)
    link = V.positive("link", link)
    if box is not None:
        box = V.positive("box", box)
    flat = c.reshape(-1, *c.shape[-2:])
    n = c.shape[-2]
    out = {k: np.empty(flat.shape[0]) for k in ("nearest", "extent", "n_groups", "largest")}
    for t, pts in enumerate(flat):
        wrapped = pts if box is None else np.mod(pts, box)
        if box is not None:
            wrapped[wrapped >= box] = 0.0             # np.mod(-1e-17, box) == box
        tree = kdtree(wrapped) if box is None else _periodic_tree(wrapped, box)
        out["nearest"][t] = tree.query(wrapped, k=2)[0][:, 1].mean()
        centre = pts.mean(axis=0)
        out["extent"][t] = (np.nan if box is not None
                            else np.max(np.linalg.norm(pts - centre, axis=1)))
        if box is not None and box < 3 * link:        # too small for a cell list: all pairs
            d = wrapped[:, None, :] - wrapped[None, :, :]
            d -= box * np.round(d / box)
            pairs = np.argwhere(np.triu(np.linalg.norm(d, axis=-1) <= link, 1))
        else:
            pairs = neighbour_pairs(wrapped, link, box=box)
        graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
        count, labels = connected_components(graph, directed=False)
        out["n_groups"][t] = count
        out["largest"][t] = np.bincount(labels).max() / n
    shape = c.shape[:-2]
    return Cohesion(*(out[k].reshape(shape) for k in ("nearest", "extent", "n_groups",
                                                       "largest")),
                    method="k-d tree nearest neighbours; single-linkage groups")


def _periodic_tree(points, box):
    from scipy.spatial import cKDTree

    return cKDTree(points, boxsize=box)
