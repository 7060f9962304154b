r"""Leslie age-structured models: single species, predator–prey and competition.

**Leslie matrix.** A population split into age classes :math:`n = (n_0, \dots, n_{m-1})` advances
one time step (the width of an age class) by :math:`n_{t+1} = L n_t` with

.. math::

    L = \begin{pmatrix} F_0 & F_1 & \cdots & F_{m-1} \\ s_0 & 0 & & \\ & \ddots & \ddots & \\
        & & s_{m-2} & 0 \end{pmatrix},

fecundities :math:`F_a \ge 0` (newborns per individual of class :math:`a`, counted at the next
census) and survival probabilities :math:`0 \le s_a \le 1`. By Perron–Frobenius a non-negative
matrix has a real eigenvalue :math:`\lambda \ge 0` equal to its spectral radius (the *Perron
root*, or *growth factor*) with non-negative right and left eigenvectors :math:`w` (the *stable
age distribution*) and :math:`v` (the *reproductive values*). When the matrix is **primitive**
(some power is strictly positive; for a Leslie matrix: the ages :math:`a + 1` of the
reproducing classes have greatest common divisor 1) every other eigenvalue is smaller in
modulus, and the population grows asymptotically like :math:`\lambda^t` along :math:`w`. When
it is **imprimitive** with period :math:`h > 1` (e.g. a semelparous species that breeds only in
its last age class), :math:`h` eigenvalues :math:`\lambda e^{2\pi i j/h}` share the largest
modulus: the age structure never settles but cycles with period :math:`h`, and :math:`\lambda`
is the growth per step averaged over a cycle (Caswell, *Matrix Population Models*, ch. 4). The
growth factor solves the **Euler–Lotka equation**
:math:`1 = \sum_a F_a \ell_a \lambda^{-(a+1)}`, :math:`\ell_0 = 1`,
:math:`\ell_a = s_0 \cdots s_{a-1}`; its sensitivity to entry :math:`L_{ij}` is
:math:`v_i w_j / (v \cdot w)`, and the elasticity :math:`(L_{ij}/\lambda)\,\partial\lambda/\partial L_{ij}`.

**Coupled Leslie models** (in the spirit of the Leslie predator–prey seed paper, where the
growth and predation constants of Lotka–Volterra become matrices acting on age vectors). For
prey ages :math:`x_t \in \mathbb{R}^m` and predator ages :math:`y_t \in \mathbb{R}^k`,

.. math::

    \begin{pmatrix} x_{t+1} \\ y_{t+1} \end{pmatrix} = M \begin{pmatrix} x_t \\ y_t \end{pmatrix},
    \qquad M = \begin{pmatrix} L_x & -P \\ Q & L_y \end{pmatrix},

with predation losses :math:`P \ge 0` (``m × k``) and gains :math:`Q \ge 0` (``k × m``); the
competitive model has :math:`-C_{xy}` and :math:`-C_{yx}` off the diagonal. The exact evolution is
:math:`z_t = M^t z_0`; the long-run growth factor is the dominant eigenvalue of :math:`M`, which
second-order perturbation theory in the coupling approximates from the blocks alone
(:func:`approximate_growth_factor`). Matrices may be complex (the complex-valued variant):
then the dominant eigenvalue's argument makes the populations rotate as they grow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from coursekit import _budget, errors
from coursekit import _validate as V
from coursekit._results import Result, Trajectory, owned
from coursekit.errors import InputError, SimulationError

__all__ = ["Dominance", "LeslieAnalysis", "analyse", "approximate_growth_factor", "coupled",
           "dominant_species", "euler_lotka", "growth_factor", "leslie_matrix", "project"]


def _survival(survival) -> np.ndarray:
    s = V.array("survival", survival, ndim=1)
    if np.any((s < 0) | (s > 1)):
        raise V.fail("survival", "probabilities in [0, 1]", s.tolist())
    return s


def _fecundity(fecundity) -> np.ndarray:
    return V.array("fecundity", fecundity, ndim=1, min_size=1, nonnegative=True)


def leslie_matrix(fecundity, survival) -> np.ndarray:
    """The Leslie matrix from ``m`` fecundities and ``m - 1`` survival probabilities.

    Parameters
    ----------
    fecundity : array_like, shape (m,)
        Newborns per individual of each age class, ``>= 0``.
    survival : array_like, shape (m - 1,)
        Probabilities of surviving from class ``a`` to ``a + 1``, in [0, 1].

    Returns
    -------
    ndarray, shape (m, m)

    Raises
    ------
    InputError
        For negative fecundities, probabilities outside [0, 1], NaN, or mismatched lengths.

    Examples
    --------
    >>> leslie_matrix([0.0, 1.5, 1.0], [0.5, 0.8])
    array([[0. , 1.5, 1. ],
           [0.5, 0. , 0. ],
           [0. , 0.8, 0. ]])
    """
    F = _fecundity(fecundity)
    s = _survival(survival)
    if s.size != F.size - 1:
        raise InputError(f"survival must have {F.size - 1} entries, one fewer than fecundity "
                         f"({F.size}); got {s.size}")
    L = np.zeros((F.size, F.size))
    L[0] = F
    L[np.arange(1, F.size), np.arange(F.size - 1)] = s
    return L


def _square(name, M, dtype=float) -> np.ndarray:
    M = V.array(name, M, ndim=2, dtype=dtype)
    if M.shape[0] != M.shape[1] or M.shape[0] == 0:
        raise InputError(f"{name} must be a square matrix; got shape {M.shape}")
    return M


def _any_square(name, M) -> np.ndarray:
    return _square(name, M, dtype=complex if np.iscomplexobj(M) else float)


def _dominant_index(vals: np.ndarray, rtol: float = 1e-10) -> tuple[int, int]:
    """Index of the dominant eigenvalue and how many eigenvalues share its modulus.

    Among the eigenvalues of largest modulus (within ``rtol``) the one with the largest real
    part is chosen (then the largest imaginary part): a real positive one when there is one.
    """
    mod = np.abs(vals)
    top = mod.max()
    ties = np.nonzero(mod >= top * (1 - rtol) - 1e-300)[0]
    k = max(ties, key=lambda i: (round(vals[i].real, 12), vals[i].imag))
    return int(k), int(ties.size)


def _period(A: np.ndarray, nodes: np.ndarray) -> int:
    """Index of imprimitivity of the strongly connected set ``nodes`` of the graph ``A > 0``:
    the gcd of the lengths of its cycles, from the breadth-first levels (Denardo 1977)."""
    inside = set(nodes.tolist())
    level = {int(nodes[0]): 0}
    queue = [int(nodes[0])]
    g = 0
    while queue:
        u = queue.pop(0)
        for v in np.nonzero(A[:, u])[0]:          # edge u -> v when A[v, u] > 0
            v = int(v)
            if v not in inside:
                continue
            if v not in level:
                level[v] = level[u] + 1
                queue.append(v)
            else:
                g = math.gcd(g, level[u] + 1 - level[v])
    return abs(g)


def _leslie_parts(L: np.ndarray):
    """``(F, s)`` if ``L`` has the Leslie pattern (fecundities on the first row, survivals on
    the subdiagonal, zeros elsewhere), else None."""
    m = L.shape[0]
    if m < 2:
        return None
    rest = L[1:].copy()
    s = np.diag(L, -1).copy()
    rest[np.arange(m - 1), np.arange(m - 1)] = 0.0
    return (L[0].copy(), s) if not rest.any() else None


def _leslie_perron(F: np.ndarray, s: np.ndarray, rho: float):
    """The Perron root of a Leslie matrix refined on the Euler–Lotka equation, and its right and
    left vectors by the exact recursions ``w_{a+1} = s_a w_a / lambda`` and
    ``v_a = (F_a + s_a v_{a+1}) / lambda`` (no eigensolver: exact even when the entries span
    many orders of magnitude)."""
    ell = np.concatenate([[1.0], np.cumprod(s)])
    ages = np.arange(F.size) + 1.0
    keep = (F > 0) & (ell > 0)
    terms_F, terms_a = F[keep] * ell[keep], ages[keep]
    lam = rho
    for _ in range(100):         # Newton on phi(lam) = sum F l lam^-(a+1) - 1, decreasing
        phi = np.sum(terms_F * lam ** -terms_a) - 1.0
        dphi = -np.sum(terms_a * terms_F * lam ** (-terms_a - 1.0))
        step = phi / dphi
        lam_new = lam - step if lam - step > 0 else lam / 2
        if abs(lam_new - lam) <= 1e-15 * lam:
            lam = lam_new
            break
        lam = lam_new
    w = np.empty(F.size)
    w[0] = 1.0
    for a in range(F.size - 1):
        w[a + 1] = s[a] * w[a] / lam
    v = np.empty(F.size)
    v[-1] = F[-1] / lam
    for a in range(F.size - 2, -1, -1):
        v[a] = (F[a] + s[a] * v[a + 1]) / lam
    return lam, w, v


def _perron(L: np.ndarray):
    """Perron root, right and left vectors, period, the number of dominant classes and
    irreducibility of a non-negative matrix."""
    from scipy.sparse.csgraph import connected_components

    A = L > 0
    n_comp, labels = connected_components(A, directed=True, connection="strong")
    classes = [np.nonzero(labels == c)[0] for c in range(n_comp)]
    radii = np.array([float(np.max(np.abs(np.linalg.eigvals(L[np.ix_(c, c)])))) for c in classes])
    rho = float(radii.max())
    if rho == 0.0:
        raise InputError("the matrix has spectral radius 0 (no age class reproduces, or the "
                         "reproducing classes are never reached): the population dies out in at "
                         "most m steps and has no growth factor or stable age distribution")
    dominant = np.nonzero(radii >= rho * (1 - 1e-9))[0]
    period = _period(A, classes[int(np.argmax(radii))])
    parts = _leslie_parts(L)
    if parts is not None:
        rho, w, v = _leslie_perron(*parts, rho)
    else:      # null vectors of L - rho I (the smallest singular vectors)
        U, _, Vh = np.linalg.svd(L - rho * np.eye(L.shape[0]))
        w, v = np.abs(Vh[-1]), np.abs(U[:, -1])
    return float(rho), w, v, period, int(dominant.size), n_comp == 1


@dataclass(frozen=True, eq=False)
class LeslieAnalysis(Result):
    """The Perron–Frobenius analysis of a projection matrix (see :func:`analyse`).

    Attributes
    ----------
    growth_factor : float
        The Perron root (spectral radius), ``> 0``.
    stable_age : ndarray
        The right Perron vector, summing to 1. For an imprimitive matrix the population never
        takes this structure for good: the vector is proportional to the average over a cycle of
        the growth-scaled populations ``growth_factor**-t n_t``.
    reproductive_value : ndarray
        The left Perron vector, first entry 1 (or largest entry 1 if the first is 0).
    sensitivity : ndarray
        ``d growth_factor / d L_ij = v_i w_j / (v . w)``.
    elasticity : ndarray
        ``(L_ij / growth_factor) * sensitivity``; sums to 1.
    period : int
        Index of imprimitivity of the dominant class of age classes: the gcd of its cycle
        lengths (for an irreducible Leslie matrix, of the ages ``a + 1`` of the reproducing
        classes).
    irreducible : bool
        True if every age class can reach every other (a Leslie matrix is irreducible when its
        last class is fertile and every survival is positive).
    damping_ratio : float
        ``growth_factor / |lambda_2|``, with ``lambda_2`` the eigenvalue of next-largest
        modulus (``inf`` when all others are 0). The age structure approaches the stable one
        like ``damping_ratio**-t``: about ``ln 10 / ln(damping_ratio)`` steps per decade. It is
        1 for an imprimitive matrix, whose structure never settles.

    Examples
    --------
    >>> a = analyse(leslie_matrix([0, 0, 0, 8], [0.5, 0.5, 0.5]))   # semelparous
    >>> a.growth_factor, a.period, a.primitive
    (1.0, 4, False)
    """

    growth_factor: float
    stable_age: np.ndarray
    reproductive_value: np.ndarray
    sensitivity: np.ndarray
    elasticity: np.ndarray
    period: int = 1
    irreducible: bool = True
    damping_ratio: float = np.inf

    @property
    def primitive(self) -> bool:
        """True for an irreducible matrix of period 1 (some power is positive): then the growth
        factor strictly dominates every other eigenvalue and every start converges to the
        stable age distribution. A reducible Leslie matrix with post-reproductive classes is
        not primitive, although starts that contain reproducing classes still converge when
        the period is 1."""
        return self.irreducible and self.period == 1


def analyse(L) -> LeslieAnalysis:
    """Perron–Frobenius analysis of a real, non-negative projection matrix.

    The growth factor is the Perron root: the real, non-negative eigenvalue equal to the
    spectral radius, found as such (not as "the eigenvalue of largest modulus", which is
    ambiguous when several share it). Imprimitive matrices are reported with their period and
    a ``message``: their population cycles instead of converging.

    Parameters
    ----------
    L : array_like, shape (m, m)
        A non-negative projection matrix (e.g. from :func:`leslie_matrix`).

    Returns
    -------
    LeslieAnalysis

    Raises
    ------
    InputError
        For a matrix that is not square, not finite, has negative entries, or has spectral
        radius 0 (nothing reproduces).

    Examples
    --------
    >>> a = analyse(leslie_matrix([0.0, 1.2, 1.0], [0.5, 0.8]))   # 1.2*0.5 + 1.0*0.4 = 1
    >>> round(a.growth_factor, 6), a.stable_age.round(4).tolist()
    (1.0, [0.5263, 0.2632, 0.2105])
    >>> bool(np.isclose(a.elasticity.sum(), 1.0))   # elasticities always sum to one
    True
    """
    L = _square("L", L)
    if np.any(L < 0):
        raise V.fail("L", "non-negative (a projection matrix)", L.tolist())
    lam, w, v, period, n_dominant, irreducible = _perron(L)
    w = w / w.sum()
    v = v / v[0] if v[0] > 0 else v / v.max()
    notes = []
    vw = v @ w
    if n_dominant == 1 and vw > 0:       # a simple root: v . w > 0 (Perron–Frobenius)
        S = np.outer(v, w) / vw
    else:       # a multiple Perron root: lambda is not differentiable in the entries
        S = np.full(L.shape, np.nan)
        notes.append(f"{n_dominant} separate groups of age classes share the growth factor: it "
                     "is a multiple eigenvalue, the population can grow faster than "
                     "growth_factor**t (by a power of t), its long-run structure can depend on "
                     "the start, and the sensitivities and elasticities are not defined (NaN)")
    if period > 1:
        notes.append(f"the matrix is imprimitive with period {period}: the age structure does "
                     f"not converge but cycles with period {period}; the population grows by "
                     f"growth_factor**{period} every {period} steps, and stable_age is the "
                     "cycle average of the growth-scaled populations growth_factor**-t n_t")
    moduli = np.sort(np.abs(np.linalg.eigvals(L)))[::-1]
    second = moduli[1] if moduli.size > 1 else 0.0
    damping = 1.0 if period > 1 or n_dominant > 1 else (
        float(lam / second) if second > 1e-12 * lam else np.inf)
    return LeslieAnalysis(lam, w, v, S, L * S / lam, period=period, irreducible=irreducible,
                          damping_ratio=damping, method="Perron–Frobenius",
                          message="; ".join(notes))


def euler_lotka(fecundity, survival, growth_factor: float) -> float:
    """The Euler–Lotka residual ``sum_a F_a l_a lambda^-(a+1) - 1`` (zero at the growth factor).

    Parameters
    ----------
    fecundity : array_like, shape (m,)
    survival : array_like, shape (m - 1,)
    growth_factor : float
        A trial growth factor ``lambda > 0``.

    Returns
    -------
    float

    Raises
    ------
    InputError
        For bad rates or a non-positive ``growth_factor``.

    Examples
    --------
    >>> euler_lotka([0.0, 1.2, 1.0], [0.5, 0.8], 1.0)
    0.0
    """
    F = _fecundity(fecundity)
    s = _survival(survival)
    lam = V.positive("growth_factor", growth_factor)
    ell = np.concatenate([[1.0], np.cumprod(s)])[: F.size]
    a = np.arange(F.size)
    return float(np.sum(F * ell * lam ** (-(a + 1.0))) - 1.0)


def project(M, x0, n_steps: int, *, positive: bool = False, max_work: float | None = None,
            max_memory: float | None = None) -> Trajectory:
    """Iterate the projection ``n_{t+1} = M n_t`` from ``x0`` for ``n_steps`` steps.

    With ``positive=True`` each step is ``n_{t+1} = max(M n_t, 0)`` entry by entry: an age
    class driven below zero is extinct. A linear model with negative entries (the
    competition and predation blocks of :func:`coupled`) describes real numbers of animals
    only while every class stays non-negative; this is the simplest version that respects
    that.

    Parameters
    ----------
    M : array_like, shape (m, m)
        Projection matrix (real or complex).
    x0 : array_like, shape (m,)
        The population at ``t = 0`` by age class.
    n_steps : int
        Number of steps (census intervals), ``>= 0``.
    positive : bool, optional
        Set negative entries to zero after each step (real ``M`` and ``x0`` only).
    max_work : float, optional
        Ceiling on ``n_steps * m**2`` multiply-adds (default
        :data:`coursekit._budget.MAX_WORK`).
    max_memory : float, optional
        Ceiling in bytes on the trajectory, ``16 (n_steps + 1) m`` (default 2 GiB).

    Returns
    -------
    Trajectory
        ``t = 0, 1, ..., n_steps`` and ``x`` of shape ``(n_steps + 1, m)``, time first;
        the components are labelled ``"class 0"``, ``"class 1"``, ... (age classes of a
        Leslie matrix, or the blocks of both species of :func:`coupled`). ``stats`` holds
        ``n_steps`` and, with ``positive=True``, ``n_clipped``: how many entries were set to
        zero in all.

    Raises
    ------
    InputError
        For mismatched shapes, a negative number of steps, a run beyond ``max_work`` or
        ``max_memory``, or ``positive=True`` with complex ``M`` or ``x0`` or a negative
        ``x0``.
    SimulationError
        If the population leaves the floating-point range (``err.t`` is the step).

    Examples
    --------
    >>> project(leslie_matrix([0.0, 2.0], [0.5]), [1.0, 0.0], 2).x
    array([[1. , 0. ],
           [0. , 0.5],
           [1. , 0. ]])
    >>> project([[1.0, -2.0], [0.0, 1.0]], [1.0, 1.0], 1, positive=True).x[-1]
    array([0., 1.])
    """
    M = _any_square("M", M)
    complex_ = np.iscomplexobj(M) or np.iscomplexobj(x0)
    x0 = V.array("x0", x0, shape=(M.shape[0],), dtype=complex if complex_ else float)
    n_steps = V.integer("n_steps", n_steps, minimum=0)
    positive = V.choice("positive", positive, (False, True))
    if positive and complex_:
        raise InputError("positive=True needs a real M and x0: a complex population has no "
                         "sign to clip")
    if positive and np.any(x0 < 0):
        raise V.fail("x0", "non-negative with positive=True (numbers of animals)", x0.tolist())
    _budget.check("project", work=float(n_steps) * x0.size ** 2, unit="multiply-adds",
                  per_second=1e7, memory=16.0 * (n_steps + 1) * x0.size, max_work=max_work,
                  max_memory=max_memory, fix="project fewer steps")
    out = np.empty((n_steps + 1, x0.size), dtype=np.result_type(M, x0))
    out[0] = x0
    n_clipped = 0
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(n_steps):
            out[t + 1] = M @ out[t]
            if positive:
                below = out[t + 1] < 0
                n_clipped += int(below.sum())
                out[t + 1][below] = 0.0
            if not np.all(np.isfinite(out[t + 1])):
                raise SimulationError(
                    f"the population overflowed the floating-point range at step {t + 1} (it "
                    f"grows asymptotically by a factor of {np.max(np.abs(np.linalg.eigvals(M))):.3g} "
                    f"per step); project fewer steps, or follow the proportions x / x.sum() with "
                    "leslie.analyse instead", t=float(t + 1), cause=errors.NON_FINITE)
    return Trajectory(t=np.arange(n_steps + 1, dtype=float), x=owned(out),
                      labels=tuple(f"class {a}" for a in range(x0.size)),
                      method="matrix projection, negative entries set to zero" if positive
                      else "matrix projection",
                      stats={"n_steps": n_steps, "n_clipped": n_clipped} if positive
                      else {"n_steps": n_steps})


def coupled(Lx, Ly, xy, yx) -> np.ndarray:
    """The block matrix ``[[Lx, xy], [yx, Ly]]`` of a two-species Leslie model.

    Predator–prey: ``xy = -P`` (prey lost to predators), ``yx = Q`` (predators gained).
    Competition: ``xy = -C_xy``, ``yx = -C_yx``.

    Parameters
    ----------
    Lx : array_like, shape (m, m)
        Projection matrix of species x.
    Ly : array_like, shape (k, k)
        Projection matrix of species y.
    xy : array_like, shape (m, k)
        Effect of y on x.
    yx : array_like, shape (k, m)
        Effect of x on y.

    Returns
    -------
    ndarray, shape (m + k, m + k)

    Raises
    ------
    InputError
        For mismatched block shapes.

    Examples
    --------
    >>> coupled([[1.0]], [[2.0]], [[-0.1]], [[0.2]])
    array([[ 1. , -0.1],
           [ 0.2,  2. ]])
    """
    Lx, Ly = _any_square("Lx", Lx), _any_square("Ly", Ly)
    m, k = Lx.shape[0], Ly.shape[0]
    xy = V.array("xy", xy, dtype=complex if np.iscomplexobj(xy) else float)
    yx = V.array("yx", yx, dtype=complex if np.iscomplexobj(yx) else float)
    if xy.shape != (m, k) or yx.shape != (k, m):
        raise InputError(f"the coupling blocks xy and yx must have shapes {(m, k)} and "
                         f"{(k, m)} (Lx is {m}x{m}, Ly {k}x{k}); got {xy.shape} and {yx.shape}")
    return np.block([[Lx, xy], [yx, Ly]])


def growth_factor(M) -> complex | float:
    """The dominant eigenvalue of ``M``: its long-run growth factor.

    For a non-negative matrix this is the Perron root. In general it is the eigenvalue of
    largest modulus; when several share that modulus, the one with the largest real part (a
    real positive one when there is one). Returned as a float when real.

    Parameters
    ----------
    M : array_like, shape (m, m)
        Real or complex matrix.

    Returns
    -------
    float or complex

    Raises
    ------
    InputError
        For a non-square or non-finite matrix.

    Examples
    --------
    >>> round(growth_factor(leslie_matrix([0, 0, 0, 8], [0.5, 0.5, 0.5])), 12)   # not -1, not 1j
    1.0
    """
    M = _any_square("M", M)
    vals = np.linalg.eigvals(M)
    lam = vals[_dominant_index(vals)[0]]
    if abs(lam.imag) <= 1e-12 * max(abs(lam), 1e-300):
        return float(lam.real)
    return complex(lam)


def approximate_growth_factor(Lx, Ly, xy, yx) -> complex | float:
    r"""Second-order perturbation estimate of the growth factor of :func:`coupled`.

    With :math:`\lambda_x, w_x, v_x` the dominant eigenvalue and right/left eigenvectors of
    :math:`L_x` (:math:`v_x \cdot w_x = 1`) and :math:`(\mu_j, w_j, v_j)` all eigen-triples of
    :math:`L_y`,

    .. math::

        \lambda \approx \lambda_x + \sum_j \frac{(v_x^{T} B\, w_j)(v_j^{T} C\, w_x)}{\lambda_x - \mu_j},

    where :math:`B` = ``xy`` and :math:`C` = ``yx``; the error is of third order in the coupling.
    It assumes :math:`\lambda_x` is simple and dominant over the spectrum of :math:`L_y` (swap
    the species otherwise).

    Parameters
    ----------
    Lx, Ly, xy, yx : array_like
        The blocks of :func:`coupled`.

    Returns
    -------
    float or complex

    Raises
    ------
    InputError
        For mismatched blocks.

    Examples
    --------
    >>> approximate_growth_factor([[1.0]], [[0.5]], [[-0.1]], [[0.1]])   # exact: 0.97913
    0.98
    """
    Lx, Ly = _any_square("Lx", Lx), _any_square("Ly", Ly)
    coupled(Lx, Ly, xy, yx)                                  # validates the shapes
    vals, right = np.linalg.eig(Lx)
    k = _dominant_index(vals)[0]
    lam_x = vals[k]
    valsT, left = np.linalg.eig(Lx.T)
    wx, vx = right[:, k], left[:, int(np.argmin(np.abs(valsT - lam_x)))]
    vx = vx / (vx @ wx)
    mu, W = np.linalg.eig(Ly)
    gaps = lam_x - mu
    if np.any(np.abs(gaps) <= 1e-12 * max(abs(lam_x), 1e-300)):
        raise InputError(f"the dominant eigenvalue of Lx ({complex(lam_x):.6g}) is also an "
                         "eigenvalue of Ly: the perturbation series is singular (a degenerate "
                         "case); compute growth_factor(coupled(...)) instead")
    Vm = np.linalg.inv(W).T               # columns: left eigenvectors with V[:, j] . W[:, j] = 1
    B, C = np.asarray(xy), np.asarray(yx)
    correction = sum((vx @ B @ W[:, j]) * (Vm[:, j] @ C @ wx) / gaps[j]
                     for j in range(mu.size))
    lam = lam_x + correction
    return float(lam.real) if abs(lam.imag) < 1e-12 * abs(lam) else complex(lam)


class Dominance(NamedTuple):
    """Which species dominates a coupled model in the long run (see :func:`dominant_species`).

    Attributes
    ----------
    species : str
        ``"x"`` or ``"y"``.
    share : float
        The limiting share of the x block in the total population, in absolute numbers.

    Examples
    --------
    >>> dominant_species(coupled([[1.2]], [[0.9]], [[-0.05]], [[-0.05]]), 1).species
    'x'
    """

    species: str
    share: float


def dominant_species(M, m: int) -> Dominance:
    r"""Which species dominates at large times, and the share of the total it carries.

    From the dominant eigenvector of ``M`` (see the Last Species Standing theorem in chapter
    2): ``"x"`` for the first ``m`` entries, ``"y"`` for the rest. The limit exists only when
    one eigenvalue strictly dominates.

    Parameters
    ----------
    M : array_like, shape (n, n)
        A coupled model (:func:`coupled`).
    m : int
        The number of age classes of species x, ``1 <= m < n``.

    Returns
    -------
    Dominance
        ``(species, share)``: the dominant species and the limiting share
        :math:`\sum_{i<m} |w_i| / \sum_i |w_i|` of the x block, with :math:`w` the dominant
        eigenvector: the limit of :math:`\sum_{i<m} |n_i(t)| / \sum_i |n_i(t)|`. Absolute
        values, because under competition the loser's block of :math:`w` turns negative: the
        linear model then no longer describes real populations, only which one wins and how
        fast (and for complex models the entries are complex).

    Raises
    ------
    InputError
        For a bad ``m``, or when no single eigenvalue dominates (several share the largest
        modulus, such as the complex pair of a real matrix): the shares then oscillate forever
        and have no limit.

    Examples
    --------
    >>> dominant_species(coupled([[1.2]], [[0.9]], [[-0.05]], [[-0.05]]), 1)[0]
    'x'
    """
    M = _any_square("M", M)
    m = V.integer("m", m, minimum=1, maximum=M.shape[0] - 1)
    vals, right = np.linalg.eig(M)
    k, n_ties = _dominant_index(vals)
    if n_ties > 1:
        lead = vals[np.isclose(np.abs(vals), abs(vals[k]), rtol=1e-9)]
        raise InputError(f"no single mode dominates: the eigenvalues "
                         f"{', '.join(f'{complex(v):.4g}' for v in lead)} share the largest "
                         f"modulus {abs(vals[k]):.6g}, so the shares oscillate and have no limit")
    w = np.abs(right[:, k])
    share = float(w[:m].sum() / w.sum())
    return Dominance("x" if share > 0.5 else "y", share)
