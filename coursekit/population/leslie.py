r"""Leslie age-structured models: single species, predator–prey and competition.

**Leslie matrix.** A population split into age classes :math:`n = (n_0, \dots, n_{m-1})` advances
one time step (the width of an age class) by :math:`n_{t+1} = L n_t` with

.. math::

    L = \begin{pmatrix} F_0 & F_1 & \cdots & F_{m-1} \\ s_0 & 0 & & \\ & \ddots & \ddots & \\
        & & s_{m-2} & 0 \end{pmatrix},

fecundities :math:`F_a \ge 0` (newborns per individual of class :math:`a`, counted at the next
census) and survival probabilities :math:`0 \le s_a \le 1`. By Perron–Frobenius, when the matrix
is primitive the population grows asymptotically like :math:`\lambda^t` with the dominant
eigenvalue :math:`\lambda` (the *growth factor*), along the right eigenvector :math:`w` (the
*stable age distribution*); the left eigenvector :math:`v` gives the *reproductive values*. The
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

from dataclasses import dataclass

import numpy as np


def _vector(name, values, lo=0.0, hi=None) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D sequence; got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinity (missing values?)")
    if np.any(arr < lo) or (hi is not None and np.any(arr > hi)):
        bound = f"in [{lo}, {hi}]" if hi is not None else f">= {lo}"
        raise ValueError(f"{name} must be {bound}; got {arr.tolist()}")
    return arr


def leslie_matrix(fecundity, survival) -> np.ndarray:
    """The Leslie matrix from ``m`` fecundities and ``m - 1`` survival probabilities.

    Examples
    --------
    >>> leslie_matrix([0.0, 1.5, 1.0], [0.5, 0.8])
    array([[0. , 1.5, 1. ],
           [0.5, 0. , 0. ],
           [0. , 0.8, 0. ]])
    """
    F = _vector("fecundity", fecundity)
    s = _vector("survival", survival, 0.0, 1.0) if len(survival) else np.zeros(0)
    if s.size != F.size - 1:
        raise ValueError(f"{F.size} fecundities need {F.size - 1} survival probabilities; "
                         f"got {s.size}")
    L = np.zeros((F.size, F.size))
    L[0] = F
    L[np.arange(1, F.size), np.arange(F.size - 1)] = s
    return L


def _square(name, M) -> np.ndarray:
    M = np.asarray(M)
    if M.ndim != 2 or M.shape[0] != M.shape[1] or M.shape[0] == 0:
        raise ValueError(f"{name} must be a square matrix; got shape {M.shape}")
    if not np.all(np.isfinite(M)):
        raise ValueError(f"{name} contains NaN or infinity")
    return M


def _dominant(M):
    vals, right = np.linalg.eig(M)
    k = int(np.argmax(np.abs(vals)))
    valsT, left = np.linalg.eig(M.T)
    j = int(np.argmin(np.abs(valsT - vals[k])))
    return vals[k], right[:, k], left[:, j]


@dataclass(frozen=True)
class LeslieAnalysis:
    """Growth factor, stable age distribution (sums to 1), reproductive values
    (first entry 1), sensitivity and elasticity matrices of the growth factor."""

    growth_factor: float
    stable_age: np.ndarray
    reproductive_value: np.ndarray
    sensitivity: np.ndarray
    elasticity: np.ndarray


def analyse(L) -> LeslieAnalysis:
    """Perron–Frobenius analysis of a (real, non-negative) projection matrix.

    Examples
    --------
    >>> a = analyse(leslie_matrix([0.0, 1.2, 1.0], [0.5, 0.8]))   # 1.2*0.5 + 1.0*0.4 = 1
    >>> round(a.growth_factor, 6), a.stable_age.round(4).tolist()
    (1.0, [0.5263, 0.2632, 0.2105])
    >>> bool(np.isclose(a.elasticity.sum(), 1.0))   # elasticities always sum to one
    True
    """
    L = _square("L", L).astype(float)
    if np.any(L < 0):
        raise ValueError("a projection matrix has non-negative entries")
    lam, w, v = _dominant(L)
    lam, w, v = float(lam.real), np.abs(w.real), np.abs(v.real)
    w = w / w.sum()
    v = v / v[0] if v[0] > 0 else v / v.max()
    S = np.outer(v, w) / (v @ w)
    return LeslieAnalysis(lam, w, v, S, L * S / lam)


def euler_lotka(fecundity, survival, growth_factor: float) -> float:
    """``sum_a F_a l_a lambda^-(a+1) - 1``: zero at the growth factor of the Leslie matrix."""
    F = _vector("fecundity", fecundity)
    s = _vector("survival", survival, 0.0, 1.0) if len(survival) else np.zeros(0)
    ell = np.concatenate([[1.0], np.cumprod(s)])[: F.size]
    a = np.arange(F.size)
    return float(np.sum(F * ell * growth_factor ** (-(a + 1.0))) - 1.0)


def project(M, n0, steps: int) -> np.ndarray:
    """``n_t = M^t n0`` for ``t = 0..steps``, shape ``(steps + 1, len(n0))`` (time first)."""
    M = _square("M", M)
    n0 = np.asarray(n0, dtype=M.dtype if np.iscomplexobj(M) else float)
    if n0.shape != (M.shape[0],):
        raise ValueError(f"n0 must have length {M.shape[0]}; got shape {n0.shape}")
    if int(steps) != steps or steps < 0:
        raise ValueError(f"steps must be a non-negative integer; got {steps!r}")
    out = np.empty((int(steps) + 1, n0.size), dtype=np.result_type(M, n0))
    out[0] = n0
    for t in range(int(steps)):
        out[t + 1] = M @ out[t]
    return out


def coupled(Lx, Ly, xy, yx) -> np.ndarray:
    """The block matrix ``[[Lx, xy], [yx, Ly]]`` of a two-species Leslie model.

    Predator–prey: ``xy = -P`` (prey lost to predators), ``yx = Q`` (predators gained).
    Competition: ``xy = -C_xy``, ``yx = -C_yx``. Shapes must match: ``xy`` is ``m × k``,
    ``yx`` is ``k × m``.
    """
    Lx, Ly = _square("Lx", Lx), _square("Ly", Ly)
    xy, yx = np.asarray(xy), np.asarray(yx)
    m, k = Lx.shape[0], Ly.shape[0]
    if xy.shape != (m, k) or yx.shape != (k, m):
        raise ValueError(f"coupling blocks must be {m}x{k} and {k}x{m}; got {xy.shape}, {yx.shape}")
    return np.block([[Lx, xy], [yx, Ly]])


def growth_factor(M) -> complex | float:
    """The dominant eigenvalue (largest modulus) of ``M``; real when ``M`` is real and the
    dominant eigenvalue is real."""
    lam = _dominant(_square("M", M))[0]
    return float(lam.real) if np.isreal(lam) and not np.iscomplexobj(M) else complex(lam)


def approximate_growth_factor(Lx, Ly, xy, yx) -> complex | float:
    r"""Second-order perturbation estimate of the growth factor of :func:`coupled`.

    With :math:`\lambda_x, w_x, v_x` the dominant eigenvalue and right/left eigenvectors of
    :math:`L_x` (:math:`v_x \cdot w_x = 1`) and :math:`(\mu_j, w_j, v_j)` all eigen-triples of
    :math:`L_y`,

    .. math::

        \lambda \approx \lambda_x + \sum_j \frac{(v_x^{T} B\, w_j)(v_j^{T} C\, w_x)}{\lambda_x - \mu_j},

    where :math:`B` = ``xy`` and :math:`C` = ``yx``; the error is of third order in the coupling.
    It assumes :math:`\lambda_x` is the dominant of the two blocks (swap the species otherwise).
    """
    lam_x, wx, vx = _dominant(_square("Lx", Lx))
    vx = vx / (vx @ wx)
    mu, W = np.linalg.eig(_square("Ly", Ly))
    V = np.linalg.inv(W).T               # columns: left eigenvectors with V[:, j] . W[:, j] = 1
    B, C = np.asarray(xy), np.asarray(yx)
    correction = sum((vx @ B @ W[:, j]) * (V[:, j] @ C @ wx) / (lam_x - mu[j])
                     for j in range(mu.size))
    lam = lam_x + correction
    return float(lam.real) if abs(lam.imag) < 1e-12 * abs(lam) else complex(lam)


def dominant_species(M, m: int) -> tuple[str, float]:
    """Which species dominates at large times ("x" for the first ``m`` entries, "y" for the
    rest), and the limiting share of the total carried by the x block (from the dominant
    eigenvector; see the Last Species Standing theorem in chapter 2)."""
    _, w, _ = _dominant(_square("M", M))
    w = np.abs(w)
    share = float(w[:m].sum() / w.sum())
    return ("x" if share > 0.5 else "y"), share
