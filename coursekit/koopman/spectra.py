r"""Spectra you can trust: residuals and pseudospectra of Koopman approximations (ResDMD).

EDMD (and DMD, with the POD coordinates as its dictionary) approximates the Koopman operator
:math:`\mathcal K` by a matrix :math:`K = G^{+}A` built from the Gram matrices of the
dictionary :math:`\psi` at snapshot pairs :math:`(x_m, y_m)`, :math:`y_m = F(x_m)`:

.. math:: G = \tfrac1M \Psi_X^* \Psi_X,\quad A = \tfrac1M \Psi_X^* \Psi_Y,\quad
          L = \tfrac1M \Psi_Y^* \Psi_Y. \tag{1}

An eigenvalue of the finite matrix need not be near the spectrum of :math:`\mathcal K`
(*spectral pollution*). Colbrook & Townsend (2024, "Rigorous data-driven computation of
spectral properties of Koopman operators for dynamical systems", Comm. Pure Appl. Math.)
verify each candidate pair :math:`(\lambda, g = \Psi\xi)` by its **residual**, computed
from the same three matrices:

.. math:: \mathrm{res}(\lambda, g)^2
          = \frac{\|\mathcal K g - \lambda g\|^2}{\|g\|^2}
          \approx \frac{\xi^*(L - \lambda A^* - \bar\lambda A + |\lambda|^2 G)\xi}
          {\xi^* G \xi}, \tag{2}

a quadrature of :math:`\int |g(F(x)) - \lambda g(x)|^2 d\mu` that converges as the number of
snapshots grows (for ergodic sampling or quadrature points), *whatever the dictionary*. The
residual certifies the **pair**: a small one means :math:`\lambda` lies in the
:math:`\varepsilon`-pseudospectrum of :math:`\mathcal K` with :math:`g` as its witness (near
the spectrum when :math:`\mathcal K` is normal, e.g. unitary for a measure-preserving
invertible map); a large one means this pair is not an eigenpair, though :math:`\lambda` may
still be close to a true eigenvalue whose eigenfunction the dictionary cannot represent.
Minimising (2) over :math:`g` in the span of the dictionary gives the indicator
:math:`\tau_N(z) = \min_g \mathrm{res}(z, g) \ge \inf_{\|g\| = 1}\|(\mathcal K - z)g\|`
(in the large-data limit), so the sublevel sets :math:`\{z : \tau_N(z) < \varepsilon\}` lie
inside the approximate point :math:`\varepsilon`-pseudospectrum and fill it out as the
dictionary grows (:func:`pseudospectrum`). The quadratic form in (2) cancels: computed from
:math:`G, A, L` (:func:`residuals`, :func:`pseudospectrum`) it cannot go below about
:math:`10^{-8}`, the square root of rounding. :func:`pair_residuals` computes (2) from the
lifted data directly and goes down to rounding itself. Use fresh data for (2) where you can: with as
many dictionary functions as snapshots the residuals of a fit on the same data vanish
trivially.
"""

from __future__ import annotations

import numpy as np

from coursekit import _validate as V
from coursekit.errors import InputError

__all__ = ["MAX_CONDITION", "gram_matrices", "pair_residuals", "pseudospectrum", "residuals"]

#: Gram matrices with a larger condition number count as singular (EDMD refuses them without
#: regularisation; the pseudospectrum drops the directions beyond it).
MAX_CONDITION = 1e14


