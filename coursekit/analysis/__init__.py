"""The shared analysis toolkit (entropy, complexity, recurrence, Lyapunov exponents,
embeddings and scaling fits), used by every chapter. Arrays are time first.

Modules: :mod:`~coursekit.analysis.ordinal` (permutation entropy, complexity–entropy plane,
PECCARY sampling scans), :mod:`~coursekit.analysis.entropy` (Shannon, Rényi, Tsallis),
:mod:`~coursekit.analysis.recurrence`, :mod:`~coursekit.analysis.embedding`,
:mod:`~coursekit.analysis.lyapunov`, :mod:`~coursekit.analysis.scaling`,
:mod:`~coursekit.analysis.groups` (do groups of time-series samples differ: rank tests on
decorrelated samples).
"""

from coursekit.analysis.embedding import (
    delay_embed,
    embedding_dimension,
    false_nearest_neighbours,
    first_minimum_delay,
    mutual_information,
)
from coursekit.analysis.entropy import entropy, gaussian_entropy
from coursekit.analysis.groups import autocorrelation_time, compare_groups
from coursekit.analysis.lyapunov import kaplan_yorke, lyapunov_from_series, lyapunov_spectrum
from coursekit.analysis.ordinal import (
    complexity_entropy,
    complexity_entropy_curves,
    natural_timescale,
    ordinal_distribution,
    pattern_timescale,
    permutation_entropy,
    sampling_scan,
)
from coursekit.analysis.recurrence import recurrence_matrix, recurrence_quantification
from coursekit.analysis.scaling import family_vicsek_collapse, local_slopes, power_law_fit

__all__ = [
    "autocorrelation_time", "compare_groups", "complexity_entropy", "complexity_entropy_curves",
    "delay_embed", "embedding_dimension",
    "entropy", "false_nearest_neighbours", "family_vicsek_collapse", "first_minimum_delay",
    "gaussian_entropy", "kaplan_yorke", "local_slopes", "lyapunov_from_series",
    "lyapunov_spectrum", "mutual_information", "natural_timescale", "ordinal_distribution",
    "pattern_timescale", "permutation_entropy", "power_law_fit", "recurrence_matrix",
    "recurrence_quantification", "sampling_scan",
]
