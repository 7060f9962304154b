r"""Synchronisation (chapter 6): the all-to-all Kuramoto model with its mean-field theory
(:mod:`~coursekit.sync.kuramoto`); rings of phase oscillators as growing interfaces, their
roughness and the exact widths of random deposition and Edwards–Wilkinson growth
(:mod:`~coursekit.sync.chains`).
"""

from coursekit.sync.chains import COUPLINGS, Rings, linear_width2, roughness, simulate_ring
from coursekit.sync.kuramoto import (
    LAWS,
    KuramotoRun,
    critical_coupling,
    frequency_density,
    natural_frequencies,
    order_parameter,
    ott_antonsen,
    simulate,
    steady_coherence,
)

__all__ = ["COUPLINGS", "LAWS", "KuramotoRun", "Rings", "critical_coupling", "frequency_density",
           "linear_width2", "natural_frequencies", "order_parameter", "ott_antonsen",
           "roughness", "simulate", "simulate_ring", "steady_coherence"]
