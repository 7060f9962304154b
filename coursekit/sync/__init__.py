r"""Synchronisation (chapter 6): the all-to-all Kuramoto model with its mean-field theory
(:mod:`~coursekit.sync.kuramoto`). Rings of oscillators as growing interfaces are to come.
"""

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

__all__ = ["LAWS", "KuramotoRun", "critical_coupling", "frequency_density",
           "natural_frequencies", "order_parameter", "ott_antonsen", "simulate",
           "steady_coherence"]
