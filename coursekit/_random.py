"""Reproducible randomness, also inside Numba kernels.

Numba kernels draw from Numba's own generator, which is seeded per thread with
``np.random.seed(int)`` *inside* compiled code. Public functions therefore turn the user's
``seed`` into one integer with :func:`kernel_seed` and pass it to the kernel, which calls
``np.random.seed(that_int)`` before drawing. The same ``seed`` then gives bit-identical results.
"""

from __future__ import annotations

import numbers

import numpy as np

SeedLike = int | np.random.Generator | np.random.SeedSequence | None


def as_generator(seed: SeedLike) -> np.random.Generator:
    """Return a NumPy ``Generator`` for ``seed`` (an int, a Generator, a SeedSequence or None)."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None or isinstance(seed, np.random.SeedSequence):
        return np.random.default_rng(seed)
    if isinstance(seed, numbers.Integral) and not isinstance(seed, bool):
        if seed < 0:
            raise ValueError(f"seed must be a non-negative integer, got {seed}")
        return np.random.default_rng(int(seed))
    raise ValueError(
        f"seed must be an int, a numpy.random.Generator, a SeedSequence or None; got {seed!r}"
    )


def kernel_seed(seed: SeedLike) -> int:
    """One integer in [0, 2**31) that seeds Numba's generator inside a kernel.

    Examples
    --------
    >>> kernel_seed(42) == kernel_seed(42)
    True
    >>> kernel_seed(42) == kernel_seed(43)
    False
    """
    return int(as_generator(seed).integers(0, 2**31 - 1))


def spawn_seeds(seed: SeedLike, n: int) -> list[int]:
    """``n`` independent kernel seeds from one ``seed`` (for ensembles and worker processes).

    Examples
    --------
    >>> spawn_seeds(1, 3) == spawn_seeds(1, 3)
    True
    >>> len(set(spawn_seeds(1, 100)))
    100
    """
    if isinstance(seed, np.random.Generator):
        children = seed.bit_generator.seed_seq.spawn(n)
    elif isinstance(seed, np.random.SeedSequence):
        children = seed.spawn(n)
    else:
        as_generator(seed)  # validates
        children = np.random.SeedSequence(seed).spawn(n)
    return [int(c.generate_state(1, dtype=np.uint32)[0] >> 1) for c in children]
