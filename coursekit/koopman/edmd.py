r"""Extended DMD: the Koopman operator on a dictionary of observables, with verified spectra.

Williams, Kevrekidis & Rowley (2015, "A data-driven approximation of the Koopman operator:
extending dynamic mode decomposition", J. Nonlinear Sci. 25, 1307). For snapshot pairs
:math:`(x_m, y_m)` and a dictionary :math:`\psi = (\psi_1, \dots, \psi_N)`
(:mod:`coursekit.koopman.dictionaries`), the Galerkin matrix

.. math:: K = (G + \gamma I)^{-1} A,\qquad G = \tfrac1M\Psi_X^*\Psi_X,\quad
          A = \tfrac1M\Psi_X^*\Psi_Y \tag{1}

(:math:`\gamma = \gamma_{\rm rel}\,\lambda_{\max}(G)` an optional Tikhonov regularisation;
:math:`K = G^{-1}A` without it, the least-squares solution) satisfies :math:`\Psi_X K \approx \Psi_Y`.
It is computed from the :math:`N\times N` Gram matrices, never from an SVD of the lifted data:
the cost is one pass over the data and an :math:`N^3` solve. An eigenvector
:math:`K\xi = \lambda\xi` gives the approximate **eigenfunction** :math:`\varphi = \Psi\xi`
(:math:`\varphi(F(x)) \approx \lambda\varphi(x)`); the **Koopman modes** :math:`v_j` expand the
state, :math:`x = \sum_j \varphi_j(x) v_j`, through the least-squares map :math:`x \approx
\Psi(x)B`; and a forecast is :math:`x_k = \Psi(x_0)K^kB = \sum_j\lambda_j^k\varphi_j(x_0)v_j`.
If the dictionary spans an invariant subspace of the Koopman operator, its eigenvalues there are
recovered exactly. Every eigenpair carries its ResDMD residual
(:mod:`coursekit.koopman.spectra`; the small ones recomputed from the lifted data, below the
quadratic form's rounding floor), so that verified eigenpairs can be told from unverified ones.
"""

from __future__ import annotations

import copy

import numpy as np

from coursekit import _validate as V
from coursekit.errors import InputError
from coursekit.koopman import _kernels
from coursekit.koopman._base import Learner, pairs, sampling_step, trajectories
from coursekit.koopman.dictionaries import Dictionary, Polynomial
from coursekit.koopman.spectra import MAX_CONDITION, gram_matrices, pair_residuals, pseudospectrum, residuals

__all__ = ["EDMD"]


def _state_map(lib: Dictionary, G, px, x0, gamma: float) -> np.ndarray:
    """``B`` with ``x ~ Psi(x) B``: a selection when the dictionary holds the coordinates
    themselves (degree-1 monomials), else least squares through the Gram matrix (see
    ``state_map_error_``)."""
    B = np.zeros((lib.n_terms, x0.shape[1]))
    if lib.compiled:
        kind, powers = lib._code[0], lib._code[1]
        for j in range(x0.shape[1]):
            hit = np.flatnonzero((kind == _kernels.MONOMIAL) & (powers.sum(axis=1) == 1)
                                 & (powers[:, j] == 1))
            if hit.size == 0:
                break
            B[hit[0], j] = 1.0
        else:
            return B
    return np.linalg.solve(G + gamma * np.eye(len(G)), px.T @ x0 / px.shape[0])


