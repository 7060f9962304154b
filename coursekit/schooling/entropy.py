r"""The seed's seven entropy metrics of a school and its Oceanic Schooling Index.

The seed library dewi-kadita (Herho et al., ``dewi_kadita/core/metrics.py``) describes a school
at one time by seven normalised Shannon entropies, each :math:`H/H_{\max} \in [0, 1]` of a
histogram :math:`p_k` (:math:`H = -\sum_k p_k \ln p_k`, empty bins omitted,
:math:`H_{\max} = \ln(\text{number of bins})`), and combines them into one index:

====================  ====================================================  ==========  ======
metric                histogram of                                          bins        weight
====================  ====================================================  ==========  ======
cohesion              nearest-neighbour distance, on :math:`[0, L/2]`        25          0.18
polarisation          heading direction on the sphere (see below)            12 × 24     0.28
depth                 vertical position :math:`z`, on :math:`[0, L]`          15          0.08
angular_momentum      :math:`|\hat{\mathbf r}_{ic}\times\mathbf v_i|` on      20          0.08
                      :math:`[0, 1]` (centroid to fish, unit vectors)
nearest_neighbours    coefficient of variation of the distances to the 5      20          0.10
                      nearest neighbours, on :math:`[0, 2]`
velocity_correlation  :math:`(\mathbf v_i\cdot\mathbf v_j + 1)/2` over all     20          0.18
                      pairs, on :math:`[0, 1]`
shape                 the eigenvalues :math:`\lambda_k/\sum\lambda` of the    3           0.10
                      positions' covariance (PCA), as a distribution
====================  ====================================================  ==========  ======

and the **Oceanic Schooling Index** :math:`\mathrm{OSI} = \sum_i w_i H_i/H_{i,\max}`, with the
weights of the last column (they sum to 1), which the seed reads as near 0 for an ordered school
and near 1 for a disordered aggregation (the positional metrics never reach 0, so even a
perfectly parallel school scores well above 0). "Shape" is not a histogram: its three
normalised eigenvalues (floored at :math:`10^{-10}`) are the distribution. The seed's fallback
value 0.5 is kept: for cohesion with fewer than 2 fish, angular momentum with fewer than 3,
shape with fewer than 4, nearest neighbours with fewer than 6, and any empty histogram (also
cohesion and depth of a school of zero extent in open space). Values outside a histogram's
range are dropped, as by the seed.

**The box.** The seed simulates in a periodic cube of side :math:`L`, with periodic
nearest-neighbour distances and :math:`z \in [0, L)`; pass ``box=L`` for exactly that. The
model of Couzin et al. (2002) swims in open space, which the seed does not treat; here
(**our reconstruction**) :math:`L` is then the side of the school's own bounding cube at that
time (its largest extent along x, y or z) and depth is measured from its lowest fish, so the
cohesion and depth entropies are relative to the school's size (a straggler farther than
:math:`L/2` from its nearest neighbour falls outside the cohesion histogram, and two fish alone
always do). Pass ``scale`` to fix :math:`L` instead; fish beyond it are dropped likewise. In the
box, angular momentum and shape use the wrapped positions, as the seed does: a school that
straddles the box's edge gives meaningless values for them.

**Frame dependence.** The model has no "up", but the depth histogram, the polar and azimuthal
bins of the headings, and the bounding cube all use the coordinate axes: rotating the same
school changes these metrics (by up to about 0.17 in the depth entropy of a torus, and a few
hundredths in the OSI). Compare schools in the same frame.

**Polarisation on the sphere, as the seed gives it and corrected.** The seed bins the polar
angle :math:`\theta` and the azimuth :math:`\phi` uniformly (12 × 24 bins) and multiplies each
count by :math:`\sin\theta` of its bin centre "for proper spherical measure". Headings uniform on
the sphere already fill a bin in proportion to its solid angle (:math:`\propto\sin\theta`), so
the weighting counts the polar bins twice over, and a perfectly isotropic group does not reach 1
(:math:`\approx 0.946` with these bins, :func:`isotropic_polarisation_entropy`).
``polarisation_bins="equal-area"`` bins :math:`\cos\theta` uniformly instead (equal solid
angles, no weights), where isotropic headings give 1 as the number of fish grows.
``"seed"`` (the default) reproduces the seed's value.

**One correction always applied.** A dot product of two equal unit vectors can round to
:math:`1 + 2^{-51}`, and :math:`(1 + 2^{-51} + 1)/2` lies above 1, outside the seed's histogram
on :math:`[0, 1]`: a school aligned along such a heading has an empty histogram and gets the
fallback 0.5 instead of 0. The products are clipped to :math:`[-1, 1]` first. (Headings are
also renormalised, as the seed does.)

What the metrics are worth next to :math:`p` and :math:`m` is a question for the chapter: they
are histograms of one frame with fixed bins, so they depend on the number of fish and the
bins, and several of them (depth, shape) measure the school's geometry, not its order.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from coursekit import _validate as V
from coursekit._results import Result
from coursekit.numerics.neighbours import kdtree
from coursekit.schooling.measures import _periodic_tree, _vectors

__all__ = ["OSI_WEIGHTS", "SchoolEntropy", "isotropic_polarisation_entropy", "school_entropy"]

#: The seed's weights of the seven metrics in the Oceanic Schooling Index (they sum to 1).
OSI_WEIGHTS = MappingProxyType({"cohesion": 0.18, "polarisation": 0.28, "depth": 0.08,
                                "angular_momentum": 0.08, "nearest_neighbours": 0.10,
                                "velocity_correlation": 0.18, "shape": 0.10})

_METRICS = tuple(OSI_WEIGHTS)
_N_THETA, _N_PHI = 12, 24
_FALLBACK = 0.5
_PAIR_BLOCK_ENTRIES = 1 << 22      # products per block of the pair histogram (~32 MB)


@dataclass(frozen=True, eq=False)
class SchoolEntropy(Result):
    """The seed's seven normalised entropies and the OSI, at one or several times.

    Each attribute has the leading shape (times) of the positions given to
    :func:`school_entropy`; the definitions are in the module docstring.

    Attributes
    ----------
    cohesion, polarisation, depth, angular_momentum : ndarray
        Nearest-neighbour distance, heading, vertical position, per-fish angular momentum.
    nearest_neighbours, velocity_correlation, shape : ndarray
        5-nearest-neighbour spacing variability, pairwise alignment, PCA shape.
    osi : ndarray
        Oceanic Schooling Index, the weighted sum (weights :data:`OSI_WEIGHTS`).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> parallel = school_entropy(rng.normal(size=(50, 3)), np.tile([1.0, 0, 0], (50, 1)))
    >>> float(parallel.polarisation), float(parallel.velocity_correlation)   # one bin each
    (0.0, 0.0)
    """

    cohesion: np.ndarray
    polarisation: np.ndarray
    depth: np.ndarray
    angular_momentum: np.ndarray
    nearest_neighbours: np.ndarray
    velocity_correlation: np.ndarray
    shape: np.ndarray
    osi: np.ndarray


def _normalised(hist: np.ndarray) -> float:
    """The seed's :math:`H/\\ln(\\text{bins})` of a histogram, 0.5 when it is empty."""
    total = hist.sum()
    if total <= 0:
        return _FALLBACK
    p = hist[hist > 0] / total
    return float(-np.sum(p * np.log(p)) / np.log(hist.size)) + 0.0      # not -0.0


