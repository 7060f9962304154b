r"""Synchronisation (chapter 6): the all-to-all Kuramoto model with its mean-field theory
(:mod:`~coursekit.sync.kuramoto`); rings of phase oscillators as growing interfaces, their
roughness and the exact widths of random deposition and Edwards–Wilkinson growth
(:mod:`~coursekit.sync.chains`); their phase slips, growth exponents, Tracy–Widom fluctuations
and regimes (:mod:`~coursekit.sync.roughening`).
"""

from coursekit.sync.chains import (
    COUPLINGS,
    Rings,
    linear_width2,
    roughness,
    simulate_ring,
    step_limit,
)
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
from coursekit.sync.roughening import (
    GROWTH_EXPONENTS,
    TRACY_WIDOM,
    Fluctuations,
    Growth,
    PhaseSlips,
    Saturation,
    classify_growth,
    fluctuation_moments,
    growth_exponent,
    phase_slips,
    saturation,
)

__all__ = ["COUPLINGS", "GROWTH_EXPONENTS", "LAWS", "TRACY_WIDOM", "Fluctuations", "Growth",
           "KuramotoRun", "PhaseSlips", "Rings", "Saturation", "classify_growth", "critical_coupling",
           "fluctuation_moments", "frequency_density", "growth_exponent", "linear_width2",
           "natural_frequencies", "order_parameter", "ott_antonsen", "phase_slips", "roughness",
           "saturation", "simulate", "simulate_ring", "steady_coherence", "step_limit"]