def gram_matrices(psi_x, psi_y) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The matrices :math:`G, A, L` of equation (1) from lifted snapshot pairs.

    Parameters
    ----------
    psi_x, psi_y : array_like, shape (n_pairs, n_terms)
        The dictionary at the states and at their images, time first.

    Returns
    -------
    (ndarray, ndarray, ndarray)
        ``G``, ``A`` and ``L``, each ``(n_terms, n_terms)``.

    Raises
    ------
    InputError
        For arrays of different shapes or with NaN.

    Examples
    --------
    >>> G, A, L = gram_matrices([[1.0], [2.0]], [[2.0], [4.0]])
    >>> float(G[0, 0]), float(A[0, 0]), float(L[0, 0])
    (2.5, 5.0, 10.0)
    """
    px = V.array("psi_x", psi_x, ndim=2, dtype=complex if np.iscomplexobj(psi_x) else float)
    py = V.array("psi_y", psi_y, ndim=2, dtype=complex if np.iscomplexobj(psi_y) else float)
    if px.shape != py.shape:
        raise InputError(f"psi_x and psi_y must have the same shape; got {px.shape} and {py.shape}")
    m = px.shape[0]
    pxh = px.conj().T
    return pxh @ px / m, pxh @ py / m, py.conj().T @ py / m


def residuals(G, A, L, eigenvalues, eigenvectors) -> np.ndarray:
    """Residuals (2) of candidate eigenpairs :math:`(\\lambda_j, \\Psi\\xi_j)`.

    Parameters
    ----------
    G, A, L : array_like, shape (n_terms, n_terms)
        The matrices of equation (1).
    eigenvalues : array_like, shape (n,)
        Candidate eigenvalues.
    eigenvectors : array_like, shape (n_terms, n)
        Their coefficient vectors :math:`\\xi_j`, as columns.

    Returns
    -------
    ndarray, shape (n,)
        :math:`\\mathrm{res}(\\lambda_j, \\Psi\\xi_j) \\ge 0`.

    Raises
    ------
    InputError
        For shapes that do not match.

    Examples
    --------
    >>> G, A, L = gram_matrices([[1.0], [2.0]], [[0.5], [1.0]])   # g(x) = x, K g = g / 2
    >>> residuals(G, A, L, [0.5, 0.9], [[1.0, 1.0]]).round(12).tolist()
    [0.0, 0.4]
    """
    G, A, L = (np.asarray(M) for M in (G, A, L))
    lam = np.atleast_1d(np.asarray(eigenvalues, dtype=complex))
    xi = np.asarray(eigenvectors, dtype=complex)
    if xi.ndim != 2 or xi.shape != (G.shape[0], lam.size) or G.shape != A.shape or G.shape != L.shape:
        raise InputError(f"need G, A, L square of one size n and eigenvectors (n, {lam.size}); got "
                         f"{G.shape}, {A.shape}, {L.shape} and {xi.shape}")
    Gx, Ax, Lx, Ahx = G @ xi, A @ xi, L @ xi, A.conj().T @ xi
    xh = xi.conj()
    num = (np.einsum("ij,ij->j", xh, Lx) - lam * np.einsum("ij,ij->j", xh, Ahx)
           - lam.conj() * np.einsum("ij,ij->j", xh, Ax) + np.abs(lam) ** 2 * np.einsum("ij,ij->j", xh, Gx))
    den = np.einsum("ij,ij->j", xh, Gx).real
    return np.sqrt(np.maximum(num.real, 0.0) / den)


def pair_residuals(psi_x, psi_y, eigenvalues, eigenvectors) -> np.ndarray:
    """Residuals (2) computed from the lifted snapshots themselves,
    :math:`\\|\\Psi_Y\\xi - \\lambda\\Psi_X\\xi\\| / \\|\\Psi_X\\xi\\|`.

    The same quantity as :func:`residuals`, without the cancellation of the quadratic form:
    accurate down to rounding of the data rather than its square root.

    Parameters
    ----------
    psi_x, psi_y : array_like, shape (n_pairs, n_terms)
        The dictionary at the states and at their images, time first.
    eigenvalues : array_like, shape (n,)
        Candidate eigenvalues.
    eigenvectors : array_like, shape (n_terms, n)
        Their coefficient vectors, as columns.

    Returns
    -------
    ndarray, shape (n,)
        The residuals (``inf`` where a candidate vanishes on the data).

    Raises
    ------
    InputError
        For shapes that do not match.

    Examples
    --------
    >>> pair_residuals([[1.0], [2.0]], [[0.5], [1.0]], [0.5, 0.9], [[1.0, 1.0]]).round(12).tolist()
    [0.0, 0.4]
    """
    px, py = np.asarray(psi_x), np.asarray(psi_y)
    lam = np.atleast_1d(np.asarray(eigenvalues, dtype=complex))
    xi = np.asarray(eigenvectors, dtype=complex)
    if px.shape != py.shape or px.ndim != 2 or xi.shape != (px.shape[1], lam.size):
        raise InputError(f"need psi_x, psi_y of one shape (n_pairs, n) and eigenvectors (n, "
                         f"{lam.size}); got {px.shape}, {py.shape} and {xi.shape}")
    gx, gy = px @ xi, py @ xi
    num = np.linalg.norm(gy - gx * lam, axis=0)
    den = np.linalg.norm(gx, axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.inf)


def pseudospectrum(G, A, L, z) -> np.ndarray:
    """The pseudospectrum indicator :math:`\\tau(z) = \\min_g \\mathrm{res}(z, g)` on points ``z``.

    For each ``z``, the square root of the smallest eigenvalue of the Hermitian pencil
    :math:`(L - zA^* - \\bar z A + |z|^2 G,\\ G)`, computed after whitening with
    :math:`G^{-1/2}` (directions in which :math:`G` is numerically singular are dropped).

    Parameters
    ----------
    G, A, L : array_like, shape (n_terms, n_terms)
        The matrices of equation (1).
    z : array_like of complex
        Points of the complex plane (any shape).

    Returns
    -------
    ndarray
        :math:`\\tau(z)`, the shape of ``z``.

    Raises
    ------
    InputError
        For matrices that are not square of one size.

    Examples
    --------
    >>> G, A, L = gram_matrices([[1.0], [2.0]], [[0.5], [1.0]])
    >>> pseudospectrum(G, A, L, [0.5, 1.0]).round(12).tolist()
    [0.0, 0.5]
    """
    G, A, L = (np.asarray(M) for M in (G, A, L))
    if G.ndim != 2 or G.shape[0] != G.shape[1] or A.shape != G.shape or L.shape != G.shape:
        raise InputError(f"G, A, L must be square of one size; got {G.shape}, {A.shape}, {L.shape}")
    z = np.asarray(z, dtype=complex)
    w, Q = np.linalg.eigh((G + G.conj().T) / 2)
    keep = w > w.max() / MAX_CONDITION
    W = Q[:, keep] / np.sqrt(w[keep])                       # G^{-1/2} on its numerical range
    Lw, Aw = W.conj().T @ L @ W, W.conj().T @ A @ W
    out = np.empty(z.size)
    for k, zk in enumerate(z.ravel()):
        M = Lw - zk * Aw.conj().T - np.conj(zk) * Aw + abs(zk) ** 2 * np.eye(Lw.shape[0])
        out[k] = np.sqrt(max(np.linalg.eigvalsh((M + M.conj().T) / 2)[0], 0.0))
    return out.reshape(z.shape)
