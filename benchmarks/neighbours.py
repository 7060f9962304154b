"""Neighbour search: coursekit's cell list against its all-pairs reference and SciPy's k-d tree
(``cKDTree.query_pairs``), all pairs within radius 1 of points uniform in a cube at a fixed
density (about 4 neighbours per point, as in a school of fish), N = 1,000 to 100,000.

The cell list and the all-pairs loop are compiled kernels on one thread (timed after a first,
compiling call); the k-d tree is SciPy's C++ code. The all-pairs loop grows as N^2 and is
skipped above N = 20,000. Reported: milliseconds per search (the best of three) and the ratios.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

from benchmarks._timing import Table, best_of, machine
from coursekit.numerics.neighbours import neighbour_pairs

SIZES = (1_000, 10_000, 100_000)
#: Points per unit volume: 4 pi / 3 * density ~ 4 neighbours within radius 1.
DENSITY = 1.0


def rows() -> list[list[str]]:
    rng = np.random.default_rng(0)
    neighbour_pairs(rng.uniform(0, 5, (100, 3)), 1.0)                 # compiled
    neighbour_pairs(rng.uniform(0, 5, (100, 3)), 1.0, method="all")
    out = []
    for n in SIZES:
        pts = rng.uniform(0.0, (n / DENSITY) ** (1 / 3), (n, 3))
        cells = best_of(lambda pts=pts: neighbour_pairs(pts, 1.0), repeats=3)
        scipy = best_of(lambda pts=pts: cKDTree(pts).query_pairs(1.0, output_type="ndarray"),
                        repeats=3)
        brute = (best_of(lambda pts=pts: neighbour_pairs(pts, 1.0, method="all"), repeats=1)
                 if n <= 20_000 else float("nan"))
        out.append([f"{n:,}", f"{1e3 * cells:.1f}", f"{1e3 * brute:.1f}", f"{1e3 * scipy:.1f}",
                    f"{brute / cells:.0f}x" if np.isfinite(brute) else "-",
                    f"{scipy / cells:.1f}x"])
    return out


def table(measured: list[list[str]] | None = None) -> Table:
    return Table(f"Neighbour search (all pairs within radius 1, ~4 neighbours each) on {machine()}",
                 ["N", "cell list [ms]", "all pairs [ms]", "SciPy cKDTree [ms]",
                  "all pairs / cells", "cKDTree / cells"], measured or rows(),
                 notes=["  The cell list's cost grows about as N (a counting sort, then 27 cubes "
                        "per point); the all-pairs loop's as N^2. SciPy's tree, tuned C++, lists "
                        "pairs faster still; the cell list is there for the compiled fish-school "
                        "kernel, which visits each fish's neighbours inside Numba without "
                        "building a list of pairs at all."])


if __name__ == "__main__":
    print(table())
