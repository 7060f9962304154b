"""The learners' base class and their data handling (private; the learners re-export it).

Every learner of :mod:`coursekit.koopman` follows scikit-learn: hyper-parameters go to
``__init__`` and are stored unchanged; ``fit(X, dt=...)`` learns from data and returns the
learner; what was learned sits in attributes whose names end in ``_``; ``predict`` advances
states by one sampling step; ``simulate(x0, n_steps)`` runs the model freely; ``score`` is the
coefficient of determination of the one-step predictions.

Data are **time first**: one trajectory is an array ``(n_times, n_state)`` (a 1-D array is one
observable), sampled every ``dt``; several trajectories (several initial conditions) are passed
as a list, and snapshot pairs are formed within each trajectory, never across two.
"""

from __future__ import annotations

import inspect

import numpy as np

from coursekit import _validate as V
from coursekit._results import Trajectory, owned
from coursekit.errors import InputError, NotFittedError

__all__ = ["DelayLearner", "Learner", "one_series", "pairs", "r_squared", "sampling_step", "trajectories"]


def trajectories(X, *, min_times: int = 2, name: str = "X") -> list[np.ndarray]:
    """``X`` as a list of 2-D float arrays ``(n_times, n_state)`` with one ``n_state``.

    Parameters
    ----------
    X : array_like or list of ndarray
        One trajectory ``(n_times, n_state)`` or ``(n_times,)`` (an array or nested lists), or
        several as a list of NumPy arrays.
    min_times : int
        The fewest samples each trajectory must hold.
    name : str
        The argument's name, for messages.

    Returns
    -------
    list of ndarray
        Finite float arrays, each ``(n_times, n_state)``.

    Raises
    ------
    InputError
        For NaN or infinity, too few samples, or trajectories of different state sizes.

    Examples
    --------
    >>> [a.shape for a in trajectories([np.zeros(4), np.ones(3)])]
    [(4, 1), (3, 1)]
    >>> [a.shape for a in trajectories([[1.0, 2.0], [2.0, 4.0], [4.0, 8.0]])]   # nested lists: one
    [(3, 2)]
    """
    several = isinstance(X, (list, tuple)) and len(X) > 0 and all(
        isinstance(part, np.ndarray) and part.ndim >= 1 for part in X)
    parts = list(X) if several else [X]
    if isinstance(X, (list, tuple)) and len(X) == 0:
        raise InputError(f"{name} must hold at least one trajectory; got an empty list")
    out = []
    for k, part in enumerate(parts):
        label = name if len(parts) == 1 else f"{name}[{k}]"
        a = V.array(label, part)
        if a.ndim == 1:
            a = a[:, None]
        if a.ndim != 2:
            raise InputError(f"{label} must be time first, (n_times, n_state); got shape {a.shape}")
        if a.shape[0] < min_times:
            raise InputError(f"{label} holds {a.shape[0]} samples; this learner needs at least "
                             f"{min_times} (more snapshots than unknowns, and a pair of each)")
        if out and a.shape[1] != out[0].shape[1]:
            raise InputError(f"every trajectory must have the same number of state components; "
                             f"{label} has {a.shape[1]}, the first has {out[0].shape[1]}")
        out.append(a)
    return out


def sampling_step(dt, trajs: list[np.ndarray]) -> float:
    """The sampling step: a positive number, or equally spaced sample times of one trajectory.

    Parameters
    ----------
    dt : float or array_like
        The step, or the sample times ``(n_times,)`` of a single trajectory.
    trajs : list of ndarray
        The trajectories (for the length check).

    Returns
    -------
    float
        The step.

    Raises
    ------
    InputError
        For a non-positive step, sample times that do not match the data, or unequal spacing.

    Examples
    --------
    >>> sampling_step([0.0, 0.1, 0.2], [np.zeros((3, 1))])
    0.1
    """
    if np.ndim(dt) == 0:
        return V.positive("dt", dt)
    t = V.array("dt", dt, ndim=1)
    if len(trajs) != 1 or t.size != trajs[0].shape[0]:
        raise InputError(f"sample times given as dt must match one trajectory's {trajs[0].shape[0]} "
                         f"samples; got {t.size} times for {len(trajs)} trajectories (for several "
                         "trajectories pass the step as a number)")
    steps = np.diff(t)
    step = float(np.mean(steps))
    if step <= 0 or np.max(np.abs(steps - step)) > 1e-6 * step:
        raise InputError(f"the sample times must be equally spaced (these learners assume one step); "
                         f"steps range from {steps.min():.6g} to {steps.max():.6g}: resample first")
    return step


