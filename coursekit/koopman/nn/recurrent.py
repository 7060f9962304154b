r"""Piecewise-linear recurrent networks for reconstructing dynamics, trained with generalized
teacher forcing.

Both networks advance a latent state :math:`z_t \in \mathbb R^M` whose first :math:`n`
components are the (standardised) observed state, :math:`\hat x_t = (z_{t,1}, \dots, z_{t,n})`
(an identity observation model); the other :math:`M - n` start from a learned linear map of the
first observation, :math:`z_0 = (x_0, L x_0)` (a common choice when :math:`M > n`; the papers
also infer them by other means). All latent quantities are in standardised units (see
``mean_`` and ``scale_``).

* **Shallow PLRNN** (Hess et al. 2023, "Generalized Teacher Forcing for Learning Chaotic
  Dynamics", ICML):
  :math:`z_{t+1} = a \odot z_t + W_1\,\mathrm{ReLU}(W_2 z_t + h_2) + h_1`, with :math:`a`
  a vector (a diagonal matrix) and :math:`W_2` mapping to ``hidden`` units.
* **AL-RNN** (Brenner et al. 2024, "Almost-Linear RNNs Yield Highly Interpretable Symbolic
  Codes in Dynamical Systems Reconstruction", NeurIPS):
  :math:`z_{t+1} = a \odot z_t + W \phi(z_t) + h`, where :math:`\phi` is the identity on the
  first :math:`M - P` components and a ReLU on the last :math:`P`. The :math:`P` ReLUs cut
  latent space into at most :math:`2^P` regions in each of which the map is **affine**; the
  sequence of regions an orbit visits is a **symbolic code** of the attractor
  (:meth:`ALRNN.symbols`).

**Generalized teacher forcing** (GTF). On a window :math:`x_0, \dots, x_T`, the model is run
from :math:`z_0`, and after each step the observed part of its state is pulled towards the
data,

.. math:: \tilde z_t = (1 - \alpha)\, z_t + \alpha\, \hat z_t, \qquad
          \hat z_t = (x_t, z_{t,n+1}, \dots, z_{t,M}),

before the next step; the loss is :math:`\frac1T \sum_{t=1}^T \|\hat x_t - x_t\|^2` (mean over
batch and components) of the states **before** forcing. :math:`\alpha = 1` is classical teacher
forcing, :math:`\alpha = 0` a free run whose gradients explode on long windows of chaotic data.
Hess et al. prove that GTF gives bounded gradients for all times; our reading of how (from
the abstract only) is that :math:`(1-\alpha)` times the size of the model's Jacobians must
stay at most 1, which they ensure by choosing :math:`\alpha` adaptively. Here :math:`\alpha` is
a fixed hyper-parameter, and only the observed :math:`n` of the :math:`M` components are
forced, so their bound does not cover this model as such (the hidden directions are never
contracted). Predictions and free runs use no forcing.
"""

from __future__ import annotations

import numpy as np

from coursekit import _torch
from coursekit import _validate as V
from coursekit.errors import InputError
from coursekit.koopman.nn.base import NeuralLearner

__all__ = ["ALRNN", "PLRNN", "RecurrentLearner"]


