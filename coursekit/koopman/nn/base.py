"""The shared base of the neural learners: data windows, the training loop, devices, save/load.

Training minimises a learner's loss over **windows** of ``horizon + 1`` consecutive samples of
the trajectories (time first), with Adam (mini-batches, reshuffled each epoch by a seeded
generator) or L-BFGS (full batch, strong-Wolfe line search). The last ``validation`` fraction of
each trajectory's windows is held out: after every epoch the loss on it is recorded, and when
it has not improved for ``patience`` epochs training stops and the best weights are restored.
Initial weights and shuffling come from ``seed`` alone: the weights are drawn inside a fork of
PyTorch's global CPU generator (left as it was; the CUDA generators are not touched), the
shuffling from a generator of its own. On the CPU two fits with one seed (at one thread count)
are bit-identical.
The recurrent and delay networks train on data shifted and scaled to zero mean and unit
variance per component (``mean_``, ``scale_``, from the training samples) and undo it in their
predictions; the deep Koopman model does so with ``standardise=True`` (by default it trains on
the data as given, so that with the identity encoder its matrix :math:`K` is the linear map
itself).
Save a fitted learner with :meth:`NeuralLearner.save` (its network class is built on demand
and does not pickle).
"""

from __future__ import annotations

import copy
import time
from pathlib import Path

import numpy as np

from coursekit import _progress, _random, _torch
from coursekit import _validate as V
from coursekit.errors import InputError
from coursekit.koopman._base import Learner, sampling_step, trajectories

__all__ = ["NeuralLearner", "windows"]


def windows(trajs: list[np.ndarray], length: int, validation: float) -> tuple[np.ndarray, np.ndarray]:
    """Windows of ``length`` consecutive samples, split in time into training and validation.

    The validation windows are the last ones of each trajectory; the ``length - 1`` windows
    before them, which would share samples with the first validation window, are dropped, so
    that no sample is in both sets.

    Parameters
    ----------
    trajs : list of ndarray
        Trajectories ``(n_times, n_state)``.
    length : int
        Samples per window.
    validation : float
        Fraction of each trajectory's windows, its last ones, held out (0 for none).

    Returns
    -------
    (ndarray, ndarray)
        Training and validation windows, ``(n, length, n_state)`` each.

    Raises
    ------
    InputError
        If a trajectory is shorter than a window, or leaves no training window.

    Examples
    --------
    >>> train, val = windows([np.arange(12.0)[:, None]], 3, 0.2)
    >>> train[-1, :, 0].tolist(), val[0, :, 0].tolist(), val.shape
    ([5.0, 6.0, 7.0], [8.0, 9.0, 10.0], (2, 3, 1))
    """
    train, val = [], []
    for k, a in enumerate(trajs):
        n = a.shape[0] - length + 1
        if n < 1:
            raise InputError(f"trajectory {k} has {a.shape[0]} samples, fewer than one training "
                             f"window of {length}")
        w = np.lib.stride_tricks.sliding_window_view(a, length, axis=0).transpose(0, 2, 1)
        n_val = int(round(validation * n))
        n_train = n - n_val - (length - 1 if n_val else 0)
        if n_train < 1:
            raise InputError(f"trajectory {k} ({a.shape[0]} samples) leaves no training window "
                             f"of {length} after holding out validation={validation}")
        train.append(w[:n_train])
        val.append(w[n - n_val:])
    return np.concatenate(train), np.concatenate(val)


