"""Neural learners of dynamics in PyTorch (chapter 7, part 2), on a GPU when there is one.

PyTorch is an optional extra of coursekit: importing this package does not import it; fitting a
learner does (:func:`coursekit._torch.require` says how to install it when it is missing).

* :class:`NeuralLearner` — what every neural learner shares: one training loop (Adam or
  L-BFGS, full batch or mini-batches, seeded and deterministic on the CPU, early stopping on a
  validation segment, progress bar, loss history), ``device="auto"`` (CUDA when present),
  float32 by default or float64, and ``save``/``load`` of weights with hyper-parameters;
* :class:`DeepKoopman` — an encoder, linear latent dynamics (optionally with eigenvalues kept
  on or inside the unit circle) and a decoder, trained on multi-step predictions (Lusch, Kutz
  & Brunton 2018).

Still to come (issue 18): the structured Hankel network (StNN), the piecewise-linear and
almost-linear recurrent networks with generalized teacher forcing, and the forecasting table.
"""

from coursekit.koopman.nn.base import NeuralLearner
from coursekit.koopman.nn.deep_koopman import DeepKoopman

__all__ = ["DeepKoopman", "NeuralLearner"]