def pairs(trajs: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Snapshot pairs ``(x_k, x_{k+1})`` within each trajectory, stacked time first.

    Parameters
    ----------
    trajs : list of ndarray
        Trajectories ``(n_times, n_state)``.

    Returns
    -------
    (ndarray, ndarray)
        ``X0`` and ``X1``, each ``(n_pairs, n_state)``.

    Raises
    ------
    ValueError
        If ``trajs`` is empty.

    Examples
    --------
    >>> x0, x1 = pairs([np.arange(3.0)[:, None], np.arange(2.0)[:, None]])
    >>> x0.ravel().tolist(), x1.ravel().tolist()
    ([0.0, 1.0, 0.0], [1.0, 2.0, 1.0])
    """
    return (np.concatenate([a[:-1] for a in trajs]), np.concatenate([a[1:] for a in trajs]))


def one_series(X, n_obs: int, min_times: int, what: str, name: str = "X") -> np.ndarray:
    """A single observable series ``(n_times, n_obs)`` for the delay learners.

    Parameters
    ----------
    X : array_like
        The series, ``(n_times,)`` or ``(n_times, n_obs)``, time first.
    n_obs : int
        The number of observables expected.
    min_times : int
        The fewest samples.
    what : str
        The learner's name, for messages.
    name : str
        The argument's name.

    Returns
    -------
    ndarray, shape (n_times, n_obs)
        The series.

    Raises
    ------
    InputError
        For several trajectories, the wrong number of observables, NaN or too few samples.

    Examples
    --------
    >>> one_series([0.0, 1.0, 2.0], 1, 2, "HAVOK").shape
    (3, 1)
    """
    trajs = trajectories(X, min_times=min_times, name=name)
    if len(trajs) != 1:
        raise InputError(f"{what} takes one series here; got {len(trajs)} trajectories")
    if trajs[0].shape[1] != n_obs:
        raise InputError(f"{what} was fitted on {n_obs} observable(s); {name} has "
                         f"{trajs[0].shape[1]} columns")
    return trajs[0]


def r_squared(truth: np.ndarray, prediction: np.ndarray) -> float:
    """Coefficient of determination, pooled over components:
    :math:`1 - \\sum|x - \\hat x|^2 / \\sum|x - \\bar x|^2`.

    Parameters
    ----------
    truth, prediction : ndarray, shape (n, n_state)
        Values and their predictions.

    Returns
    -------
    float
        :math:`R^2` (1 is perfect; 0 is no better than the mean).

    Raises
    ------
    InputError
        For fewer than two values or constant values (no variance to explain).

    Examples
    --------
    >>> r_squared(np.array([[1.0], [2.0], [3.0]]), np.array([[1.0], [2.0], [4.0]]))
    0.5
    """
    spread = float(np.sum((truth - truth.mean(axis=0)) ** 2))
    if truth.shape[0] < 2 or spread == 0.0:
        raise InputError("a score needs at least two distinct values to compare; these are "
                         "constant (or a single pair)")
    return float(1.0 - np.sum((truth - prediction) ** 2) / spread)


class Learner:
    """Base class of the learners of :mod:`coursekit.koopman` (scikit-learn conventions).

    Subclasses implement ``fit`` (setting ``n_state_`` and ``dt_`` among their fitted
    attributes), ``predict`` and ``_run`` (the free run); the base class provides
    ``get_params``, the ``repr``, the not-fitted check, ``simulate`` and ``score``.

    Attributes
    ----------
    n_state_ : int
        Number of state components of the fitted data.
    dt_ : float
        The sampling step of the fitted data.

    Examples
    --------
    >>> from coursekit.koopman import DMD
    >>> DMD(rank=2)
    DMD(rank=2, modes='exact', svd='auto', seed=None)
    """

    def _validated(self) -> dict:  # pragma: no cover - every learner overrides it
        """The hyper-parameters, checked (called by ``__init__`` and again by ``fit``)."""
        return {}

    def get_params(self, deep: bool = True) -> dict:
        """The hyper-parameters, as passed to ``__init__`` (scikit-learn's ``get_params``).

        Parameters
        ----------
        deep : bool
            Accepted for scikit-learn (``clone``); these learners hold no nested estimators.

        Returns
        -------
        dict
            Parameter name to value.

        Raises
        ------
        AttributeError
            If a subclass does not store an ``__init__`` argument under its own name.

        Examples
        --------
        >>> from coursekit.koopman import DMD
        >>> DMD(rank=3).get_params()["rank"]
        3
        """
        names = [p for p in inspect.signature(type(self).__init__).parameters if p != "self"]
        return {p: getattr(self, p) for p in names}

    def set_params(self, **params) -> Learner:
        """Change hyper-parameters (checked at once, and again by the next ``fit``).

        Parameters
        ----------
        **params
            Hyper-parameter names and their new values.

        Returns
        -------
        Learner
            ``self``.

        Raises
        ------
        InputError
            For a name that is not a hyper-parameter, or a bad value.

        Examples
        --------
        >>> from coursekit.koopman import DMD
        >>> DMD().set_params(rank=4).rank
        4
        """
        known = self.get_params()
        for key in params:
            if key not in known:
                raise InputError(f"{type(self).__name__} has no hyper-parameter {key!r}; it has "
                                 f"{sorted(known)}")
        old = {key: known[key] for key in params}
        for key, value in params.items():
            setattr(self, key, value)
        try:
            self._validated()
        except InputError:
            for key, value in old.items():
                setattr(self, key, value)
            raise
        return self

    @property
    def continuous_eigenvalues_(self) -> np.ndarray:
        """:math:`\\omega_j = \\ln\\lambda_j / \\Delta t` (growth rate + i angular frequency) of the
        learners with discrete-time ``eigenvalues_``; the principal logarithm, so frequencies
        alias beyond :math:`|\\mathrm{Im}\\,\\omega|\\Delta t = \\pi`."""
        self._check_fitted()
        with np.errstate(divide="ignore"):
            return np.log(np.asarray(self.eigenvalues_, dtype=complex)) / self.dt_

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"

    def _check_fitted(self) -> None:
        if not hasattr(self, "n_state_"):
            raise NotFittedError(f"this {type(self).__name__} is not fitted yet: call fit(X, dt=...) "
                                 "first")

    def _states(self, X, name: str = "X") -> np.ndarray:
        """States ``(n, n_state)`` (a single state ``(n_state,)`` becomes one row)."""
        self._check_fitted()
        a = V.array(name, X)
        if a.ndim == 1 and a.size == self.n_state_:
            a = a[None, :]
        elif a.ndim == 1 and self.n_state_ == 1:
            a = a[:, None]
        if a.ndim != 2 or a.shape[1] != self.n_state_:
            raise InputError(f"{name} must be time first, (n, {self.n_state_}), for this model "
                             f"fitted on {self.n_state_} state components; got shape {a.shape}")
        return a

    def _state(self, x0) -> np.ndarray:
        """One starting state ``(n_state,)``."""
        self._check_fitted()
        return V.array("x0", x0, shape=(self.n_state_,))

    def predict(self, X) -> np.ndarray:  # pragma: no cover - every learner overrides it
        """One sampling step ahead from each row of ``X`` (each learner says how).

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
        NotImplementedError
            On the base class itself.

        Examples
        --------
        >>> from coursekit.koopman import DMD
        >>> DMD().fit(0.5 ** np.arange(5.0)[:, None]).predict([[1.0]]).round(9).tolist()
        [[0.5]]
        """
        raise NotImplementedError

    def _run(self, x0: np.ndarray, n_steps: int) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def simulate(self, x0, n_steps: int, **run_kw) -> Trajectory:
        """Run the fitted model freely for ``n_steps`` sampling steps from ``x0``.

        Parameters
        ----------
        x0 : array_like, shape (n_state,)
            The starting state (for the delay learners: the last ``delays`` samples).
        n_steps : int
            Number of steps of ``dt_``.
        **run_kw
            Options of a learner's free run (``forcing`` for :class:`~coursekit.koopman.HAVOK`).

        Returns
        -------
        Trajectory
            ``t = dt_ * arange(n_steps + 1)`` and ``x`` ``(n_steps + 1, n_state)``, starting
            with ``x0``.

        Raises
        ------
        NotFittedError
            Before ``fit``.
        InputError
            For a starting state of the wrong size or a negative number of steps.

        Examples
        --------
        >>> from coursekit.koopman import DMD
        >>> X = 0.5 ** np.arange(6.0)[:, None]
        >>> DMD().fit(X, dt=1.0).simulate([1.0], 3).x.ravel().round(6).tolist()
        [1.0, 0.5, 0.25, 0.125]
        """
        self._check_fitted()
        n_steps = V.integer("n_steps", n_steps, minimum=0)
        x = self._run(x0, n_steps, **run_kw)
        return Trajectory(t=self.dt_ * np.arange(n_steps + 1.0), x=owned(x),
                          method=f"free run of the fitted {type(self).__name__}")

    def score(self, X) -> float:
        """Coefficient of determination of the one-step predictions on a trajectory.

        :math:`R^2 = 1 - \\sum_k |x_{k+1} - \\hat x_{k+1}|^2 / \\sum_k |x_{k+1} - \\bar x|^2`
        over the pairs of ``X`` (1 is perfect; 0 is no better than the mean). With fine
        sampling even persistence, :math:`\\hat x_{k+1} = x_k`, scores close to 1: compare
        models by their errors, or against that baseline.

        Parameters
        ----------
        X : array_like or list of array_like
            Trajectories ``(n_times, n_state)`` sampled every ``dt_``.

        Returns
        -------
        float
            :math:`R^2`.

        Raises
        ------
        NotFittedError
            Before ``fit``.
        InputError
            For constant data (nothing to explain).

        Examples
        --------
        >>> from coursekit.koopman import DMD
        >>> X = 0.5 ** np.arange(6.0)[:, None]
        >>> round(DMD().fit(X, dt=1.0).score(X), 9)
        1.0
        """
        self._check_fitted()
        x0, x1 = pairs(trajectories(X))
        return r_squared(x1, self.predict(x0))


class DelayLearner(Learner):
    """What the delay learners share: one observable series in, windows of ``delays`` samples.

    A delay learner reads the last ``delays`` samples of a series: ``predict(X)`` returns one
    prediction per window of ``X``, and ``simulate(x0, n_steps)`` starts from the last
    ``delays`` samples of ``x0`` (a series, not one state).

    Attributes
    ----------
    delays : int
        Samples per delay vector (a hyper-parameter of every subclass).
    n_state_ : int
        Observables per sample.

    Examples
    --------
    >>> from coursekit.koopman import HankelDMD
    >>> isinstance(HankelDMD(), DelayLearner)
    True
    """

    def _series(self, X, min_times: int, name: str = "X") -> np.ndarray:
        self._check_fitted()
        return one_series(X, self.n_state_, min_times, type(self).__name__, name)

    def _window(self, x0) -> np.ndarray:
        """The last ``delays`` samples of ``x0``, ``(delays, n_obs)``."""
        return self._series(x0, self.delays, "x0")[-self.delays:]

    def score(self, X) -> float:
        """:math:`R^2` of the one-step predictions over a series (see :meth:`Learner.score`).

        Parameters
        ----------
        X : array_like
            One observable series with more than ``delays`` samples.

        Returns
        -------
        float
            :math:`R^2` of ``predict(X)`` against the samples it predicts.

        Raises
        ------
        NotFittedError
            Before ``fit``.
        InputError
            For several series, the wrong number of observables or constant data.

        Examples
        --------
        >>> y = np.sin(0.3 * np.arange(60.0))
        >>> from coursekit.koopman import HankelDMD
        >>> round(HankelDMD(delays=3).fit(y).score(y), 9)
        1.0
        """
        q = int(self.delays)
        y = self._series(X, q + 1)
        return r_squared(y[q:], self.predict(y)[:-1])