def _heading_histogram(v: np.ndarray, bins: str) -> np.ndarray:
    theta = np.arccos(np.clip(v[:, 2], -1.0, 1.0))
    phi = np.arctan2(v[:, 1], v[:, 0]) + np.pi
    phi_edges = np.linspace(0.0, 2 * np.pi, _N_PHI + 1)
    if bins == "seed":
        edges = np.linspace(0.0, np.pi, _N_THETA + 1)
        hist = np.histogram2d(theta, phi, bins=[edges, phi_edges])[0]
        return hist * np.sin(0.5 * (edges[:-1] + edges[1:]))[:, None]
    edges = np.linspace(-1.0, 1.0, _N_THETA + 1)                 # equal solid angles
    return np.histogram2d(np.clip(v[:, 2], -1.0, 1.0), phi, bins=[edges, phi_edges])[0]


def _pair_alignment_histogram(v: np.ndarray, n_bins: int = 20) -> np.ndarray:
    """Histogram of :math:`(v_i\\cdot v_j + 1)/2` over pairs :math:`i < j`, by row blocks: the
    block's products with itself and every later fish, less its own lower triangle."""
    def hist(dots):
        return np.histogram((np.clip(dots, -1.0, 1.0) + 1.0) / 2.0, bins=n_bins,
                            range=(0.0, 1.0))[0]

    total = np.zeros(n_bins)
    block = max(1, _PAIR_BLOCK_ENTRIES // len(v))
    for start in range(0, len(v) - 1, block):
        rows = v[start:start + block]
        dots = rows @ v[start:].T
        total += hist(dots) - hist(dots[:, :len(rows)][np.tril_indices(len(rows))])
    return total


def _frame(x: np.ndarray, v: np.ndarray, box, scale, bins) -> list[float]:
    n = len(x)
    if box is not None:
        x = np.mod(x, box)
        x[x >= box] = 0.0                                          # np.mod(-1e-17, box) == box
        length, bottom = box, 0.0
    else:
        length = scale if scale is not None else float(np.ptp(x, axis=0).max())
        bottom = float(x[:, 2].min())
    out = {}
    if n >= 2:
        tree = kdtree(x) if box is None else _periodic_tree(x, box)
        dist = tree.query(x, k=min(n, 6))[0]
        if length > 0:
            out["cohesion"] = _normalised(np.histogram(dist[:, 1], bins=25,
                                                       range=(0.0, length / 2))[0])
        if n >= 6:
            knn = dist[:, 1:]
            cv = knn.std(axis=1) / (knn.mean(axis=1) + 1e-10)
            out["nearest_neighbours"] = _normalised(np.histogram(cv, bins=20, range=(0.0, 2.0))[0])
    if length > 0:
        out["depth"] = _normalised(np.histogram(x[:, 2] - bottom, bins=15,
                                                range=(0.0, length))[0])
    out["polarisation"] = _normalised(_heading_histogram(v, bins))
    if n >= 3:
        r = x - x.mean(axis=0)
        norm = np.linalg.norm(r, axis=1, keepdims=True)
        r = r / np.where(norm < 1e-10, 1.0, norm)
        turn = np.linalg.norm(np.cross(r, v), axis=1)
        out["angular_momentum"] = _normalised(np.histogram(turn, bins=20, range=(0.0, 1.0))[0])
    if n >= 2:
        out["velocity_correlation"] = _normalised(_pair_alignment_histogram(v))
    if n >= 4:
        lam = np.maximum(np.sort(np.linalg.eigvalsh(np.cov((x - x.mean(axis=0)).T)))[::-1],
                         1e-10)
        out["shape"] = _normalised(lam)
    values = [out.get(m, _FALLBACK) for m in _METRICS]
    return [*values, float(np.dot(values, [OSI_WEIGHTS[m] for m in _METRICS]))]


def school_entropy(positions, headings, *, box: float | None = None, scale: float | None = None,
                   polarisation_bins: str = "seed") -> SchoolEntropy:
    """The seed's seven entropy metrics and the Oceanic Schooling Index (module docstring).

    Parameters
    ----------
    positions, headings : array_like, shape (..., N, 3)
        Positions and unit headings (e.g. ``school.x`` and ``school.heading``); leading axes
        (times) are kept, and every frame is measured on its own.
    box : float, optional
        Side :math:`L` of the seed's periodic cube: periodic distances, :math:`z` in
        :math:`[0, L)`. Default open space.
    scale : float, optional
        In open space, the length :math:`L` of the histogram ranges; default the side of each
        frame's bounding cube (our reconstruction). Not with ``box``.
    polarisation_bins : {"seed", "equal-area"}, optional
        The seed's :math:`\\sin\\theta`-weighted uniform-angle bins, or bins of equal solid
        angle (uniform in :math:`\\cos\\theta`), where isotropic headings score 1.

    Returns
    -------
    SchoolEntropy

    Raises
    ------
    InputError
        For NaN, shapes that are not (..., N, 3) or differ, non-unit headings, a bad ``box`` or
        ``scale``, both given, or an unknown ``polarisation_bins``.

    Examples
    --------
    >>> angle = np.linspace(0, 2 * np.pi, 40, endpoint=False)
    >>> ring = np.stack([np.cos(angle), np.sin(angle), 0 * angle], axis=1)
    >>> spin = np.stack([-np.sin(angle), np.cos(angle), 0 * angle], axis=1)
    >>> float(school_entropy(ring, spin).angular_momentum)     # every fish |r x v| = 1: one bin
    0.0
    """
    x = _vectors("positions", positions)
    v = _vectors("headings", headings)
    if x.shape != v.shape:
        raise V.fail("headings", f"the shape of the positions, {x.shape}", v.shape)
    if not np.allclose(np.linalg.norm(v, axis=-1), 1.0, atol=1e-6):
        raise V.fail("headings", "unit vectors (norm 1)", "vectors of other lengths")
    if box is not None and scale is not None:
        raise V.fail("scale", "not given with box (the box sets the length L)", scale)
    box = None if box is None else V.positive("box", box)
    scale = None if scale is None else V.positive("scale", scale)
    bins = V.choice("polarisation_bins", polarisation_bins, ("seed", "equal-area"))
    v = v / np.linalg.norm(v, axis=-1, keepdims=True)
    flat_x = x.reshape(-1, *x.shape[-2:])
    flat_v = v.reshape(-1, *v.shape[-2:])
    rows = np.array([_frame(a, b, box, scale, bins) for a, b in zip(flat_x, flat_v, strict=True)])
    shape = x.shape[:-2]
    return SchoolEntropy(*(rows[:, k].reshape(shape) for k in range(rows.shape[1])),
                         method=f"dewi-kadita's seven entropies and OSI; polarisation bins "
                                f"{bins}; {'periodic box' if box else 'open space'}")


def isotropic_polarisation_entropy(polarisation_bins: str = "seed") -> float:
    r"""The polarisation entropy of headings uniform on the sphere, for infinitely many fish.

    Each bin's probability is its solid angle (times :math:`\sin\theta_c`, then normalised,
    for the seed's weighting): 1 for equal-area bins, below 1 for the seed's.

    Parameters
    ----------
    polarisation_bins : {"seed", "equal-area"}, optional
        As in :func:`school_entropy`.

    Returns
    -------
    float

    Raises
    ------
    InputError
        For an unknown ``polarisation_bins``.

    Examples
    --------
    >>> round(isotropic_polarisation_entropy("seed"), 3), isotropic_polarisation_entropy("equal-area")
    (0.946, 1.0)
    """
    bins = V.choice("polarisation_bins", polarisation_bins, ("seed", "equal-area"))
    if bins == "equal-area":
        return 1.0
    edges = np.linspace(0.0, np.pi, _N_THETA + 1)
    solid = np.cos(edges[:-1]) - np.cos(edges[1:])
    weighted = solid * np.sin(0.5 * (edges[:-1] + edges[1:]))
    return _normalised(np.repeat(weighted[:, None], _N_PHI, axis=1))

