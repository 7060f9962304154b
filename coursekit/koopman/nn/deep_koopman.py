r"""Deep Koopman autoencoders: learn the observables in which the dynamics is linear.

After Lusch, Kutz & Brunton (2018, "Deep learning for universal linear embeddings of nonlinear
dynamics", Nat. Commun. 9, 4950), in its simplest form: one constant matrix :math:`K` (no
auxiliary network for eigenvalues that vary over state space, the paper's device for
continuous spectra), no :math:`L^\infty` term or weight decay, unit weights. An encoder
:math:`\varphi : \mathbb R^n \to \mathbb R^p`, a matrix :math:`K` and a decoder
:math:`\psi : \mathbb R^p \to \mathbb R^n` are trained together
on windows :math:`x_0, \dots, x_H` so that the latent state advances linearly,
:math:`z_{k+1} = K z_k` with :math:`z_0 = \varphi(x_0)`, and

.. math:: \mathcal L = \frac1H\sum_{k=1}^{H} \|\psi(K^k\varphi(x_0)) - x_k\|^2
          + \frac1{H+1}\sum_{k=0}^{H}\Big(\|\psi(\varphi(x_k)) - x_k\|^2
          + \|\varphi(x_k) - K^k\varphi(x_0)\|^2\Big)

(multi-step prediction, reconstruction and linearity; each :math:`\|\cdot\|^2` is a mean over
the batch and the components). With ``encoder="identity"`` only the first term remains; with
``horizon=1`` too, :math:`K` is the least-squares fit of the linear map, as in DMD (with more
steps, a multi-step output-error fit). The eigenvalues of :math:`K` approximate Koopman
eigenvalues; with ``stable=True``, :math:`K = W/\max(1, \|W\|_2)`, so that they lie on or
inside the unit circle (sufficient, and conservative: it also excludes a non-normal :math:`K`
with transient growth).
"""

from __future__ import annotations

import numpy as np

from coursekit import _validate as V
from coursekit.errors import InputError
from coursekit.koopman.nn.base import NeuralLearner

__all__ = ["DeepKoopman"]


def _mlp(torch, sizes):
    layers = []
    for a, b in zip(sizes[:-1], sizes[1:], strict=True):
        layers += [torch.nn.Linear(a, b), torch.nn.Tanh()]
    return torch.nn.Sequential(*layers[:-1])


def _network(torch, n_state, latent, hidden, identity, stable):
    class DeepKoopmanNet(torch.nn.Module):
        def __init__(self):
            super().__init__()
            if identity:
                self.encoder = self.decoder = torch.nn.Identity()
            else:
                self.encoder = _mlp(torch, [n_state, *hidden, latent])
                self.decoder = _mlp(torch, [latent, *reversed(hidden), n_state])
            self.W = torch.nn.Parameter(torch.eye(latent))

        def K(self):
            if not stable:
                return self.W
            return self.W / torch.clamp(torch.linalg.matrix_norm(self.W, ord=2), min=1.0)

    return DeepKoopmanNet()


