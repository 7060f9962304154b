r"""Dynamic mode decomposition: exact DMD, Hankel (delay) DMD and HAVOK.

**Exact DMD** (Schmid 2010; Tu, Rowley, Luchtenburg, Brunton & Kutz 2014). From snapshot pairs
:math:`x_{k+1} \approx A x_k`, stacked as columns :math:`X_0, X_1` (``(n_state, n_pairs)``; the
learner transposes the time-first data inside), take the truncated SVD
:math:`X_0 \approx U_r \Sigma_r V_r^*` and

.. math:: \tilde A = U_r^* X_1 V_r \Sigma_r^{-1},\qquad
          \tilde A w_j = \lambda_j w_j,\qquad
          \phi_j = X_1 V_r \Sigma_r^{-1} w_j. \tag{1}

The :math:`\phi_j` are the **exact** DMD modes, eigenvectors of
:math:`A = X_1 V_r\Sigma_r^{-1}U_r^*` (Tu et al., Theorem 1); the **projected** modes
:math:`U_r w_j` (Schmid's original) are their projections on the POD subspace and are what
``modes="projected"`` returns. Continuous-time eigenvalues are :math:`\omega_j = \ln\lambda_j
/ \Delta t`. The rank :math:`r` is a number, an energy fraction, or Gavish & Donoho's (2014)
optimal hard threshold for unknown noise, :math:`\tau = \omega(\beta)\,\sigma_{\rm med}` with
:math:`\omega(\beta) \approx 0.56\beta^3 - 0.95\beta^2 + 1.82\beta + 1.43`,
:math:`\beta` the aspect ratio (:func:`optimal_rank`). For tall data with a small requested rank
the SVD is randomised (Halko, Martinsson & Tropp 2011; oversampling and power iterations).

**Hankel DMD** applies exact DMD to delay vectors
:math:`h_k = (y_k, y_{k+1}, \dots, y_{k+q-1})` of an observable :math:`y` (Arbabi & Mezić 2017);
forecasts restart from the last delay vector.

**HAVOK** (Brunton, Brunton, Proctor, Kaiser & Kutz 2017, "Chaos as an intermittently forced
linear system"): the SVD of the Hankel matrix gives delay coordinates :math:`v_1, \dots, v_r`
(the leading right singular vectors, as time series); a least-squares regression fits

.. math:: \frac{d}{dt} v_{1:r-1} = A\, v_{1:r-1} + B\, v_r, \tag{2}

a linear system forced by the last coordinate. On the Lorenz attractor the forcing
:math:`v_r` is quiet on the lobes and bursts near the switches between them.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg

from coursekit import _random
from coursekit import _validate as V
from coursekit._results import Trajectory, owned
from coursekit.errors import InputError
from coursekit.koopman._base import Learner, pairs, sampling_step, trajectories
from coursekit.koopman.spectra import gram_matrices, residuals

__all__ = ["DMD", "HAVOK", "HankelDMD", "optimal_rank"]


def _omega(beta: float) -> float:
    return 0.56 * beta**3 - 0.95 * beta**2 + 1.82 * beta + 1.43


def optimal_rank(singular_values, shape: tuple[int, int]) -> int:
    """Gavish & Donoho's optimal hard threshold for a matrix with unknown white noise.

    Keeps the singular values above :math:`\\omega(\\beta)\\,\\sigma_{\\rm med}`, where
    :math:`\\beta = \\min(n, m)/\\max(n, m)` and :math:`\\sigma_{\\rm med}` is the median singular
    value (Gavish & Donoho 2014, IEEE Trans. Inf. Theory 60, 5040, eq. (4) and its cubic fit).

    Parameters
    ----------
    singular_values : array_like
        All singular values of the ``n x m`` data matrix, in any order.
    shape : (int, int)
        The matrix's shape.

    Returns
    -------
    int
        The number of singular values kept (at least 1).

    Raises
    ------
    InputError
        For no singular values or a shape with a zero.

    Examples
    --------
    >>> s = np.r_[100.0, 50.0, np.full(98, 1.0)]
    >>> optimal_rank(s, (100, 1000))
    2
    """
    s = V.array("singular_values", singular_values, ndim=1, min_size=1, nonnegative=True)
    n, m = (V.integer("shape", v, minimum=1) for v in shape)
    beta = min(n, m) / max(n, m)
    return max(1, int(np.sum(s > _omega(beta) * np.median(s))))


def _rank(s: np.ndarray, rank, shape) -> int:
    """The truncation rank from a rank request (see :class:`DMD`); ``None`` gives numpy's
    numerical rank (singular values above ``max(shape) * eps`` times the largest)."""
    limit = int(np.sum(s > s[0] * max(shape) * np.finfo(float).eps)) if s[0] > 0 else 0
    if limit == 0:
        raise InputError("the snapshots are all zero: there is nothing to decompose")
    if rank is None:
        return limit
    if isinstance(rank, str):
        return min(optimal_rank(s, shape), limit)
    if isinstance(rank, float) and 0 < rank < 1:
        energy = np.cumsum(s**2) / np.sum(s**2)
        return int(np.searchsorted(energy, rank) + 1)
    # An explicit rank may reach below numpy's numerical-rank tolerance (delay embeddings of
    # smooth signals have meaningful singular values there); it may not reach exact zeros.
    nonzero = int(np.sum(s > s[0] * 10 * np.finfo(float).eps))
    if rank > nonzero:
        raise InputError(f"rank={rank} is larger than the data allow: the snapshot matrix "
                         f"{shape[0]} x {shape[1]} has {nonzero} singular values above rounding "
                         f"(at most min(n_state, n_pairs) = {min(shape)}); pass rank <= {nonzero} "
                         "or more data")
    return rank


def _check_rank(rank):
    if rank is None or (isinstance(rank, str) and rank == "optimal"):
        return rank
    if isinstance(rank, float) and not float(rank).is_integer():
        return V.number("rank", rank, lo=0.0, hi=1.0, lo_open=True, hi_open=True)
    try:
        return V.integer("rank", rank, minimum=1)
    except InputError:
        raise InputError(f"rank must be None (numerical rank), a positive integer, an energy "
                         f"fraction in (0, 1) or 'optimal'; got {rank!r}") from None


def _svd(X: np.ndarray, rank, method: str, seed, oversample: int = 10, power: int = 2):
    """Thin SVD of ``X`` ``(n, m)``, randomised for a small integer rank of a large matrix."""
    small = min(X.shape)
    randomised = (method == "randomized" or (method == "auto" and isinstance(rank, int)
                                             and rank + oversample <= small // 4 and small >= 400))
    if not randomised:
        U, s, Vh = np.linalg.svd(X, full_matrices=False)
        return U, s, Vh, False
    if not isinstance(rank, int):
        raise InputError("svd='randomized' needs an integer rank (the number of modes to keep)")
    k = min(rank + oversample, small)
    rng = _random.as_generator(seed)
    Q, _ = np.linalg.qr(X @ rng.standard_normal((X.shape[1], k)))
    for _ in range(power):
        Q, _ = np.linalg.qr(X.T @ Q)
        Q, _ = np.linalg.qr(X @ Q)
    Ub, s, Vh = np.linalg.svd(Q.T @ X, full_matrices=False)
    return Q @ Ub, s, Vh, True


class DMD(Learner):
    """Exact dynamic mode decomposition, equation (1) of the module docstring.

    Parameters
    ----------
    rank : None, int, float in (0, 1) or "optimal"
        Truncation: ``None`` keeps the numerical rank; an integer keeps that many singular
        values; a fraction keeps the fewest whose energy :math:`\\sum\\sigma^2` reaches it;
        ``"optimal"`` applies Gavish & Donoho's hard threshold (:func:`optimal_rank`).
    modes : {"exact", "projected"}
        Which modes ``modes_`` holds (the eigenvalues and predictions are the same).
    svd : {"auto", "full", "randomized"}
        ``"auto"`` randomises the SVD for an integer rank much smaller than the data.
    seed : int, SeedSequence, Generator or None
        For the randomised SVD.

    Attributes
    ----------
    eigenvalues_ : ndarray, shape (rank,)
        Discrete-time eigenvalues :math:`\\lambda_j`.
    modes_ : ndarray, shape (n_state, rank)
        DMD modes :math:`\\phi_j` (columns), unit norm.
    amplitudes_ : ndarray, shape (rank,)
        :math:`b` with :math:`x_0 = \\sum_j b_j\\phi_j` (least squares) for the first sample.
    singular_values_ : ndarray
        Singular values of :math:`X_0` (the leading ones for a randomised SVD).
    rank_ : int
        The rank used.
    operator_ : ndarray, shape (rank, rank)
        :math:`\\tilde A`.
    residuals_ : ndarray, shape (rank,)
        ResDMD residuals (:mod:`coursekit.koopman.spectra`) of the eigenpairs in the POD
        coordinates :math:`U_r^* x`.
    dt_ : float
        Sampling step.

    Examples
    --------
    >>> A = np.array([[0.9, -0.2], [0.2, 0.9]])
    >>> X = np.empty((20, 2)); X[0] = [1.0, 0.0]
    >>> for k in range(19): X[k + 1] = A @ X[k]
    >>> model = DMD().fit(X, dt=0.1)
    >>> np.sort_complex(model.eigenvalues_).round(10).tolist()
    [(0.9-0.2j), (0.9+0.2j)]
    """

    def __init__(self, rank=None, modes: str = "exact", svd: str = "auto", seed=None):
        self.rank = _check_rank(rank)
        self.modes = V.choice("modes", modes, ("exact", "projected"))
        self.svd = V.choice("svd", svd, ("auto", "full", "randomized"))
        self.seed = seed

    def fit(self, X, dt=1.0) -> DMD:
        """Fit to one trajectory ``(n_times, n_state)`` or a list of them.

        Parameters
        ----------
        X : array_like or list of array_like
            Snapshots, time first, sampled every ``dt`` (a list of two-sample trajectories is a
            set of snapshot pairs); at least 2 pairs in all.
        dt : float or array_like
            The sampling step, or the (equally spaced) sample times of a single trajectory.

        Returns
        -------
        DMD
            ``self``, fitted.

        Raises
        ------
        InputError
            For NaN or infinity, too few snapshots, unequal sampling or a rank the data cannot
            support.

        Examples
        --------
        >>> DMD(rank=1).fit(np.arange(1.0, 5.0)[:, None], dt=1.0).rank_
        1
        """
        trajs = trajectories(X, min_times=2)
        self.dt_ = sampling_step(dt, trajs)
        x0, x1 = pairs(trajs)
        if x0.shape[0] < 2:
            raise InputError(f"DMD needs at least 2 snapshot pairs (3 samples of one trajectory); "
                             f"got {x0.shape[0]}")
        return self._fit_pairs(x0.T, x1.T, trajs[0][0])

    def _fit_pairs(self, X0: np.ndarray, X1: np.ndarray, first: np.ndarray) -> DMD:
        U, s, Vh, randomised = _svd(X0, self.rank, self.svd, self.seed)
        r = _rank(s, self.rank, X0.shape) if not randomised else self.rank
        U, s_r, Vr = U[:, :r], s[:r], Vh[:r].conj().T
        B = X1 @ (Vr / s_r)                                   # X1 V Sigma^-1, (n_state, r)
        At = U.conj().T @ B
        lam, W = np.linalg.eig(At)
        modes = B @ W if self.modes == "exact" else U @ W
        norms = np.linalg.norm(modes, axis=0)
        modes = modes / np.where(norms > 0, norms, 1.0)
        self.n_state_ = X0.shape[0]
        self.singular_values_ = s
        self.rank_ = r
        self.operator_ = At
        self._basis, self._lift = U, B
        self.eigenvalues_ = lam
        self.modes_ = modes
        self.amplitudes_ = np.linalg.lstsq(modes, first, rcond=None)[0]
        # ResDMD in the POD coordinates z = U* x: the Koopman eigenfunction of lambda_j is
        # z -> y_j . z with y_j the left eigenvector (row j of W^-1), an eigenvector of At^T.
        Z0, Z1 = (U.conj().T @ X0).T, (U.conj().T @ X1).T          # (n_pairs, r), time first
        self.residuals_ = residuals(*gram_matrices(Z0, Z1), lam, np.linalg.inv(W).T)
        return self

    @property
    def continuous_eigenvalues_(self) -> np.ndarray:
        """:math:`\\omega_j = \\ln\\lambda_j / \\Delta t` (growth rate + i angular frequency)."""
        self._check_fitted()
        with np.errstate(divide="ignore"):
            return np.log(self.eigenvalues_.astype(complex)) / self.dt_

    def predict(self, X) -> np.ndarray:
        """One step of :math:`x \\mapsto A x` with :math:`A = X_1V_r\\Sigma_r^{-1}U_r^*`.

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
        >>> DMD().fit(2.0 ** np.arange(5.0)[:, None]).predict([[3.0]]).round(9).tolist()
        [[6.0]]
        """
        X = self._states(X)
        return np.real((X @ self._basis.conj()) @ self._lift.T)

    def _run(self, x0, n_steps):
        x0 = self._states(x0, "x0")[0]
        out = np.empty((n_steps + 1, self.n_state_))
        out[0] = x0
        z = self._basis.conj().T @ x0
        for k in range(1, n_steps + 1):
            out[k] = np.real(self._lift @ z)
            z = self.operator_ @ z
        return out

    def reconstruct(self, n_times: int) -> np.ndarray:
        """The mode expansion :math:`x_k = \\sum_j b_j \\lambda_j^k \\phi_j` from the first sample.

        Parameters
        ----------
        n_times : int
            Number of samples, :math:`k = 0, \\dots, n_{\\rm times} - 1`.

        Returns
        -------
        ndarray, shape (n_times, n_state)
            The real part of the expansion, time first.

        Raises
        ------
        NotFittedError
            Before ``fit``.

        Examples
        --------
        >>> DMD().fit(0.5 ** np.arange(4.0)[:, None]).reconstruct(3).ravel().round(9).tolist()
        [1.0, 0.5, 0.25]
        """
        self._check_fitted()
        k = np.arange(V.integer("n_times", n_times, minimum=1))
        return np.real((self.eigenvalues_[None, :] ** k[:, None] * self.amplitudes_) @ self.modes_.T)


def _hankel(y: np.ndarray, delays: int) -> np.ndarray:
    """Delay vectors as rows: row k is ``(y_k, ..., y_{k+delays-1})`` flattened, time first."""
    n = y.shape[0] - delays + 1
    idx = np.arange(n)[:, None] + np.arange(delays)[None, :]
    return y[idx].reshape(n, -1)


class HankelDMD(Learner):
    """Exact DMD on delay vectors of an observable (Hankel DMD; Arbabi & Mezić 2017).

    The delay vector at time :math:`k` holds the ``delays`` most recent samples
    :math:`(y_{k-q+1}, \\dots, y_k)`; exact DMD (:class:`DMD`) learns their linear evolution.
    Predictions and forecasts start from the last delay vector of the data given, never from the
    start of the training series (on a chaotic signal a mode expansion from ``t = 0`` is useless
    after a few Lyapunov times).

    Parameters
    ----------
    delays : int
        Number of delays :math:`q` (at least 2).
    rank : None, int, float in (0, 1) or "optimal"
        As for :class:`DMD`.
    svd : {"auto", "full", "randomized"}
        As for :class:`DMD`.
    seed : int, SeedSequence, Generator or None
        For a randomised SVD.

    Attributes
    ----------
    dmd_ : DMD
        The DMD of the delay vectors (``eigenvalues_``, ``modes_``, ``residuals_``).
    eigenvalues_ : ndarray
        Its discrete-time eigenvalues.
    n_state_ : int
        Number of observables.
    dt_ : float
        Sampling step.

    Examples
    --------
    >>> t = np.arange(200) * 0.1
    >>> model = HankelDMD(delays=4, rank=2).fit(np.sin(t), dt=0.1)
    >>> np.sort(np.abs(np.angle(model.eigenvalues_))).round(6).tolist()   # +-omega dt
    [0.1, 0.1]
    """

    def __init__(self, delays: int = 10, rank=None, svd: str = "auto", seed=None):
        self.delays = V.integer("delays", delays, minimum=2)
        self.rank = _check_rank(rank)
        self.svd = V.choice("svd", svd, ("auto", "full", "randomized"))
        self.seed = seed

    def fit(self, X, dt=1.0) -> HankelDMD:
        """Fit to an observable series ``(n_times,)`` or ``(n_times, n_obs)``, or a list of them.

        Parameters
        ----------
        X : array_like or list of array_like
            The observable, time first, sampled every ``dt``; at least ``delays + 2`` samples.
        dt : float or array_like
            The sampling step, or equally spaced sample times.

        Returns
        -------
        HankelDMD
            ``self``, fitted.

        Raises
        ------
        InputError
            As :meth:`DMD.fit`.

        Examples
        --------
        >>> HankelDMD(delays=3).fit(np.cos(np.arange(50.0))).rank_
        2
        """
        trajs = trajectories(X, min_times=self.delays + 2)
        self.dt_ = sampling_step(dt, trajs)
        self.n_state_ = trajs[0].shape[1]
        self.dmd_ = DMD(rank=self.rank, svd=self.svd, seed=self.seed).fit(
            [_hankel(a, self.delays) for a in trajs], dt=self.dt_)
        self.eigenvalues_ = self.dmd_.eigenvalues_
        self.rank_ = self.dmd_.rank_
        return self

    def predict(self, X) -> np.ndarray:
        """One-step predictions, each from the delay vector ending at that sample.

        Parameters
        ----------
        X : array_like, shape (n_times,) or (n_times, n_obs)
            An observable series with at least ``delays`` samples.

        Returns
        -------
        ndarray, shape (n_times - delays + 1, n_obs)
            Row ``j`` predicts sample ``j + delays`` (the last row is one step past the data).

        Raises
        ------
        NotFittedError
            Before ``fit``.

        Examples
        --------
        >>> y = 0.9 ** np.arange(10.0)
        >>> HankelDMD(delays=2).fit(y).predict(y[:3]).ravel().round(9).tolist()
        [0.81, 0.729]
        """
        self._check_fitted()
        y = trajectories(X, min_times=self.delays)[0]
        if y.shape[1] != self.n_state_:
            raise InputError(f"X must hold {self.n_state_} observables; got {y.shape[1]}")
        return self.dmd_.predict(_hankel(y, self.delays))[:, -self.n_state_:]

    def _run(self, x0, n_steps):
        window = trajectories(x0, min_times=self.delays, name="x0")[0][-self.delays:]
        if window.shape[1] != self.n_state_:
            raise InputError(f"x0 must hold {self.n_state_} observables; got {window.shape[1]}")
        h = self.dmd_._run(window.reshape(-1), n_steps)
        return h[:, -self.n_state_:]

    def score(self, X) -> float:
        """:math:`R^2` of the one-step predictions over a series (see :meth:`Learner.score`).

        Parameters
        ----------
        X : array_like
            An observable series with more than ``delays`` samples.

        Returns
        -------
        float
            :math:`R^2`.

        Raises
        ------
        NotFittedError
            Before ``fit``.

        Examples
        --------
        >>> y = np.sin(0.3 * np.arange(60.0))
        >>> round(HankelDMD(delays=3).fit(y).score(y), 9)
        1.0
        """
        self._check_fitted()
        y = trajectories(X, min_times=self.delays + 1)[0]
        truth = y[self.delays:]
        pred = self.predict(y)[:-1]
        return float(1.0 - np.sum((truth - pred) ** 2) / np.sum((truth - truth.mean(0)) ** 2))


def derivative_4th(v: np.ndarray, dt: float) -> np.ndarray:
    """Fourth-order central differences along axis 0 (the two samples at each end are dropped).

    Parameters
    ----------
    v : ndarray, shape (n, ...)
        Samples every ``dt``, at least 5.
    dt : float
        Step.

    Returns
    -------
    ndarray, shape (n - 4, ...)
        :math:`(-v_{k+2} + 8v_{k+1} - 8v_{k-1} + v_{k-2}) / 12\\Delta t` for
        :math:`k = 2, \\dots, n-3`.

    Raises
    ------
    InputError
        For fewer than 5 samples.

    Examples
    --------
    >>> t = np.arange(7.0)
    >>> derivative_4th(t**3, 1.0).tolist()   # exact for cubics: 3 t^2 at t = 2, 3, 4
    [12.0, 27.0, 48.0]
    """
    if v.shape[0] < 5:
        raise InputError(f"fourth-order differences need at least 5 samples; got {v.shape[0]}")
    return (-v[4:] + 8 * v[3:-1] - 8 * v[1:-3] + v[:-4]) / (12 * dt)


class HAVOK(Learner):
    """Hankel alternative view of Koopman: a linear model forced by its last delay coordinate,
    equation (2) of the module docstring (Brunton et al. 2017).

    The delay vector at time :math:`t_k` holds the samples up to :math:`t_k`
    (:math:`y_{k-q+1}, \\dots, y_k`), so the delay coordinates and the forcing at a time use no
    later data. Derivatives of the coordinates are fourth-order central differences, as in the
    paper; the continuous model is discretised exactly for a forcing that is linear over each
    step (first-order hold, as ``scipy.signal.lsim`` interpolates).

    Parameters
    ----------
    delays : int
        Number of delays :math:`q` (the paper: 100 at :math:`\\Delta t = 0.001` on Lorenz).
    rank : int
        Number of delay coordinates :math:`r` (the last one is the forcing; the paper: 15).

    Attributes
    ----------
    A_ : ndarray, shape (rank - 1, rank - 1)
        The linear dynamics of the leading coordinates.
    B_ : ndarray, shape (rank - 1,)
        How the forcing enters.
    coordinates_ : ndarray, shape (n_windows, rank)
        The delay coordinates :math:`v_1, \\dots, v_r` of the training series (time first).
    forcing_ : ndarray, shape (n_windows,)
        The forcing :math:`v_r` (the last column of ``coordinates_``).
    times_ : ndarray, shape (n_windows,)
        The time of each delay vector (its newest sample).
    singular_values_ : ndarray
        Singular values of the Hankel matrix.
    eigenvalues_ : ndarray
        Eigenvalues of ``A_`` (continuous time).

    Examples
    --------
    >>> t = np.arange(400) * 0.05
    >>> model = HAVOK(delays=20, rank=3).fit(np.sin(t) + 0.5 * np.sin(2.1 * t), dt=0.05)
    >>> model.A_.shape, model.forcing_.shape
    ((2, 2), (381,))
    """

    def __init__(self, delays: int = 100, rank: int = 15):
        self.delays = V.integer("delays", delays, minimum=2)
        self.rank = V.integer("rank", rank, minimum=2)

    def fit(self, X, dt=1.0) -> HAVOK:
        """Fit to a scalar series ``(n_times,)``.

        Parameters
        ----------
        X : array_like, shape (n_times,) or (n_times, 1)
            The measured observable, sampled every ``dt``; at least ``delays + 5`` samples.
        dt : float or array_like
            The sampling step, or equally spaced sample times.

        Returns
        -------
        HAVOK
            ``self``, fitted.

        Raises
        ------
        InputError
            For a series that is not scalar, too short, or a rank beyond ``delays``.

        Examples
        --------
        >>> HAVOK(delays=5, rank=2).fit(np.sin(0.2 * np.arange(100.0)), dt=0.2).rank
        2
        """
        y = trajectories(X, min_times=self.delays + 5)[0]
        if y.shape[1] != 1:
            raise InputError(f"HAVOK takes one scalar observable; got {y.shape[1]} components")
        if self.rank > self.delays:
            raise InputError(f"rank={self.rank} exceeds delays={self.delays}: the Hankel matrix has "
                             f"only {self.delays} delay coordinates")
        self.dt_ = sampling_step(dt, [y])
        H = _hankel(y, self.delays)                                   # (n_windows, q)
        P, s, Qh = np.linalg.svd(H, full_matrices=False)
        r = self.rank
        if s[r - 1] <= s[0] * 1e-13:
            raise InputError(f"the Hankel matrix has numerical rank below {r}; pass a smaller rank")
        v = P[:, :r]
        dv = derivative_4th(v, self.dt_)[:, : r - 1]
        Xi = np.linalg.lstsq(v[2:-2], dv, rcond=None)[0]               # (r, r-1)
        self.A_, self.B_ = Xi[: r - 1].T, Xi[r - 1]
        self.singular_values_ = s
        self.coordinates_ = v
        self.forcing_ = v[:, r - 1].copy()
        self.times_ = self.dt_ * (np.arange(v.shape[0]) + self.delays - 1)
        self._Q, self._s = Qh[:r].T, s[:r]
        # First-order hold (the forcing linear over a step), discretised exactly:
        # u_{k+1} = Ad u_k + (G1 - G2) f_k + G2 f_{k+1}, from expm of [[A, B, 0], [0, 0, 1/dt], 0].
        n = r - 1
        M = np.zeros((n + 2, n + 2))
        M[:n, :n], M[:n, n], M[n, n + 1] = self.A_, self.B_, 1.0 / self.dt_
        E = scipy.linalg.expm(M * self.dt_)
        self._Ad, self._G1, self._G2 = E[:n, :n], E[:n, n], E[:n, n + 1]
        self.eigenvalues_ = np.linalg.eigvals(self.A_)
        self.n_state_ = 1
        return self

    def coordinates(self, window) -> np.ndarray:
        """Delay coordinates :math:`v = h Q_r \\Sigma_r^{-1}` of delay vectors.

        Parameters
        ----------
        window : array_like, shape (n_windows, delays) or (delays,)
            Delay vectors, oldest sample first.

        Returns
        -------
        ndarray, shape (n_windows, rank)
            Their coordinates.

        Raises
        ------
        NotFittedError
            Before ``fit``.

        Examples
        --------
        >>> y = np.sin(0.2 * np.arange(100.0))
        >>> m = HAVOK(delays=5, rank=2).fit(y, dt=0.2)
        >>> bool(np.allclose(m.coordinates(y[:5]), m.coordinates_[0]))
        True
        """
        self._check_fitted()
        h = V.array("window", window)
        h = h[None, :] if h.ndim == 1 else h
        if h.shape[1] != self.delays:
            raise InputError(f"a delay vector holds {self.delays} samples; got {h.shape[1]}")
        return h @ self._Q / self._s

    def _advance(self, v0: np.ndarray, forcing: np.ndarray) -> np.ndarray:
        """Coordinates ``(len(forcing) + 1, rank)`` under the model from ``v0``."""
        r = self.rank
        out = np.empty((forcing.size + 1, r))
        out[0] = v0
        out[1:, r - 1] = forcing
        u = v0[: r - 1]
        f_prev = v0[r - 1]
        for k in range(forcing.size):
            u = self._Ad @ u + (self._G1 - self._G2) * f_prev + self._G2 * forcing[k]
            out[k + 1, : r - 1] = u
            f_prev = forcing[k]
        return out

    def _observable(self, v: np.ndarray) -> np.ndarray:
        return (v * self._s) @ self._Q[-1]                       # newest sample of h = v S Q^T

    def predict(self, X) -> np.ndarray:
        """One-step predictions of the observable, the measured forcing held over the step (the
        forcing at the step's end would need the very sample being predicted).

        Parameters
        ----------
        X : array_like, shape (n_times,)
            The observable, at least ``delays`` samples.

        Returns
        -------
        ndarray, shape (n_times - delays + 1, 1)
            Row ``j`` predicts sample ``j + delays``.

        Raises
        ------
        NotFittedError
            Before ``fit``.

        Examples
        --------
        >>> y = np.sin(0.2 * np.arange(100.0))
        >>> m = HAVOK(delays=5, rank=2).fit(y, dt=0.2)
        >>> m.predict(y[:10]).shape
        (6, 1)
        """
        self._check_fitted()
        y = trajectories(X, min_times=self.delays)[0]
        v = self.coordinates(_hankel(y, self.delays))
        r = self.rank
        f = v[:, r - 1]                                       # held: no use of the next sample
        u = v[:, : r - 1] @ self._Ad.T + np.outer(f, self._G1)
        return self._observable(np.column_stack([u, f]))[:, None]

    def _run(self, x0, n_steps, forcing=None):
        window = trajectories(x0, min_times=self.delays, name="x0")[0][-self.delays:, 0]
        v0 = self.coordinates(window)[0]
        f = np.zeros(n_steps) if forcing is None else forcing
        return self._observable(self._advance(v0, f))[:, None]

    def simulate(self, x0, n_steps: int, forcing=None):
        """Run the forced linear model from the last delay vector ``x0``.

        Parameters
        ----------
        x0 : array_like, shape (delays,) or longer
            The most recent samples of the observable (the last ``delays`` are used).
        n_steps : int
            Number of steps of ``dt_``.
        forcing : array_like, shape (n_steps,), optional
            The forcing :math:`v_r` at the steps after the start (e.g. the measured one, to
            reconstruct); default zero, the unforced forecast.

        Returns
        -------
        Trajectory
            ``t`` and the observable ``x`` ``(n_steps + 1, 1)``.

        Raises
        ------
        NotFittedError
            Before ``fit``.
        InputError
            For a forcing of the wrong length.

        Examples
        --------
        >>> y = np.sin(0.2 * np.arange(100.0))
        >>> m = HAVOK(delays=5, rank=2).fit(y, dt=0.2)
        >>> m.simulate(y[:5], 3).x.shape
        (4, 1)
        """
        self._check_fitted()
        n_steps = V.integer("n_steps", n_steps, minimum=0)
        if forcing is not None:
            forcing = V.array("forcing", forcing, shape=(n_steps,))
        return Trajectory(t=self.dt_ * np.arange(n_steps + 1.0), x=owned(self._run(x0, n_steps, forcing)),
                          method="HAVOK: forced linear model of delay coordinates")

    def score(self, X) -> float:
        """:math:`R^2` of the one-step predictions over a series (see :meth:`HankelDMD.score`).

        Parameters
        ----------
        X : array_like
            The observable, more than ``delays`` samples.

        Returns
        -------
        float
            :math:`R^2`.

        Raises
        ------
        NotFittedError
            Before ``fit``.

        Examples
        --------
        >>> y = np.sin(0.2 * np.arange(100.0))
        >>> bool(HAVOK(delays=5, rank=2).fit(y, dt=0.2).score(y) > 0.98)
        True
        """
        return HankelDMD.score(self, X)

    def active(self, threshold: float = 3.0) -> np.ndarray:
        """Where the forcing is active: :math:`|v_r| >` ``threshold`` times its standard deviation.

        Parameters
        ----------
        threshold : float
            In units of the forcing's standard deviation over the training series.

        Returns
        -------
        ndarray of bool, shape (n_windows,)
            At ``times_``.

        Raises
        ------
        NotFittedError
            Before ``fit``.

        Examples
        --------
        >>> y = np.sin(0.2 * np.arange(100.0))
        >>> bool(HAVOK(delays=5, rank=2).fit(y, dt=0.2).active(1e6).any())
        False
        """
        self._check_fitted()
        threshold = V.positive("threshold", threshold)
        return np.abs(self.forcing_) > threshold * np.std(self.forcing_)
