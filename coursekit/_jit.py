"""The house JIT decorators.

Every compiled kernel in coursekit is decorated with :func:`njit`, which is
``numba.njit(cache=True)`` plus two conveniences:

* ``COURSEKIT_DISABLE_JIT=1`` in the environment returns the plain Python function, so a
  kernel can be stepped through in a debugger or measured by ``coverage``;
* the on-disk cache lives in a folder named after a hash of the package's source
  (``cache_dir()``): Numba checks a cached kernel only against its own file, so after an edit
  to a building block in another file (a stepper inlined into many kernels) it would load
  stale machine code; a new hash means a fresh folder. The folder is in the package's
  ``__pycache__``, or in ``~/.cache/coursekit`` when the package folder is not writable (some
  Binder or Docker installs), or in the temporary folder when the home folder is not writable
  either; with no writable folder at all, kernels are compiled uncached. A
  ``NUMBA_CACHE_DIR`` set by the user is respected as it is.

Generic building blocks that take a *function* as an argument (the ODE steppers of
:mod:`coursekit.numerics.ode`, which take the right-hand side) are decorated with
:func:`inline` instead. Numba cannot cache a compiled function that receives another compiled
function as a run-time value (its address is baked into the machine code), so these blocks are
inlined into the kernel that calls them: a cached kernel such as the Lorenz orbit calls
``rk4_step(lorenz_rhs, ...)`` with the right-hand side named directly, and the whole kernel,
stepper included, is compiled once and cached. :func:`python` returns the plain-Python body of
a decorated function, which runs on NumPy arrays or PyTorch tensors.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import types
from pathlib import Path

JIT_DISABLED = os.environ.get("COURSEKIT_DISABLE_JIT", "0").lower() in {"1", "true", "yes"}

_PACKAGE_DIR = Path(__file__).resolve().parent


def source_hash(package_dir: Path = _PACKAGE_DIR) -> str:
    """A short hash of every ``.py`` file of the package (names and contents).

    Parameters
    ----------
    package_dir : Path
        The package folder.

    Returns
    -------
    str
        16 hexadecimal digits.

    Raises
    ------
    OSError
        If a source file cannot be read.

    Examples
    --------
    >>> len(source_hash())
    16
    """
    digest = hashlib.sha256()
    for path in sorted(Path(package_dir).rglob("*.py")):
        digest.update(str(path.relative_to(package_dir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _writable(folder: Path) -> bool:
    """Whether ``folder`` exists (or can be made) and a file can be written in it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".probe-{os.getpid()}"
        probe.touch()
        probe.unlink()
        return True
    except OSError:
        return False


def _candidates(package_dir: Path):
    """Where the cache may live, best first (lazily: a later one is looked at only when the
    earlier ones are not writable): the package's ``__pycache__``; else, one folder per
    installation (two installs never clear each other's) in ``~/.cache/coursekit``, else in the
    system's temporary folder."""
    where = hashlib.sha256(str(package_dir.resolve()).encode()).hexdigest()[:12]
    yield package_dir / "__pycache__"
    try:
        yield Path.home() / ".cache" / "coursekit" / where
    except (RuntimeError, KeyError):     # no home folder at all
        pass
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    private = Path(tempfile.gettempdir()) / f"coursekit-{uid}"
    if _private(private):       # a shared folder: only one made and owned by this user
        yield private / where


def _private(folder: Path) -> bool:
    """Whether ``folder`` is (or is now made) a folder of this user's alone: in a shared
    temporary folder, another user could otherwise plant cache files that Numba would load."""
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return False
    owner = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return owner and folder.is_dir() and not folder.is_symlink() and not info.st_mode & 0o077


def cache_dir(package_dir: Path = _PACKAGE_DIR, environ=os.environ, bases=None) -> str | None:
    """The Numba cache folder for this version of the source.

    The first writable one of ``bases`` (by default the package's ``__pycache__``, then
    ``~/.cache/coursekit/...``, then the temporary folder); each is checked by writing a file.

    Parameters
    ----------
    package_dir : Path
        The package folder.
    environ : mapping
        The environment (``NUMBA_CACHE_DIR`` there wins).
    bases : sequence of Path, optional
        The candidate parent folders, best first.

    Returns
    -------
    str or None
        The folder; ``None`` if the user chose one (``NUMBA_CACHE_DIR``); ``""`` if no
        candidate is writable (kernels are then compiled in every process, uncached).

    Raises
    ------
    OSError
        If a source file cannot be read.

    Examples
    --------
    >>> cache_dir(environ={"NUMBA_CACHE_DIR": "/elsewhere"}) is None
    True
    >>> cache_dir(environ={}, bases=[Path("/dev/null/cannot")])
    ''
    """
    if "NUMBA_CACHE_DIR" in environ:
        return None
    package_dir = Path(package_dir)
    for base in (_candidates(package_dir) if bases is None else bases):
        folder = Path(base) / f"numba-{source_hash(package_dir)}"
        if _writable(folder):
            return str(folder)
    return ""


def _forget_old_caches(current: str) -> None:
    """Remove this installation's cache folders of earlier versions of its source (best
    effort; the folders of other installations live elsewhere)."""
    here = Path(current)
    for old in here.parent.glob("numba-*"):
        if old != here:
            shutil.rmtree(old, ignore_errors=True)


