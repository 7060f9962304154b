r"""A structured, low-parameter network on delay vectors (StNN), and the dense network it replaces.

**Our reconstruction.** The seed ("A Low-complexity Structured Neural Network to Realize States
of Dynamical Systems", 2025) is available here as an abstract only: a structured neural network
built on the Hankel operator of time-delay measurements, with fewer parameters and less
computation than conventional networks, SINDy and HAVOK, on Lotka–Volterra and Lorenz. What
follows is the course's reading of that sentence, not the paper's architecture.

The input is the delay vector of the last :math:`q` samples of the state,
:math:`u_0 = (x_{k-q+1}, \dots, x_k) \in \mathbb R^m`, :math:`m = qn` (standardised per
component). Each of :math:`L` hidden layers is

.. math:: u_{l+1} = \tanh(H_l u_l + b_l), \qquad (H_l)_{ij} = h_{l,\,i+j}, \quad
          i, j = 0, \dots, m-1,

a **Hankel matrix**, constant along anti-diagonals and fixed by :math:`2m - 1` numbers
:math:`h_{l,0}, \dots, h_{l,2m-2}` instead of the :math:`m^2` of a dense layer; the state
advances by a linear read-out of the last layer, :math:`x_{k+1} = x_k + C u_L + c`. With
``structure="dense"`` the :math:`H_l` are ordinary dense matrices, our stand-in for the
seed's "conventional network", with the same inputs, depth and read-out. A Hankel product is a
correlation, so it can be computed with FFTs in :math:`O(m \log m)`; here it is a direct
product (:math:`m^2` multiply–adds, as dense), fastest for the small :math:`m` of the chapter.
The parameter count is what the structure saves. The delay vector interleaves the components
(time-major), so a Hankel layer ties weights across components in an order-dependent way, and
every :math:`H_l` is symmetric; a block-Hankel layer would respect the components, at more
parameters. LEADS ("learning across dynamical systems"), the seed's other comparison, is out of
scope.
"""

from __future__ import annotations

import numpy as np

from coursekit import _torch
from coursekit import _validate as V
from coursekit.koopman._base import DelayLearner
from coursekit.koopman.nn.base import NeuralLearner, windows

__all__ = ["StNN"]


def _network(torch, n_state, delays, layers, structure):
    m = delays * n_state

    class StNNNet(torch.nn.Module):
        def __init__(self):
            super().__init__()
            bound = 1.0 / np.sqrt(m)
            shape = (layers, 2 * m - 1) if structure == "hankel" else (layers, m, m)
            self.weights = torch.nn.Parameter(torch.empty(shape).uniform_(-bound, bound))
            self.biases = torch.nn.Parameter(torch.empty(layers, m).uniform_(-bound, bound))
            self.readout = torch.nn.Linear(m, n_state)
            idx = torch.arange(m)
            self.register_buffer("anti_diagonal", idx[:, None] + idx[None, :], persistent=False)

        def matrices(self):
            return self.weights[:, self.anti_diagonal] if structure == "hankel" else self.weights

        def forward(self, window):                       # (b, q, n) -> (b, n)
            u = window.reshape(window.shape[0], m)
            for H, b in zip(self.matrices(), self.biases, strict=True):
                u = torch.tanh(u @ H.T + b)
            return window[:, -1] + self.readout(u)

    return StNNNet()