class EDMD(Learner):
    """Extended dynamic mode decomposition, equation (1) of the module docstring.

    Parameters
    ----------
    dictionary : Dictionary
        The observables (default ``Polynomial(2)``); fitted to the data in :meth:`fit`.
    regularization : float
        Tikhonov :math:`\\gamma_{\\rm rel} \\ge 0`: :math:`\\gamma_{\\rm rel}\\lambda_{\\max}(G)`
        is added to :math:`G`. With 0, a numerically singular :math:`G` (condition number above
        :data:`~coursekit.koopman.spectra.MAX_CONDITION`) is an error.

    Attributes
    ----------
    koopman_matrix_ : ndarray, shape (n_terms, n_terms)
        :math:`K`.
    eigenvalues_ : ndarray, shape (n_terms,)
        Its eigenvalues, by decreasing modulus.
    eigenvectors_ : ndarray, shape (n_terms, n_terms)
        The :math:`\\xi_j`, as columns.
    modes_ : ndarray, shape (n_terms, n_state)
        Koopman modes :math:`v_j` (rows).
    residuals_ : ndarray, shape (n_terms,)
        ResDMD residuals of the eigenpairs on the fitted data: from the Gram matrices
        (:func:`~coursekit.koopman.spectra.residuals`), and from the lifted data
        (:func:`~coursekit.koopman.spectra.pair_residuals`) where they come near the quadratic
        form's floor of about 1e-8.
    state_map_error_ : float
        Relative error of :math:`x \\approx \\Psi(x)B` on the data: 0 when the dictionary holds
        the state's coordinates; otherwise forecasts of the state are only as good as it.
    gram_ : tuple of ndarray
        :math:`(G, A, L)`, the matrices of :mod:`coursekit.koopman.spectra`.
    condition_number_ : float
        Of :math:`G`; :math:`K` loses about :math:`\\log_{10}` of it in digits (at the limit
        :data:`~coursekit.koopman.spectra.MAX_CONDITION`, 1e14, about two remain).
    dictionary_ : Dictionary
        The fitted dictionary.
    dt_ : float
        Sampling step.

    Examples
    --------
    >>> from coursekit.koopman.dictionaries import Callables
    >>> rng = np.random.default_rng(0)
    >>> X = rng.uniform(-1, 1, (200, 2))
    >>> Y = np.c_[0.9 * X[:, 0], 0.5 * X[:, 1] + 0.3 * X[:, 0] ** 2]
    >>> lib = Callables([lambda s: s[:, 0], lambda s: s[:, 1], lambda s: s[:, 0] ** 2])
    >>> model = EDMD(lib).fit(list(np.stack([X, Y], axis=1)))
    >>> sorted(model.eigenvalues_.real.round(10).tolist())   # 0.9, 0.5 and 0.9^2
    [0.5, 0.81, 0.9]
    """

    def __init__(self, dictionary: Dictionary | None = None, regularization: float = 0.0):
        self.dictionary, self.regularization = dictionary, regularization
        self._validated()

    def _validated(self) -> dict:
        return dict(dictionary=Polynomial(2) if self.dictionary is None else V.instance(
                        "dictionary", self.dictionary, Dictionary,
                        "a coursekit.koopman dictionary (Polynomial(2), ...)"),
                    regularization=V.nonnegative("regularization", self.regularization))

    def fit(self, X, *, dt=1.0) -> EDMD:
        """Fit to one trajectory ``(n_times, n_state)`` or a list of them.

        A list of many two-sample trajectories is a set of independent snapshot pairs.

        Parameters
        ----------
        X : array_like or list of array_like
            Snapshots, time first, sampled every ``dt``.
        dt : float or array_like
            The sampling step, or equally spaced sample times of a single trajectory.

        Returns
        -------
        EDMD
            ``self``, fitted.

        Raises
        ------
        InputError
            For NaN or infinity, fewer snapshot pairs than dictionary functions, or a singular
            Gram matrix (linearly dependent functions on these data).

        Examples
        --------
        >>> EDMD().fit(0.5 ** np.arange(10.0)[:, None]).eigenvalues_.real.round(9).tolist()
        [1.0, 0.5, 0.25]
        """
        p = self._validated()
        trajs = trajectories(X, min_times=2)
        step = sampling_step(dt, trajs)
        x0, x1 = pairs(trajs)
        lib = copy.deepcopy(p["dictionary"]).fit(x0)
        if x0.shape[0] < lib.n_terms:
            raise InputError(f"EDMD with {lib.n_terms} dictionary functions needs at least as many "
                             f"snapshot pairs; got {x0.shape[0]}: add data or use a smaller dictionary")
        # Lift every sample once, in one call; the pairs' two sides are slices of it.
        lifted = lib(np.concatenate(trajs))
        ends = np.cumsum([len(a) for a in trajs])
        is_image = np.ones(ends[-1], bool)                 # all rows but each trajectory's first
        is_image[np.r_[0, ends[:-1]]] = False
        is_state = np.ones(ends[-1], bool)                 # all rows but each trajectory's last
        is_state[ends - 1] = False
        px, py = lifted[is_state], lifted[is_image]
        G, A, L = gram_matrices(px, py)
        w = np.linalg.eigvalsh(G)
        cond = float(w[-1] / w[0]) if w[0] > 0 else np.inf
        gamma = p["regularization"] * w[-1]
        if gamma == 0.0 and cond > MAX_CONDITION:
            raise InputError(f"the dictionary's Gram matrix is singular on these data (condition "
                             f"number {cond:.1e}): some of its {lib.n_terms} functions are linear "
                             "combinations of the others here (a repeated constant, more centres than "
                             "distinct states, too high a degree). Pass regularization=1e-10 or "
                             "use fewer functions")
        Kmat = np.linalg.solve(G + gamma * np.eye(len(G)), A)
        lam, xi = np.linalg.eig(Kmat)
        order = np.argsort(-np.abs(lam), kind="stable")
        lam, xi = lam[order], xi[:, order]
        xi = xi / np.linalg.norm(xi, axis=0)
        B = _state_map(lib, G, px, x0, gamma)                       # x ~ Psi(x) B
        map_error = float(np.linalg.norm(px @ B - x0) / max(np.linalg.norm(x0), np.finfo(float).tiny))
        modes = np.linalg.lstsq(xi, B.astype(complex), rcond=None)[0]
        # The Gram matrices give every residual cheaply, down to their floor (the square root of
        # rounding); the pairs near that floor are recomputed from the lifted data.
        res = residuals(G, A, L, lam, xi)
        near = res < 1e-6
        if near.any():
            res[near] = pair_residuals(px, py, lam[near], xi[:, near])
        self.dictionary_, self.n_state_, self.dt_, self.koopman_matrix_ = lib, x0.shape[1], step, Kmat
        self.eigenvalues_, self.eigenvectors_, self.modes_, self.residuals_ = lam, xi, modes, res
        self.gram_, self.condition_number_, self._state_map = (G, A, L), cond, B
        self.state_map_error_ = map_error
        return self

    def eigenfunctions(self, X) -> np.ndarray:
        """The approximate eigenfunctions :math:`\\varphi_j = \\Psi\\xi_j` at states ``X``.

        Parameters
        ----------
        X : array_like, shape (n, n_state)
            States, time first.

        Returns
        -------
        ndarray, shape (n, n_terms), complex
            Column ``j`` is :math:`\\varphi_j`.

        Raises
        ------
        NotFittedError
            Before ``fit``.

        Examples
        --------
        >>> m = EDMD().fit(0.5 ** np.arange(10.0)[:, None])
        >>> m.eigenfunctions([[1.0], [0.5]]).shape
        (2, 3)
        """
        X = self._states(X)
        return self.dictionary_(X) @ self.eigenvectors_

    def predict(self, X) -> np.ndarray:
        """One step: :math:`x \\mapsto \\Psi(x) K B` (lift, advance, project back).

        Parameters
        ----------
        X : array_like, shape (n, n_state)
            States, time first.

        Returns
        -------
        ndarray, shape (n, n_state)
            The states one ``dt_`` later.

        Raises
        ------
        NotFittedError
            Before ``fit``.

        Examples
        --------
        >>> EDMD().fit(0.5 ** np.arange(10.0)[:, None]).predict([[0.3]]).round(9).tolist()
        [[0.15]]
        """
        X = self._states(X)
        return self.dictionary_(X) @ self.koopman_matrix_ @ self._state_map

    def _run(self, x0, n_steps):
        x0 = self._state(x0)
        psi = self.dictionary_(x0)[0]
        out = np.empty((n_steps + 1, self.n_state_))
        out[0] = x0
        for k in range(1, n_steps + 1):
            psi = psi @ self.koopman_matrix_
            out[k] = psi @ self._state_map
        return out

    def trusted(self, tol: float = 0.05) -> np.ndarray:
        """Which eigenpairs have a residual at most ``tol`` (ResDMD's verified eigenvalues).

        Parameters
        ----------
        tol : float
            Largest residual accepted.

        Returns
        -------
        ndarray of bool, shape (n_terms,)
            In the order of ``eigenvalues_``.

        Raises
        ------
        NotFittedError
            Before ``fit``.

        Examples
        --------
        >>> EDMD().fit(0.5 ** np.arange(10.0)[:, None]).trusted().tolist()
        [True, True, True]
        """
        self._check_fitted()
        return self.residuals_ <= V.positive("tol", tol)

    def pseudospectrum(self, z) -> np.ndarray:
        """The pseudospectrum indicator :math:`\\tau(z)` (:func:`coursekit.koopman.spectra.pseudospectrum`).

        Parameters
        ----------
        z : array_like of complex
            Points of the complex plane.

        Returns
        -------
        ndarray
            :math:`\\tau(z)`, the shape of ``z``.

        Raises
        ------
        NotFittedError
            Before ``fit``.

        Examples
        --------
        >>> m = EDMD().fit(0.5 ** np.arange(10.0)[:, None])
        >>> bool(m.pseudospectrum(0.5) < 1e-6)
        True
        """
        self._check_fitted()
        return pseudospectrum(*self.gram_, z)