#: Whether the user chose the Numba cache folder (``NUMBA_CACHE_DIR``) before coursekit loaded.
USER_CACHE_DIR = "NUMBA_CACHE_DIR" in os.environ

#: Whether compiled kernels are cached on disk (False only when no folder is writable).
CACHE = True
if _cache := cache_dir():
    os.environ["NUMBA_CACHE_DIR"] = _cache
    _forget_old_caches(_cache)
elif _cache == "":
    CACHE = False

import numba  # noqa: E402  (the cache folder must be set before Numba reads its config)

__all__ = ["cache_dir", "copy_into", "inline", "njit", "python", "source_hash"]

if "NUMBA_CACHE_DIR" in os.environ and numba.config.CACHE_DIR != os.environ["NUMBA_CACHE_DIR"]:
    numba.config.reload_config()


def njit(*args, **kwargs):
    """Compile with ``numba.njit(cache=True, ...)`` unless ``COURSEKIT_DISABLE_JIT`` is set.

    Use it bare (``@njit``) or with Numba options (``@njit(parallel=True)``).

    Parameters
    ----------
    *args, **kwargs
        The function (bare use) and Numba options.

    Returns
    -------
    numba.core.registry.CPUDispatcher or callable
        The compiled function (the plain function when JIT is disabled), or a decorator.

    Raises
    ------
    numba.core.errors.TypingError
        At the first call, if Numba cannot compile the function.

    Examples
    --------
    >>> @njit(cache=False)        # cache=True needs a source file; a doctest has none
    ... def twice(x):
    ...     return 2 * x
    >>> twice(21)
    42
    """
    kwargs.setdefault("cache", CACHE)
    if JIT_DISABLED:
        if len(args) == 1 and callable(args[0]) and not kwargs.keys() - {"cache"}:
            return args[0]
        return lambda func: func
    return numba.njit(*args, **kwargs)


def inline(func):
    """Compile ``func`` with ``numba.njit(inline="always")`` (see the module docstring).

    A generic building block that takes functions as arguments is inlined into (and cached
    with) every kernel that calls it. Plain Python when ``COURSEKIT_DISABLE_JIT`` is set.

    Parameters
    ----------
    func : callable
        The building block.

    Returns
    -------
    numba.core.registry.CPUDispatcher or callable

    Raises
    ------
    numba.core.errors.TypingError
        When a kernel that calls it cannot be compiled.

    Examples
    --------
    >>> @inline
    ... def apply(f, x):
    ...     return f(x)
    >>> python(apply)(abs, -3)
    3
    """
    if JIT_DISABLED:
        return func
    return numba.njit(inline="always")(func)


def python(func):
    """The plain-Python version of a compiled function, for NumPy arrays or PyTorch tensors.

    The compiled functions it calls (by global name, or captured in a closure) are replaced by
    their plain-Python versions too, recursively, so that a generic stepper such as
    :func:`coursekit.numerics.ode.rk4_solve` runs entirely in Python with a Python right-hand
    side.

    Parameters
    ----------
    func : callable
        A compiled function (or a plain one, returned as it is).

    Returns
    -------
    callable

    Raises
    ------
    TypeError
        Never for a callable; non-callables are returned unchanged.

    Examples
    --------
    >>> from coursekit.numerics.ode import rk4_step
    >>> python(rk4_step)(lambda t, x, a: (1.0,), 0.0, (0.0,), 0.5, None)
    (0.5,)
    """
    plain = getattr(func, "py_func", func)
    if plain is func or not isinstance(plain, types.FunctionType):
        return func
    if plain not in _PYTHON:
        namespace = dict(plain.__globals__)
        closure = plain.__closure__
        if closure is not None:   # a generated function: its captured kernels become Python too
            closure = tuple(types.CellType(_plain_value(c.cell_contents)) for c in closure)
        clone = types.FunctionType(plain.__code__, namespace, plain.__name__,
                                   plain.__defaults__, closure)
        clone.__doc__, clone.__wrapped__ = plain.__doc__, func
        _PYTHON[plain] = clone           # registered first: recursion ends here
        for name, value in plain.__globals__.items():
            if isinstance(value, numba.core.dispatcher.Dispatcher):
                namespace[name] = python(value)
    return _PYTHON[plain]


_PYTHON: dict = {}


def _plain_value(value):
    return python(value) if isinstance(value, numba.core.dispatcher.Dispatcher) else value


@njit
def copy_into(dst, src):
    """``dst[:] = src`` for 1-D arrays, element by element, inside kernels.

    Numba's broadcasting slice assignment compiles a shape-mismatch error message whose
    compilation alone took ~1.3 s per kernel on a cold cache (Numba 0.68); this loop compiles in
    milliseconds and runs as fast.

    Parameters
    ----------
    dst : ndarray
        Destination (at least as long as ``src``).
    src : ndarray
        Source.

    Returns
    -------
    None

    Examples
    --------
    >>> import numpy as np
    >>> a = np.zeros(3)
    >>> copy_into(a, np.arange(3.0))
    >>> a
    array([0., 1., 2.])
    """
    for i in range(src.shape[0]):
        dst[i] = src[i]
