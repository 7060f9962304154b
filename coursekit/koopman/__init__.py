r"""Koopman learning and data-driven models of dynamics (chapter 7).

The Koopman operator :math:`\mathcal K` of a map :math:`x_{k+1} = F(x_k)` acts on
observables, :math:`(\mathcal K g)(x) = g(F(x))`: it is linear, even when :math:`F` is not, at
the price of acting on an infinite-dimensional space. The learners here approximate it, or the
dynamics directly, from data:

* :class:`DMD` — exact dynamic mode decomposition (Schmid 2010; Tu et al. 2014);
* :class:`EDMD` — extended DMD on a dictionary (Williams, Kevrekidis & Rowley 2015), with the
  ResDMD residuals and pseudospectra of :mod:`coursekit.koopman.spectra` (Colbrook & Townsend);
* :class:`HankelDMD` and :class:`HAVOK` — delay embeddings (Arbabi & Mezić 2017; Brunton et
  al. 2017);
* :class:`SINDy` — sparse identification of the equations (Brunton, Proctor & Kutz 2016);
* dictionaries (:class:`Polynomial`, :class:`Fourier`, :class:`RadialBasis`,
  :class:`Callables`) shared by EDMD and SINDy;
* :mod:`coursekit.koopman.forecasting` — valid prediction times in Lyapunov times, the
  persistence baseline, and attractor measures of long free runs;
* :mod:`coursekit.koopman.nn` — neural learners in PyTorch (StNN, deep Koopman, PLRNN,
  AL-RNN; optional: PyTorch is imported only there).

All learners follow scikit-learn (:class:`~coursekit.koopman._base.Learner`):
``Model(**hyper).fit(X, dt=...)`` returns the model, fitted attributes end in ``_``,
``predict`` advances one sampling step, ``simulate(x0, n_steps)`` runs freely, ``score`` is
the :math:`R^2` of one-step predictions. Data are time first, ``(n_times, n_state)``; a list of
trajectories is accepted, and snapshot pairs never straddle two of them.
"""

from coursekit.koopman._base import Learner
from coursekit.koopman.dictionaries import Callables, Dictionary, Fourier, Polynomial, RadialBasis
from coursekit.koopman.dmd import DMD, HAVOK, HankelDMD, optimal_rank
from coursekit.koopman.edmd import EDMD
from coursekit.koopman.sindy import SINDy, differentiate, smooth, stlsq
from coursekit.koopman.spectra import gram_matrices, pseudospectrum, residuals

__all__ = ["DMD", "EDMD", "HAVOK", "Callables", "Dictionary", "Fourier", "HankelDMD", "Learner",
           "Polynomial", "RadialBasis", "SINDy", "differentiate", "gram_matrices", "optimal_rank",
           "pseudospectrum", "residuals", "smooth", "stlsq"]