class DeepKoopman(NeuralLearner):
    """Encoder, linear latent dynamics and decoder (the module docstring), trained on windows of
    ``horizon + 1`` samples.

    Parameters
    ----------
    latent_dim : int or None
        Size :math:`p` of the latent state (``None``: the state size with the identity
        encoder, 8 otherwise).
    hidden : tuple of int
        Hidden layer widths of the encoder (the decoder mirrors them); tanh activations.
    encoder : {"mlp", "identity"}
        Learn the observables, or use the state itself (then :math:`K` is a linear model).
    horizon : int
        Prediction steps :math:`H` in the loss.
    stable : bool
        Keep the eigenvalues of :math:`K` on or inside the unit circle.
    standardise : bool
        Train on data shifted and scaled to zero mean and unit variance per component (``mean_``,
        ``scale_``); predictions are returned in the data's units. Advisable with the learned
        encoder when components are large (tanh saturates); with the identity encoder it makes
        :math:`K` the map of the standardised state.
    epochs, learning_rate, optimizer, batch_size, validation, patience, device, dtype, progress
        As for :class:`~coursekit.koopman.nn.NeuralLearner`.
    seed : int, SeedSequence, Generator or None
        Initial weights and shuffling (the same seed gives bit-identical fits on the CPU).

    Attributes
    ----------
    koopman_matrix_ : ndarray, shape (latent_dim, latent_dim)
        :math:`K`, float64.
    eigenvalues_ : ndarray
        Its eigenvalues (discrete time, per ``dt_``).
    net_ : torch.nn.Module
        The trained network.
    history_ : dict
        Training and validation loss per epoch.

    Examples
    --------
    >>> A = np.array([[0.9, -0.3], [0.3, 0.9]])
    >>> X = np.empty((30, 2)); X[0] = [1.0, 0.0]
    >>> for k in range(29): X[k + 1] = A @ X[k]
    >>> m = DeepKoopman(encoder="identity", optimizer="lbfgs", dtype="float64", epochs=20,
    ...                 seed=0).fit(X, dt=0.1)
    >>> bool(np.abs(m.koopman_matrix_ - A).max() < 1e-8)
    True
    """

    def __init__(self, latent_dim=None, hidden=(32, 32), encoder="mlp", horizon=5, stable=False,
                 standardise=False, epochs=500, learning_rate=1e-2, optimizer="adam", batch_size=None,
                 validation=0.2,
                 patience=50, device="auto", dtype="float32", seed=None, progress=None):
        super().__init__(epochs=epochs, learning_rate=learning_rate, optimizer=optimizer,
                         batch_size=batch_size, validation=validation, patience=patience,
                         device=device, dtype=dtype, seed=seed, progress=progress)
        self.latent_dim, self.hidden, self.encoder = latent_dim, hidden, encoder
        self.horizon, self.stable, self.standardise = horizon, stable, standardise
        self._validated()

    def _validated(self) -> dict:
        encoder = V.choice("encoder", self.encoder, ("mlp", "identity"))
        hidden = tuple(V.integer("hidden", h, minimum=1) for h in self.hidden)
        latent = None if self.latent_dim is None else V.integer("latent_dim", self.latent_dim, minimum=1)
        return dict(super()._validated(), encoder=encoder, hidden=hidden, latent_dim=latent,
                    horizon=V.integer("horizon", self.horizon, minimum=1), stable=bool(self.stable),
                    standardise=bool(self.standardise))

    def _standardised(self) -> bool:
        return bool(self.standardise)

    def _build(self, torch, n_state, p):
        identity = p["encoder"] == "identity"
        latent = p["latent_dim"] or (n_state if identity else 8)
        if identity and latent != n_state:
            raise InputError(f"with encoder='identity' the latent state is the state: latent_dim "
                             f"must be {n_state} (or None); got {latent}")
        return _network(torch, n_state, latent, p["hidden"], identity, p["stable"])

    def _loss(self, torch, net, batch):
        K = net.K()
        z = net.encoder(batch[:, 0])
        horizon = batch.shape[1] - 1
        prediction = 0.0
        latents = [z]
        for k in range(1, horizon + 1):
            z = z @ K.T
            latents.append(z)
            prediction = prediction + torch.mean((net.decoder(z) - batch[:, k]) ** 2)
        loss = prediction / horizon
        if not isinstance(net.encoder, torch.nn.Identity):
            encoded = net.encoder(batch)                                   # (b, H + 1, p)
            reconstruction = torch.mean((net.decoder(encoded) - batch) ** 2)
            linearity = torch.mean((encoded - torch.stack(latents, dim=1)) ** 2)
            loss = loss + reconstruction + linearity
        return loss

    def _step(self, torch, net, x):
        return net.decoder(net.encoder(x) @ net.K().T)

    def _free_run(self, torch, net, x0, n_steps):
        K = net.K()
        z = net.encoder(x0)
        out = [net.decoder(z)]
        for _ in range(n_steps):
            z = z @ K.T
            out.append(net.decoder(z))
        return torch.cat(out, dim=0)

    def _after_fit(self, torch, net) -> None:
        with torch.no_grad():
            K = net.K().double().cpu().numpy()
        self.koopman_matrix_ = K
        self.eigenvalues_ = np.linalg.eigvals(K)
