"""Neural learners of dynamics in PyTorch (chapter 7, part 2), on a GPU when there is one.

PyTorch is an optional extra of coursekit: importing this package does not import it; fitting a
learner does (:func:`coursekit._torch.require` says how to install it when it is missing).

* :class:`NeuralLearner` — what every neural learner shares: one training loop (Adam or
  L-BFGS, full batch or mini-batches, seeded and deterministic on the CPU, early stopping on a
  validation segment, progress bar, loss history), ``device="auto"`` (CUDA when present),
  float32 by default or float64, and ``save``/``load`` of weights with hyper-parameters;
* :class:`DeepKoopman` — an encoder, linear latent dynamics (optionally with eigenvalues kept
  on or inside the unit circle) and a decoder, trained on multi-step predictions (Lusch, Kutz
  & Brunton 2018);
* :class:`StNN` — a Hankel-structured, low-parameter network on delay vectors (our
  reconstruction of the seed), and with ``structure="dense"`` the conventional network;
* :class:`PLRNN` and :class:`ALRNN` — piecewise-linear and almost-linear recurrent networks
  trained with generalized teacher forcing (Hess et al. 2023; Brenner et al. 2024); the AL-RNN's
  linear subregions give a symbolic code of the attractor.

:mod:`coursekit.koopman.forecasting` compares any of them with the learners of part 1.
"""

from coursekit.koopman.nn.base import NeuralLearner
from coursekit.koopman.nn.deep_koopman import DeepKoopman
from coursekit.koopman.nn.recurrent import ALRNN, PLRNN
from coursekit.koopman.nn.stnn import StNN

__all__ = ["ALRNN", "PLRNN", "DeepKoopman", "NeuralLearner", "StNN"]