def _network(torch, n_state, latent, hidden, n_relu):
    class RecurrentNet(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.a = torch.nn.Parameter(torch.empty(latent).uniform_(0.5, 0.9))
            self.init = torch.nn.Linear(n_state, latent - n_state, bias=False) if latent > n_state else None
            if hidden:                                              # shallow PLRNN
                self.W2 = torch.nn.Linear(latent, hidden)
                self.W1 = torch.nn.Linear(hidden, latent)
            else:                                                   # AL-RNN
                self.W = torch.nn.Linear(latent, latent)
                torch.nn.init.uniform_(self.W.weight, -0.1, 0.1)

        def start(self, x0):
            return x0 if self.init is None else torch.cat([x0, self.init(x0)], dim=-1)

        def phi(self, z):
            return torch.cat([z[..., :latent - n_relu], torch.relu(z[..., latent - n_relu:])], dim=-1)

        def forward(self, z):
            if hidden:
                return self.a * z + self.W1(torch.relu(self.W2(z)))
            return self.a * z + self.W(self.phi(z))

    return RecurrentNet()


class RecurrentLearner(NeuralLearner):
    """What the two recurrent learners (:class:`PLRNN`, :class:`ALRNN`) share: generalized teacher
    forcing in training, one-step predictions, free runs and their latent states.

    Parameters
    ----------
    epochs, learning_rate, optimizer, batch_size, validation, patience, device, dtype, progress
        As for :class:`~coursekit.koopman.nn.NeuralLearner` (the subclasses add ``latent_dim``,
        ``alpha``, ``horizon`` and their own).
    seed : int, SeedSequence, Generator or None
        Initial weights and shuffling.

    Examples
    --------
    >>> issubclass(ALRNN, RecurrentLearner) and issubclass(PLRNN, RecurrentLearner)
    True
    """

    _standardise = True

    def _validated(self) -> dict:
        latent = V.integer("latent_dim", self.latent_dim, minimum=1)
        return dict(super()._validated(), latent_dim=latent,
                    horizon=V.integer("horizon", self.horizon, minimum=1),
                    alpha=V.number("alpha", self.alpha, lo=0.0, hi=1.0))

    def _check_latent(self, n_state: int, p: dict) -> None:
        if p["latent_dim"] < n_state:
            raise InputError(f"latent_dim={p['latent_dim']} is smaller than the {n_state} observed "
                             "components it must hold")

    def _loss(self, torch, net, batch):
        n, alpha = batch.shape[2], self._p["alpha"]
        z = net.start(batch[:, 0])
        loss = 0.0
        for t in range(1, batch.shape[1]):
            z = net(z)
            loss = loss + torch.mean((z[:, :n] - batch[:, t]) ** 2)
            z = torch.cat([(1.0 - alpha) * z[:, :n] + alpha * batch[:, t], z[:, n:]], dim=1)
        return loss / (batch.shape[1] - 1)

    def _step(self, torch, net, x):
        return net(net.start(x))[:, :x.shape[1]]

    def _latent_run(self, torch, net, x0, n_steps):
        z = net.start(x0)
        out = [z]
        for _ in range(n_steps):
            z = net(z)
            out.append(z)
        return torch.cat(out, dim=0)

    def _free_run(self, torch, net, x0, n_steps):
        return self._latent_run(torch, net, x0, n_steps)[:, :x0.shape[1]]

    def latent(self, x0, n_steps: int) -> np.ndarray:
        """The latent states of a free run from ``x0`` (standardised units).

        Parameters
        ----------
        x0 : array_like, shape (n_state,)
            The starting state.
        n_steps : int
            Steps of ``dt_``.

        Returns
        -------
        ndarray, shape (n_steps + 1, latent_dim)
            :math:`z_0, \\dots, z_{n}`; the first ``n_state`` columns are the standardised state.

        Raises
        ------
        NotFittedError
            Before ``fit``.

        Examples
        --------
        >>> X = np.c_[np.sin(0.2 * np.arange(100.0)), np.cos(0.2 * np.arange(100.0))]
        >>> PLRNN(latent_dim=3, hidden=4, epochs=2, seed=0).fit(X).latent(X[0], 5).shape
        (6, 3)
        """
        x0 = self._state(x0)
        n_steps = V.integer("n_steps", n_steps, minimum=0)
        torch = _torch.require(type(self).__name__)
        with torch.no_grad():
            return self._latent_run(torch, self.net_, self._tensor(x0[None]), n_steps).double().cpu().numpy()


class PLRNN(RecurrentLearner):
    """Shallow piecewise-linear RNN trained with generalized teacher forcing (module docstring).

    Parameters
    ----------
    latent_dim : int
        :math:`M`, at least the state size (its first components are the state).
    hidden : int
        ReLU units of the shallow layer.
    alpha : float
        Teacher-forcing strength :math:`\\alpha` in [0, 1].
    horizon : int
        Steps :math:`T` per training window.
    epochs, learning_rate, optimizer, batch_size, validation, patience, device, dtype, progress
        As for :class:`~coursekit.koopman.nn.NeuralLearner`.
    seed : int, SeedSequence, Generator or None
        Initial weights and shuffling.

    Attributes
    ----------
    n_parameters_ : int
        Trained scalars.
    history_ : dict
        Training and validation loss per epoch.

    Examples
    --------
    >>> X = np.c_[np.sin(0.2 * np.arange(200.0)), np.cos(0.2 * np.arange(200.0))]
    >>> m = PLRNN(latent_dim=4, hidden=8, epochs=5, seed=0).fit(X, dt=0.2)
    >>> m.n_parameters_                           # a 4 + L 2*2 + W2 8*4+8 + W1 4*8+4
    84
    """

    def __init__(self, latent_dim=6, hidden=32, alpha=0.2, horizon=25, epochs=500, learning_rate=5e-3,
                 optimizer="adam", batch_size=64, validation=0.2, patience=50, device="auto",
                 dtype="float32", seed=None, progress=None):
        super().__init__(epochs=epochs, learning_rate=learning_rate, optimizer=optimizer,
                         batch_size=batch_size, validation=validation, patience=patience,
                         device=device, dtype=dtype, seed=seed, progress=progress)
        self.latent_dim, self.hidden, self.alpha, self.horizon = latent_dim, hidden, alpha, horizon
        self._validated()

    def _validated(self) -> dict:
        return dict(super()._validated(), hidden=V.integer("hidden", self.hidden, minimum=1))

    def _build(self, torch, n_state, p):
        self._check_latent(n_state, p)
        return _network(torch, n_state, p["latent_dim"], p["hidden"], 0)


class ALRNN(RecurrentLearner):
    """Almost-linear RNN with ``n_relu`` piecewise-linear units, trained with generalized teacher
    forcing (module docstring).

    Parameters
    ----------
    latent_dim : int
        :math:`M`, at least the state size.
    n_relu : int
        :math:`P`, the ReLU units (the last ones of the latent state); at most :math:`2^P`
        linear subregions.
    alpha : float
        Teacher-forcing strength :math:`\\alpha` in [0, 1].
    horizon : int
        Steps :math:`T` per training window.
    epochs, learning_rate, optimizer, batch_size, validation, patience, device, dtype, progress
        As for :class:`~coursekit.koopman.nn.NeuralLearner`.
    seed : int, SeedSequence, Generator or None
        Initial weights and shuffling.

    Attributes
    ----------
    n_parameters_ : int
        Trained scalars.
    history_ : dict
        Training and validation loss per epoch.

    Examples
    --------
    >>> X = np.c_[np.sin(0.2 * np.arange(200.0)), np.cos(0.2 * np.arange(200.0))]
    >>> m = ALRNN(latent_dim=5, n_relu=2, epochs=5, seed=0, device="cpu").fit(X, dt=0.2)
    >>> m.n_parameters_, m.symbols(X[0], 50).shape        # a 5 + L 3*2 + W 5*5+5
    (41, (51,))
    """

    def __init__(self, latent_dim=10, n_relu=2, alpha=0.2, horizon=25, epochs=500, learning_rate=5e-3,
                 optimizer="adam", batch_size=64, validation=0.2, patience=50, device="auto",
                 dtype="float32", seed=None, progress=None):
        super().__init__(epochs=epochs, learning_rate=learning_rate, optimizer=optimizer,
                         batch_size=batch_size, validation=validation, patience=patience,
                         device=device, dtype=dtype, seed=seed, progress=progress)
        self.latent_dim, self.n_relu, self.alpha, self.horizon = latent_dim, n_relu, alpha, horizon
        self._validated()

    def _validated(self) -> dict:
        p = super()._validated()
        n_relu = V.integer("n_relu", self.n_relu, minimum=1)
        if n_relu > p["latent_dim"]:
            raise InputError(f"n_relu={n_relu} exceeds latent_dim={p['latent_dim']}")
        return dict(p, n_relu=n_relu)

    def _build(self, torch, n_state, p):
        self._check_latent(n_state, p)
        return _network(torch, n_state, p["latent_dim"], 0, p["n_relu"])

    def symbols(self, x0, n_steps: int) -> np.ndarray:
        """The symbolic code of a free run: the linear subregion of each latent state.

        Subregion :math:`s = \\sum_{i=1}^{P} 2^{i-1}\\,[z_{M-P+i} > 0]` (which ReLUs are on).

        Parameters
        ----------
        x0 : array_like, shape (n_state,)
            The starting state.
        n_steps : int
            Steps of ``dt_``.

        Returns
        -------
        ndarray of int, shape (n_steps + 1,)
            The subregion at every step, in ``[0, 2**n_relu)``.

        Raises
        ------
        NotFittedError
            Before ``fit``.

        Examples
        --------
        >>> X = np.c_[np.sin(0.2 * np.arange(100.0)), np.cos(0.2 * np.arange(100.0))]
        >>> ALRNN(latent_dim=4, n_relu=1, epochs=2, seed=0).fit(X).symbols(X[0], 3).shape
        (4,)
        """
        P = self._p["n_relu"]
        z = self.latent(x0, n_steps)[:, self._p["latent_dim"] - P:]
        return ((z > 0) * (2 ** np.arange(P))).sum(axis=1).astype(int)

    def subregion_map(self, symbol: int) -> tuple[np.ndarray, np.ndarray]:
        """The linear map :math:`z \\mapsto A_s z + h` that the AL-RNN applies in subregion ``s``.

        :math:`A_s = \\mathrm{diag}(a) + W D_s`, with :math:`D_s` diagonal: 1 on the linear units
        and on the ReLUs that are on in ``s``, 0 on the others.

        Parameters
        ----------
        symbol : int
            The subregion, as :meth:`symbols` numbers it.

        Returns
        -------
        (ndarray, ndarray)
            :math:`A_s` ``(latent_dim, latent_dim)`` and :math:`h` ``(latent_dim,)``, float64.

        Raises
        ------
        InputError
            For a symbol outside ``[0, 2**n_relu)``.

        Examples
        --------
        >>> X = np.c_[np.sin(0.2 * np.arange(100.0)), np.cos(0.2 * np.arange(100.0))]
        >>> A, h = ALRNN(latent_dim=4, n_relu=1, epochs=2, seed=0).fit(X).subregion_map(0)
        >>> A.shape, h.shape
        ((4, 4), (4,))
        """
        self._check_fitted()
        s = V.integer("symbol", symbol, minimum=0)
        M, P = self._p["latent_dim"], self._p["n_relu"]
        if s >= 2 ** P:
            raise InputError(f"symbol must be below 2**n_relu = {2 ** P}; got {s}")
        on = np.ones(M)
        on[M - P:] = (s >> np.arange(P)) & 1
        a = self.net_.a.detach().double().cpu().numpy()
        W = self.net_.W.weight.detach().double().cpu().numpy()
        h = self.net_.W.bias.detach().double().cpu().numpy()
        return np.diag(a) + W * on, h