class NeuralLearner(Learner):
    """Base class of the PyTorch learners (a :class:`~coursekit.koopman._base.Learner`).

    Subclasses define ``_build(torch, n_state, params)`` (the network, a ``torch.nn.Module``),
    ``_loss(torch, net, batch)`` (a scalar tensor for a batch of windows ``(b, length,
    n_state)``, ``length = horizon + 1`` unless ``_window_length`` says otherwise),
    ``_step(torch, net, x)`` (one step ahead) and ``_free_run(torch, net, x0, n_steps)``, all
    in standardised units when ``_standardise`` is set, and the hyper-parameter ``horizon``.

    Parameters
    ----------
    epochs : int
        Most passes over the training windows.
    learning_rate : float
        Step size of the optimiser.
    optimizer : {"adam", "lbfgs"}
        Adam on mini-batches, or full-batch L-BFGS (for small, smooth problems).
    batch_size : int or None
        Windows per Adam step (``None``: all).
    validation : float
        Fraction of each trajectory's last windows held out for early stopping (0: none).
    patience : int
        Epochs without a better validation loss before training stops.
    device : str
        ``"auto"`` (CUDA when present, else the CPU), ``"cpu"`` or ``"cuda"``.
    dtype : {"float32", "float64"}
        Precision of weights and data.
    seed : int, SeedSequence, Generator or None
        Initial weights and shuffling.
    progress : bool or None
        A progress bar over epochs (``None``: off in tests and the book build, see
        the environment variable ``COURSEKIT_PROGRESS``).

    Attributes
    ----------
    history_ : dict
        ``"train"`` and ``"validation"`` loss per epoch (lists of float).
    best_epoch_ : int
        The epoch whose weights were kept.
    device_ : str
        The device used.
    n_state_ : int
        State size.
    dt_ : float
        Sampling step.
    mean_, scale_ : ndarray, shape (n_state,)
        The shift and scale of the data the network sees (0 and 1 without standardisation).
    n_parameters_ : int
        Trained weights (the number of scalars).
    fit_seconds_ : float
        Wall-clock time of the training loop (on ``device_``).

    Examples
    --------
    >>> from coursekit.koopman.nn import DeepKoopman
    >>> DeepKoopman(encoder="identity").get_params()["device"]
    'auto'
    """

    horizon: int = 1
    _standardise: bool = False

    def __init__(self, epochs=500, learning_rate=1e-2, optimizer="adam", batch_size=None,
                 validation=0.2, patience=50, device="auto", dtype="float32", seed=None,
                 progress=None):
        self.epochs, self.learning_rate, self.optimizer = epochs, learning_rate, optimizer
        self.batch_size, self.validation, self.patience = batch_size, validation, patience
        self.device, self.dtype, self.seed, self.progress = device, dtype, seed, progress

    def _validated(self) -> dict:
        return dict(
            epochs=V.integer("epochs", self.epochs, minimum=1),
            learning_rate=V.positive("learning_rate", self.learning_rate),
            optimizer=V.choice("optimizer", self.optimizer, ("adam", "lbfgs")),
            batch_size=None if self.batch_size is None else V.integer("batch_size", self.batch_size,
                                                                      minimum=1),
            validation=V.number("validation", self.validation, lo=0.0, hi=0.9),
            patience=V.integer("patience", self.patience, minimum=1),
            dtype=V.choice("dtype", self.dtype, ("float32", "float64")))

    # --- training ------------------------------------------------------------------------------

    def fit(self, X, *, dt=1.0) -> NeuralLearner:
        """Train on one trajectory ``(n_times, n_state)`` or a list of them.

        Parameters
        ----------
        X : array_like or list of ndarray
            Samples, time first, every ``dt``.
        dt : float or array_like
            Sampling step, or equally spaced sample times of one trajectory.

        Returns
        -------
        NeuralLearner
            ``self``, trained.

        Raises
        ------
        InputError
            For bad hyper-parameters, NaN, or trajectories shorter than a window.
        ImportError
            Without PyTorch.

        Examples
        --------
        >>> from coursekit.koopman.nn import DeepKoopman
        >>> X = 0.9 ** np.arange(20.0)[:, None]
        >>> DeepKoopman(encoder="identity", epochs=5, seed=0).fit(X, dt=0.1).n_state_
        1
        """
        torch = _torch.require(type(self).__name__)
        p = self._validated()
        trajs = trajectories(X, min_times=2)
        step = sampling_step(dt, trajs)
        device = _torch.resolve_device(self.device)
        dtype = getattr(torch, p["dtype"])
        n_state = trajs[0].shape[1]
        mean, scale = np.zeros(n_state), np.ones(n_state)
        if self._standardised():
            data = np.concatenate(trajs)
            mean, std = data.mean(axis=0), data.std(axis=0)
            scale = np.where(std > 0, std, 1.0)
            trajs = [(a - mean) / scale for a in trajs]
        train_w, val_w = windows(trajs, self._window_length(p), p["validation"])
        seed = int(_random.as_generator(self.seed).integers(2**62))
        with torch.random.fork_rng(devices=[]):
            torch.default_generator.manual_seed(seed)
            net = self._build(torch, n_state, p).to(device=device, dtype=dtype)
        shuffle = torch.Generator().manual_seed(seed + 1)
        to = lambda a: torch.as_tensor(np.ascontiguousarray(a), dtype=dtype, device=device)  # noqa: E731
        previous, self._p = getattr(self, "_p", None), p        # the losses read the settings here
        start = time.perf_counter()
        try:
            history, best_epoch = self._train(torch, net, to(train_w), to(val_w) if len(val_w) else None,
                                              p, shuffle)
        except BaseException:
            self._p = previous                                    # a failed refit keeps the old fit
            raise
        self.net_, self.history_, self.best_epoch_ = net, history, best_epoch
        self.fit_seconds_ = time.perf_counter() - start
        self.device_, self.n_state_, self.dt_ = str(device), n_state, step
        self.mean_, self.scale_, self._dtype = mean, scale, dtype
        self._after_fit(torch, net)
        return self

    def _standardised(self) -> bool:
        """Whether the network sees standardised data."""
        return self._standardise

    def _window_length(self, p: dict) -> int:
        """Samples per training window."""
        return p["horizon"] + 1

    @property
    def n_parameters_(self) -> int:
        """The number of trained scalars."""
        self._check_fitted()
        return int(sum(q.numel() for q in self.net_.parameters() if q.requires_grad))

    def _train(self, torch, net, train, val, p, shuffle):
        params = [q for q in net.parameters() if q.requires_grad]
        if p["optimizer"] == "lbfgs":
            opt = torch.optim.LBFGS(params, lr=p["learning_rate"], max_iter=20, history_size=50,
                                    line_search_fn="strong_wolfe", tolerance_grad=1e-14,
                                    tolerance_change=1e-16)
        else:
            opt = torch.optim.Adam(params, lr=p["learning_rate"])
        history = {"train": [], "validation": []}
        best, best_epoch, best_state, waited = np.inf, 0, copy.deepcopy(net.state_dict()), 0
        bar = _progress.bar(p["epochs"], self.progress, type(self).__name__)
        try:
            for epoch in range(p["epochs"]):
                if p["optimizer"] == "lbfgs":
                    def closure():
                        opt.zero_grad()
                        loss = self._loss(torch, net, train)
                        loss.backward()
                        return loss
                    opt.step(closure)
                    with torch.no_grad():
                        train_loss = float(self._loss(torch, net, train))
                else:
                    size = p["batch_size"] or train.shape[0]
                    order = torch.randperm(train.shape[0], generator=shuffle).to(train.device)
                    total = 0.0
                    for start in range(0, train.shape[0], size):
                        batch = train[order[start:start + size]]
                        opt.zero_grad()
                        loss = self._loss(torch, net, batch)
                        loss.backward()
                        opt.step()
                        total += float(loss.detach()) * batch.shape[0]
                    train_loss = total / train.shape[0]
                with torch.no_grad():
                    val_loss = float(self._loss(torch, net, val)) if val is not None else train_loss
                history["train"].append(train_loss)
                history["validation"].append(val_loss)
                bar.update()
                if not np.isfinite(train_loss):
                    raise InputError(f"training diverged at epoch {epoch} (loss {train_loss}); lower "
                                     f"learning_rate={p['learning_rate']:g}")
                if val_loss < best:
                    best, best_epoch, waited = val_loss, epoch, 0
                    best_state = copy.deepcopy(net.state_dict())
                else:
                    waited += 1
                    if waited >= p["patience"]:
                        break
        finally:
            bar.close()
        net.load_state_dict(best_state)
        return history, best_epoch

    def _after_fit(self, torch, net) -> None:
        """Subclasses read fitted quantities (e.g. eigenvalues) off the trained network."""

    # --- prediction ----------------------------------------------------------------------------

    def _tensor(self, x):
        """States in the network's units, as a tensor on its device."""
        torch = _torch.require(type(self).__name__)
        return torch.as_tensor(np.ascontiguousarray((x - self.mean_) / self.scale_), dtype=self._dtype,
                               device=self.device_)

    def _array(self, t) -> np.ndarray:
        """A tensor of states in the network's units, back in the data's (float64)."""
        return t.double().cpu().numpy() * self.scale_ + self.mean_

    def predict(self, X) -> np.ndarray:
        """One sampling step ahead from each row of ``X``.

        Parameters
        ----------
        X : array_like, shape (n, n_state)
            States, time first.

        Returns
        -------
        ndarray, shape (n, n_state)
            The states one ``dt_`` later (float64).

        Raises
        ------
        NotFittedError
            Before ``fit``.

        Examples
        --------
        >>> from coursekit.koopman.nn import DeepKoopman
        >>> X = 0.9 ** np.arange(20.0)[:, None]
        >>> m = DeepKoopman(encoder="identity", optimizer="lbfgs", epochs=5, dtype="float64",
        ...                 seed=0).fit(X)
        >>> m.predict([[1.0]]).round(6).tolist()
        [[0.9]]
        """
        X = self._states(X)
        torch = _torch.require(type(self).__name__)
        with torch.no_grad():
            return self._array(self._step(torch, self.net_, self._tensor(X)))

    def _run(self, x0, n_steps):
        x0 = self._state(x0)
        torch = _torch.require(type(self).__name__)
        with torch.no_grad():
            out = self._free_run(torch, self.net_, self._tensor(x0[None]), n_steps)
        out = self._array(out)
        out[0] = x0
        return out

    # --- persistence ---------------------------------------------------------------------------

    def save(self, path) -> Path:
        """Save the weights, the hyper-parameters and what was fitted, to ``path``.

        Parameters
        ----------
        path : str or Path
            A file (``.pt`` by convention).

        Returns
        -------
        Path
            The file written.

        Raises
        ------
        NotFittedError
            Before ``fit``.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> from coursekit.koopman.nn import DeepKoopman
        >>> X = 0.9 ** np.arange(20.0)[:, None]
        >>> m = DeepKoopman(encoder="identity", epochs=3, seed=0).fit(X)
        >>> path = m.save(pathlib.Path(tempfile.mkdtemp()) / "model.pt")
        >>> bool(np.array_equal(DeepKoopman.load(path).predict([[1.0]]), m.predict([[1.0]])))
        True
        """
        self._check_fitted()
        torch = _torch.require("save")
        path = Path(path)
        params = {k: v.item() if isinstance(v, np.generic) else v for k, v in self.get_params().items()}
        if not (params["seed"] is None or isinstance(params["seed"], int)):
            params["seed"] = None                    # a SeedSequence or Generator does not save
        torch.save({"class": type(self).__name__, "params": params,
                    "state": {k: v.cpu() for k, v in self.net_.state_dict().items()},
                    "n_state": self.n_state_, "dt": self.dt_, "history": self.history_,
                    "mean": torch.as_tensor(self.mean_), "scale": torch.as_tensor(self.scale_),
                    "best_epoch": self.best_epoch_, "fit_seconds": self.fit_seconds_}, path)
        return path

    @classmethod
    def load(cls, path, device=None) -> NeuralLearner:
        """A learner saved by :meth:`save`, ready to predict.

        Parameters
        ----------
        path : str or Path
            The file.
        device : str, optional
            Where to put it (default: the saved ``device`` setting, resolved here; a model saved
            with ``device="cuda"`` loads on the CPU where there is no GPU).

        Returns
        -------
        NeuralLearner
            The learner, fitted.

        Raises
        ------
        InputError
            If the file holds another kind of learner.

        Examples
        --------
        >>> from coursekit.koopman.nn import DeepKoopman
        >>> callable(DeepKoopman.load)
        True
        """
        torch = _torch.require("load")
        blob = torch.load(Path(path), map_location="cpu", weights_only=True)
        if blob["class"] != cls.__name__:
            raise InputError(f"{path} holds a {blob['class']}, not a {cls.__name__}")
        params = dict(blob["params"])
        if device is not None:
            params["device"] = device
        elif params["device"] == "cuda" and not torch.cuda.is_available():
            params["device"] = "cpu"
        model = cls(**params)
        p = model._validated()
        dev = _torch.resolve_device(params["device"])
        dtype = getattr(torch, p["dtype"])
        with torch.random.fork_rng(devices=[]):              # building draws initial weights
            net = model._build(torch, blob["n_state"], p).to(device=dev, dtype=dtype)
        net.load_state_dict(blob["state"])
        model.net_, model.history_, model.best_epoch_ = net, blob["history"], blob["best_epoch"]
        model.device_, model.n_state_, model.dt_, model._dtype = str(dev), blob["n_state"], blob["dt"], dtype
        n = blob["n_state"]                                # files of part 1 have no mean/scale
        model.mean_ = blob["mean"].numpy() if "mean" in blob else np.zeros(n)
        model.scale_ = blob["scale"].numpy() if "scale" in blob else np.ones(n)
        model._p, model.fit_seconds_ = p, blob.get("fit_seconds", float("nan"))
        model._after_fit(torch, net)
        return model