class StNN(NeuralLearner, DelayLearner):
    """Hankel-structured (or dense) network on delay vectors (the module docstring).

    Like :class:`~coursekit.koopman.HankelDMD` it reads the last ``delays`` samples:
    ``predict(X)`` returns one prediction per window of ``X`` (the last one beyond its end) and
    ``simulate(x0, n_steps)`` starts from the last ``delays`` samples of ``x0``.

    Parameters
    ----------
    delays : int
        Samples per delay vector :math:`q`.
    layers : int
        Hidden layers :math:`L`.
    structure : {"hankel", "dense"}
        Hankel-structured hidden layers (StNN) or dense ones (the conventional network).
    horizon : int
        Steps of the free-run loss (1: one-step prediction).
    epochs, learning_rate, optimizer, batch_size, validation, patience, device, dtype, progress
        As for :class:`~coursekit.koopman.nn.NeuralLearner`.
    seed : int, SeedSequence, Generator or None
        Initial weights and shuffling.

    Attributes
    ----------
    n_parameters_ : int
        Trained scalars: :math:`L(2m-1+m) + nm + n` (Hankel) or :math:`L(m^2+m) + nm + n`.
    multiply_adds_ : int
        Multiply–adds of one prediction step, :math:`Lm^2 + nm` (direct products).
    history_ : dict
        Training and validation loss per epoch.

    Examples
    --------
    >>> t = 0.1 * np.arange(300)
    >>> X = np.c_[np.sin(t), np.cos(t)]
    >>> m = StNN(delays=4, layers=1, epochs=3, seed=0, device="cpu").fit(X, dt=0.1)
    >>> m.n_parameters_, m.multiply_adds_      # 1 * (15 + 8) + 2 * 8 + 2;  1 * 64 + 2 * 8
    (41, 80)
    >>> m.predict(X[:6]).shape, m.simulate(X[:4], 10).x.shape     # from windows of 4 samples
    ((3, 2), (11, 2))
    """

    _standardise = True

    def __init__(self, delays=8, layers=2, structure="hankel", horizon=1, epochs=500,
                 learning_rate=1e-2, optimizer="adam", batch_size=None, validation=0.2, patience=50,
                 device="auto", dtype="float32", seed=None, progress=None):
        super().__init__(epochs=epochs, learning_rate=learning_rate, optimizer=optimizer,
                         batch_size=batch_size, validation=validation, patience=patience,
                         device=device, dtype=dtype, seed=seed, progress=progress)
        self.delays, self.layers, self.structure, self.horizon = delays, layers, structure, horizon
        self._validated()

    def _validated(self) -> dict:
        return dict(super()._validated(), delays=V.integer("delays", self.delays, minimum=1),
                    layers=V.integer("layers", self.layers, minimum=1),
                    structure=V.choice("structure", self.structure, ("hankel", "dense")),
                    horizon=V.integer("horizon", self.horizon, minimum=1))

    def _window_length(self, p: dict) -> int:
        return p["delays"] + p["horizon"]

    def _build(self, torch, n_state, p):
        return _network(torch, n_state, p["delays"], p["layers"], p["structure"])

    def _loss(self, torch, net, batch):
        q = self._p["delays"]
        window, loss = batch[:, :q], 0.0
        for k in range(batch.shape[1] - q):
            x = net(window)
            loss = loss + torch.mean((x - batch[:, q + k]) ** 2)
            window = torch.cat([window[:, 1:], x[:, None]], dim=1)
        return loss / (batch.shape[1] - q)

    def _step(self, torch, net, window):
        return net(window)

    def _free_run(self, torch, net, window, n_steps):
        out = [window[:, -1]]
        for _ in range(n_steps):
            x = net(window)
            out.append(x)
            window = torch.cat([window[:, 1:], x[:, None]], dim=1)
        return torch.cat(out, dim=0)

    @property
    def multiply_adds_(self) -> int:
        """Multiply–adds of one prediction step (direct products)."""
        self._check_fitted()
        m = self._p["delays"] * self.n_state_
        return int(self._p["layers"] * m * m + self.n_state_ * m)

    def predict(self, X) -> np.ndarray:
        """One step ahead of every window of ``delays`` samples of a series.

        Parameters
        ----------
        X : array_like, shape (n, n_state)
            One trajectory with at least ``delays`` samples, time first.

        Returns
        -------
        ndarray, shape (n - delays + 1, n_state)
            Row ``k`` predicts sample ``k + delays`` of ``X`` (the last row lies beyond it).

        Raises
        ------
        NotFittedError
            Before ``fit``.
        InputError
            For too few samples or the wrong number of components.

        Examples
        --------
        >>> t = 0.1 * np.arange(200)
        >>> X = np.c_[np.sin(t)]
        >>> m = StNN(delays=3, layers=1, epochs=5, seed=0).fit(X, dt=0.1)
        >>> m.predict(X[:10]).shape
        (8, 1)
        """
        q = self._p["delays"]
        w = windows([self._series(X, q)], q, 0.0)[0]
        torch = _torch.require(type(self).__name__)
        with torch.no_grad():
            return self._array(self._step(torch, self.net_, self._tensor(w)))

    def _window(self, x0) -> np.ndarray:
        q = self._p["delays"]
        return self._series(x0, q, "x0")[-q:]

    def _run(self, x0, n_steps):
        w = self._window(x0)
        torch = _torch.require(type(self).__name__)
        with torch.no_grad():
            out = self._array(self._free_run(torch, self.net_, self._tensor(w[None]), n_steps))
        out[0] = w[-1]
        return out
