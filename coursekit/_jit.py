"""The house JIT decorator.

Every compiled kernel in coursekit is decorated with :func:`njit`, which is
``numba.njit(cache=True)`` plus two conveniences:

* ``COURSEKIT_DISABLE_JIT=1`` in the environment returns the plain Python function, so a
  kernel can be stepped through in a debugger or measured by ``coverage``;
* when the package folder is not writable (some Binder or Docker installs) and
  ``NUMBA_CACHE_DIR`` is unset, the cache goes to ``~/.cache/coursekit/numba`` instead of
  failing silently on every start.
"""

from __future__ import annotations

import os
from pathlib import Path

JIT_DISABLED = os.environ.get("COURSEKIT_DISABLE_JIT", "0").lower() in {"1", "true", "yes"}

_PACKAGE_DIR = Path(__file__).resolve().parent


def fallback_cache_dir(package_dir: Path = _PACKAGE_DIR, environ=os.environ) -> str | None:
    """The cache folder to use when Numba's default (beside the source) is not writable."""
    if "NUMBA_CACHE_DIR" in environ or os.access(package_dir, os.W_OK):
        return None
    return str(Path.home() / ".cache" / "coursekit" / "numba")


if (_fallback := fallback_cache_dir()) is not None:
    os.environ["NUMBA_CACHE_DIR"] = _fallback

import numba  # noqa: E402  (the cache folder must be set before Numba reads its config)

if "NUMBA_CACHE_DIR" in os.environ and numba.config.CACHE_DIR != os.environ["NUMBA_CACHE_DIR"]:
    numba.config.reload_config()


def njit(*args, **kwargs):
    """Compile with ``numba.njit(cache=True, ...)`` unless ``COURSEKIT_DISABLE_JIT`` is set.

    Use it bare (``@njit``) or with Numba options (``@njit(fastmath=True)``).
    """
    kwargs.setdefault("cache", True)
    if JIT_DISABLED:
        if len(args) == 1 and callable(args[0]) and not kwargs.keys() - {"cache"}:
            return args[0]
        return lambda func: func
    return numba.njit(*args, **kwargs)


@njit
def copy_into(dst, src):
    """``dst[:] = src`` for 1-D arrays, element by element, inside kernels.

    Numba's broadcasting slice assignment compiles a shape-mismatch error message whose
    compilation alone took ~1.3 s per kernel on a cold cache (Numba 0.68); this loop compiles in
    milliseconds and runs as fast.
    """
    for i in range(src.shape[0]):
        dst[i] = src[i]
