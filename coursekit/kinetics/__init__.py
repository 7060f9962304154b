"""Chemical kinetics and population dynamics with fluctuations (chapter 1).

* :mod:`~coursekit.kinetics.network` — mass-action networks from one-line reactions;
* :mod:`~coursekit.kinetics.gillespie` — exact stochastic simulation, ensembles, tau-leaping;
* :mod:`~coursekit.kinetics.lattice` — lattice reaction–diffusion models.

Arrays are time first.
"""

from coursekit.kinetics.gillespie import gillespie, gillespie_ensemble, tau_leap
from coursekit.kinetics.network import (
    Reaction,
    ReactionNetwork,
    logistic_network,
    parse_reaction,
)

__all__ = ["Reaction", "ReactionNetwork", "gillespie", "gillespie_ensemble",
           "logistic_network", "parse_reaction", "tau_leap"]
