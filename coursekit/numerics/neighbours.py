"""Neighbour search: which points lie near which (the floor that fish schools and recurrence
plots share).

For now one tool: :func:`kdtree`, SciPy's k-d tree, imported on first use (``scipy.spatial``
takes ~0.25 s to import). Cell lists for moving particles come with the fish-school chapter.
"""

from __future__ import annotations

import numpy as np

from coursekit import _validate as V

__all__ = ["kdtree"]


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
