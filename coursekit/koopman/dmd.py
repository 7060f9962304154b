r"""Dynamic mode decomposition: exact DMD, Hankel (delay) DMD and HAVOK.

**Exact DMD** (Schmid 2010; Tu, Rowley, Luchtenburg, Brunton & Kutz 2014). From snapshot pairs
:math:`x_{k+1} \approx A x_k`, stacked as columns :math:`X_0, X_1` (``(n_state, n_pairs)``; the
learner transposes the time-first data inside), take the truncated SVD
:math:`X_0 \approx U_r \Sigma_r V_r^*` and

.. math:: \tilde A = U_r^* X_1 V_r \Sigma_r^{-1},\qquad
          \tilde A w_j = \lambda_j w_j,\qquad
          \phi_j = X_1 V_r \Sigma_r^{-1} w_j. \tag{1}

For :math:`\lambda_j \ne 0` the :math:`\phi_j` are the **exact** DMD modes, eigenvectors of
:math:`A = X_1 V_r\Sigma_r^{-1}U_r^*` (Tu et al., Theorem 1; for :math:`\lambda_j = 0` the exact
mode may vanish); the **projected** modes :math:`U_r w_j` (Schmid's original) are their
projections on the POD subspace, divided by :math:`\lambda_j`, and are what
``modes="projected"`` returns. Continuous-time eigenvalues are :math:`\omega_j = \ln\lambda_j
/ \Delta t` (the principal logarithm: frequencies alias beyond :math:`|\mathrm{Im}\,\omega|
\Delta t = \pi`). Noise in the snapshots biases the eigenvalues towards damping (Dawson et al.
2016; Hemati et al. 2017). The rank :math:`r` is a number, an energy fraction, or Gavish & Donoho's (2014)
optimal hard threshold for unknown noise, :math:`\tau = \omega(\beta)\,\sigma_{\rm med}` with
:math:`\omega(\beta) \approx 0.56\beta^3 - 0.95\beta^2 + 1.82\beta + 1.43`,
:math:`\beta` the aspect ratio (:func:`optimal_rank`; it assumes independent noise in every
entry, which delay embeddings break). For tall data with a small requested rank the SVD is
randomised (Halko, Martinsson & Tropp 2011; oversampling and power iterations).

**Hankel DMD** applies exact DMD to delay vectors
:math:`h_k = (y_{k-q+1}, \dots, y_{k-1}, y_k)` of an observable :math:`y` (Arbabi & Mezić 2017),
built by :func:`coursekit.analysis.embedding.delay_embed`; forecasts restart from the last delay
vector.

**HAVOK** (Brunton, Brunton, Proctor, Kaiser & Kutz 2017, "Chaos as an intermittently forced
linear system"): the SVD of the Hankel matrix gives delay coordinates :math:`v_1, \dots, v_r`
(its leading singular vectors along time: right singular vectors of the paper's delay-by-time
matrix, left ones of the time-first matrix used here); a least-squares regression fits

.. math:: \frac{d}{dt} v_{1:r-1} = A\, v_{1:r-1} + B\, v_r, \tag{2}

a linear system forced by the last coordinate. On the Lorenz attractor the forcing
:math:`v_r` is quiet on the lobes and bursts near the switches between them.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg

from coursekit import _random
from coursekit import _validate as V
from coursekit.analysis.embedding import delay_embed
from coursekit.errors import InputError
from coursekit.koopman._base import DelayLearner, Learner, one_series, pairs, sampling_step, trajectories
from coursekit.koopman.sindy import central_difference4
from coursekit.koopman.spectra import pair_residuals

__all__ = ["DMD", "HAVOK", "HankelDMD", "explicit_rank", "optimal_rank"]


def _omega(beta: float) -> float:
    return 0.56 * beta**3 - 0.95 * beta**2 + 1.82 * beta + 1.43


def optimal_rank(singular_values, shape: tuple[int, int]) -> int:
    """Gavish & Donoho's optimal hard threshold for a matrix with unknown white noise.

    Keeps the singular values above :math:`\\omega(\\beta)\\,\\sigma_{\\rm med}`, where
    :math:`\\beta = \\min(n, m)/\\max(n, m)` and :math:`\\sigma_{\\rm med}` is the median singular
    value (Gavish & Donoho 2014, IEEE Trans. Inf. Theory 60, 5040: the threshold for unknown
    noise, with the paper's cubic approximation of :math:`\\omega(\\beta)`; :math:`\\omega(1)
    \\approx 2.858`). It assumes independent noise of one variance in every entry.

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
    return explicit_rank(s, rank, shape, "the snapshot matrix")


def explicit_rank(s: np.ndarray, rank: int, shape, what: str) -> int:
    """An explicitly requested rank, refused where it reaches singular values at rounding level.

    An explicit rank may go below numpy's numerical-rank tolerance (delay embeddings of smooth
    signals have meaningful singular values there) but not to values within a hundred rounding
    units of zero, relative to the largest (where the singular values of such embeddings
    flatten into a floor of rounding noise).

    Parameters
    ----------
    s : ndarray
        Singular values, largest first.
    rank : int
        The requested rank.
    shape : (int, int)
        The decomposed matrix's shape, for the message.
    what : str
        What the matrix is, for the message.

    Returns
    -------
    int
        ``rank``.

    Raises
    ------
    InputError
        If ``rank`` exceeds the number of singular values above rounding.

    Examples
    --------
    >>> explicit_rank(np.array([1.0, 1e-3, 1e-17]), 2, (3, 3), "X")
    2
    """
    nonzero = int(np.sum(s > s[0] * 100 * np.finfo(float).eps)) if s.size and s[0] > 0 else 0
    if rank > nonzero:
        raise InputError(f"rank={rank} is larger than the data allow: {what} ({shape[0]} x "
                         f"{shape[1]}) has {nonzero} singular values above rounding (at most "
                         f"{min(shape)}); pass rank <= {nonzero} or more data")
    return rank


def _check_rank(rank):
    if rank is None or (isinstance(rank, str) and rank == "optimal"):
        return rank
    if isinstance(rank, (float, np.floating)) and not float(rank).is_integer():
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


def _svd_choice(svd):
    return V.choice("svd", svd, ("auto", "full", "randomized"))


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
        ResDMD residuals (:mod:`coursekit.koopman.spectra`) of the eigenpairs, the
        eigenfunctions being linear in the POD coordinates :math:`U_r^* x`.
    svd_method_ : str
        ``"full"`` or ``"randomized"``: the SVD that was used.
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
        self.rank, self.modes, self.svd, self.seed = rank, modes, svd, seed
        self._validated()

    def _validated(self) -> dict:
        return dict(rank=_check_rank(self.rank),
                    modes=V.choice("modes", self.modes, ("exact", "projected")),
                    svd=_svd_choice(self.svd), seed=self.seed)

    def fit(self, X, *, dt=1.0) -> DMD:
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
        p = self._validated()
        trajs = trajectories(X, min_times=2)
        step = sampling_step(dt, trajs)
        x0, x1 = pairs(trajs)
        if x0.shape[0] < 2:
            raise InputError(f"DMD needs at least 2 snapshot pairs (3 samples of one trajectory); "
                             f"got {x0.shape[0]}")
        return self._fit_pairs(x0.T, x1.T, trajs[0][0], step, p)

    def _fit_pairs(self, X0: np.ndarray, X1: np.ndarray, first: np.ndarray, step: float,
                   p: dict) -> DMD:
        U, s, Vh, randomised = _svd(X0, p["rank"], p["svd"], p["seed"])
        r = _rank(s, p["rank"], X0.shape)
        U, s_r, Vr = U[:, :r], s[:r], Vh[:r].conj().T
        B = X1 @ (Vr / s_r)                                   # X1 V Sigma^-1, (n_state, r)
        At = U.conj().T @ B
        lam, W = np.linalg.eig(At)
        modes = B @ W if p["modes"] == "exact" else U @ W
        norms = np.linalg.norm(modes, axis=0)
        modes = modes / np.where(norms > 0, norms, 1.0)
        # ResDMD in the POD coordinates z = U* x: the Koopman eigenfunction of lambda_j is
        # z -> y_j . z with y_j the left eigenvector (row j of W^-1), an eigenvector of At^T.
        Z0, Z1 = (U.conj().T @ X0).T, (U.conj().T @ X1).T          # (n_pairs, r), time first
        res = pair_residuals(Z0, Z1, lam, np.linalg.inv(W).T)
        amplitudes = np.linalg.lstsq(modes, first, rcond=None)[0]
        # every attribute at the end: a fit that fails leaves the previous one intact
        self.dt_, self.n_state_, self.singular_values_, self.rank_ = step, X0.shape[0], s, r
        self.operator_, self._basis, self._lift = At, U, B
        self.eigenvalues_, self.modes_, self.amplitudes_, self.residuals_ = lam, modes, amplitudes, res
        self.svd_method_ = "randomized" if randomised else "full"
        return self

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
        x0 = self._state(x0)
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


class HankelDMD(DelayLearner):
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
    rank_ : int
        Its rank.
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
        self.delays, self.rank, self.svd, self.seed = delays, rank, svd, seed
        self._validated()

    def _validated(self) -> dict:
        return dict(delays=V.integer("delays", self.delays, minimum=2), rank=_check_rank(self.rank),
                    svd=_svd_choice(self.svd), seed=self.seed)

    def fit(self, X, *, dt=1.0) -> HankelDMD:
        """Fit to an observable series ``(n_times,)`` or ``(n_times, n_obs)``, or a list of them.

        Parameters
        ----------
        X : array_like or list of ndarray
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
            As :meth:`DMD.fit` (the snapshots are the delay vectors).

        Examples
        --------
        >>> HankelDMD(delays=3).fit(np.cos(np.arange(50.0))).rank_
        2
        """
        p = self._validated()
        trajs = trajectories(X, min_times=p["delays"] + 2)
        step = sampling_step(dt, trajs)
        dmd = DMD(rank=p["rank"], svd=p["svd"], seed=p["seed"]).fit(
            [delay_embed(a, p["delays"], 1) for a in trajs], dt=step)
        self.dmd_, self.dt_, self.n_state_ = dmd, step, trajs[0].shape[1]
        self.eigenvalues_, self.rank_ = dmd.eigenvalues_, dmd.rank_
        return self

    def predict(self, X) -> np.ndarray:
        """One-step predictions, each from the delay vector ending at that sample.

        Parameters
        ----------
        X : array_like, shape (n_times,) or (n_times, n_obs)
            One observable series with at least ``delays`` samples.

        Returns
        -------
        ndarray, shape (n_times - delays + 1, n_obs)
            Row ``j`` predicts sample ``j + delays`` (the last row is one step past the data).

        Raises
        ------
        NotFittedError
            Before ``fit``.
        InputError
            For several series or the wrong number of observables.

        Examples
        --------
        >>> y = 0.9 ** np.arange(10.0)
        >>> HankelDMD(delays=2).fit(y).predict(y[:3]).ravel().round(9).tolist()
        [0.81, 0.729]
        """
        y = self._series(X, self.delays)
        return self.dmd_.predict(delay_embed(y, self.delays, 1))[:, -self.n_state_:]

    def _run(self, x0, n_steps):
        h = self.dmd_._run(self._window(x0).reshape(-1), n_steps)
        return h[:, -self.n_state_:]


class HAVOK(DelayLearner):
    """Hankel alternative view of Koopman: a linear model forced by its last delay coordinate,
    equation (2) of the module docstring (Brunton et al. 2017).

    The delay vector at time :math:`t_k` holds the samples up to :math:`t_k`
    (:math:`y_{k-q+1}, \\dots, y_k`); once the model is fitted, the coordinates and the forcing
    of new data at a time use no later sample (:meth:`coordinates`). The fit itself (the SVD
    basis and the derivatives) uses the whole training series. Derivatives of the coordinates
    are fourth-order central differences, as in the paper; the continuous model is discretised
    exactly for a forcing that is linear over each step (first-order hold, as
    ``scipy.signal.lsim`` interpolates). ``simulate(x0, n_steps, forcing=None)`` runs the model
    from the last delay vector of ``x0`` with a given forcing (e.g. the measured one, to
    reconstruct; :meth:`coordinates` of later delay vectors gives it) or none (the unforced
    forecast).

    Parameters
    ----------
    delays : int
        Number of delays :math:`q` (the paper: 100 at :math:`\\Delta t = 0.001` on Lorenz).
    rank : int
        Number of delay coordinates :math:`r` (the last one is the forcing; the paper: 15).

    Attributes
    ----------
    A_ : ndarray, shape (rank - 1, rank - 1)
        The linear dynamics of the leading coordinates (continuous time).
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
    eigenvalues_ : ndarray, shape (rank - 1,)
        Discrete-time eigenvalues of the unforced model over one step,
        :math:`e^{\\lambda(A)\\Delta t}` (``continuous_eigenvalues_`` gives those of ``A_``).
    n_parameters_ : int
        The numbers a forecast needs: ``A_`` and ``B_``, and the ``delays`` x ``rank`` basis
        that maps delay vectors to coordinates and back.

    Examples
    --------
    >>> t = np.arange(400) * 0.05
    >>> model = HAVOK(delays=20, rank=3).fit(np.sin(t) + 0.5 * np.sin(2.1 * t), dt=0.05)
    >>> model.A_.shape, model.forcing_.shape
    ((2, 2), (381,))
    """

    def __init__(self, delays: int = 100, rank: int = 15):
        self.delays, self.rank = delays, rank
        self._validated()

    def _validated(self) -> dict:
        delays = V.integer("delays", self.delays, minimum=2)
        rank = V.integer("rank", self.rank, minimum=2)
        if rank > delays:
            raise InputError(f"rank={rank} exceeds delays={delays}: the Hankel matrix has only "
                             f"{delays} delay coordinates")
        return dict(delays=delays, rank=rank)

    def fit(self, X, *, dt=1.0) -> HAVOK:
        """Fit to one scalar series ``(n_times,)``.

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
            For several series or observables, too short a series, or a rank the Hankel matrix
            cannot support.

        Examples
        --------
        >>> HAVOK(delays=5, rank=2).fit(np.sin(0.2 * np.arange(100.0)), dt=0.2).rank
        2
        """
        p = self._validated()
        q, r = p["delays"], p["rank"]
        y = one_series(X, 1, q + 5, "HAVOK (one scalar observable)")
        step = sampling_step(dt, [y])
        H = delay_embed(y[:, 0], q, 1)                                  # (n_windows, q)
        P, s, Qh = np.linalg.svd(H, full_matrices=False)
        explicit_rank(s, r, H.shape, "the Hankel matrix")
        v = P[:, :r]
        dv = central_difference4(v, step)[:, : r - 1]
        Xi = np.linalg.lstsq(v[2:-2], dv, rcond=None)[0]               # (r, r-1)
        A, B = Xi[: r - 1].T, Xi[r - 1]
        # First-order hold (the forcing linear over a step), discretised exactly:
        # u_{k+1} = Ad u_k + (G1 - G2) f_k + G2 f_{k+1}, from expm of [[A, B, 0], [0, 0, 1/dt], 0].
        n = r - 1
        M = np.zeros((n + 2, n + 2))
        M[:n, :n], M[:n, n], M[n, n + 1] = A, B, 1.0 / step
        E = scipy.linalg.expm(M * step)
        self.A_, self.B_, self.singular_values_, self.coordinates_ = A, B, s, v
        self.forcing_ = v[:, r - 1].copy()
        self.times_ = step * (np.arange(v.shape[0]) + q - 1)
        self._Q, self._s = Qh[:r].T, s[:r]
        self._Ad, self._G1, self._G2 = E[:n, :n], E[:n, n], E[:n, n + 1]
        self.eigenvalues_ = np.linalg.eigvals(self._Ad)
        self.n_parameters_ = n * n + n + q * r
        self.dt_, self.n_state_ = step, 1
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
        if h.ndim != 2 or h.shape[1] != self.delays:
            raise InputError(f"a delay vector holds {self.delays} samples; got shape {h.shape}")
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
        InputError
            For several series or observables.

        Examples
        --------
        >>> y = np.sin(0.2 * np.arange(100.0))
        >>> m = HAVOK(delays=5, rank=2).fit(y, dt=0.2)
        >>> m.predict(y[:10]).shape
        (6, 1)
        """
        y = self._series(X, self.delays)
        v = self.coordinates(delay_embed(y[:, 0], self.delays, 1))
        r = self.rank
        f = v[:, r - 1]
        u = v[:, : r - 1] @ self._Ad.T + np.outer(f, self._G1)
        return self._observable(np.column_stack([u, f]))[:, None]

    def _run(self, x0, n_steps, forcing=None):
        """The forced linear model from the last delay vector of ``x0``; ``forcing`` (the
        forcing :math:`v_r` at the ``n_steps`` steps after the start, e.g. the measured one, to
        reconstruct) defaults to zero, the unforced forecast."""
        f = np.zeros(n_steps) if forcing is None else V.array("forcing", forcing, shape=(n_steps,))
        v0 = self.coordinates(self._window(x0)[:, 0])[0]
        return self._observable(self._advance(v0, f))[:, None]

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
