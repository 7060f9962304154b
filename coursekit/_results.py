"""One convention for results: frozen dataclasses with read-only arrays, time first.

Every public computation returns a subclass of :class:`Result` (a fixed pair of numbers comes as
a ``NamedTuple`` instead, so that it still unpacks). The rules:

* **Names.** ``t`` holds the recording times, shape ``(n_times,)``; ``x`` holds the state at
  those times, **time first**: ``(n_times, n_state)``, or ``(n_times, n_runs, n_state)`` for an
  ensemble, or ``(n_times, n_points)`` for a field sampled on a spatial ``grid`` (a field is the
  state of a PDE, so it is ``x`` too; the positions are always called ``grid``, never ``x``).
  Observables keep their own names (``density``, ``energy``, ``exponents``).
* **Metadata** lives in three keyword fields shared by all results: ``method`` (the method,
  in words), ``stats`` (a read-only mapping of what the solver did: steps taken, the step actually
  used, events, attempts; never a sentinel) and ``message`` (a note for the reader, e.g. that a
  Leslie matrix is imprimitive; empty when there is nothing to say).
* **Immutability.** Results are frozen; their arrays are read-only copies that share memory
  with nothing the caller holds (their write flag cannot be turned back on; arrays a function
  allocated itself are handed over with :func:`owned`, without a copy), and dict fields are
  read-only mappings: a result can be shared, cached and pickled to worker processes safely.
  ``np.array(result.x)`` gives a writable copy.
* **Labelled grids** convert to :mod:`xarray` with :meth:`Trajectory.to_xarray` (xarray is imported
  only then).
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from coursekit.errors import InputError

__all__ = ["Ensemble", "Result", "Trajectory", "owned", "require_xarray"]


class _Owned:
    """An array handed over to a result by the code that allocated it (see :func:`owned`)."""

    __slots__ = ("array",)

    def __init__(self, array: np.ndarray):
        self.array = array


def owned(array: np.ndarray) -> _Owned:
    """Hand an array that nobody else holds over to a result, to be frozen without a copy.

    Results copy the arrays they are given, so that they share memory with nothing the caller
    holds; a function that allocated an array itself (a large ensemble, say) wraps it in
    ``owned`` to skip that copy. Only for arrays the caller will not touch again.

    Parameters
    ----------
    array : ndarray
        A freshly allocated array (or a view of one: its memory is frozen too).

    Returns
    -------
    _Owned
        A wrapper that :class:`Result` unwraps.

    Raises
    ------
    InputError
        If ``array`` is not a NumPy array.

    Examples
    --------
    >>> import numpy as np
    >>> out = np.zeros((2, 1))
    >>> r = Trajectory(t=np.arange(2.0), x=owned(out))
    >>> np.shares_memory(r.x, out), r.x.flags.writeable
    (True, False)
    """
    if not isinstance(array, np.ndarray):
        raise InputError(f"owned() takes a NumPy array; got {type(array).__name__}")
    return _Owned(array)


def _frozen(value):
    """A read-only copy of an array (a view of a private, read-only base, so that its write flag
    cannot be set again; no copy for an :func:`owned` array); dicts become read-only mappings,
    lists of arrays tuples."""
    if isinstance(value, _Owned):
        memory = value.array
        while isinstance(memory.base, np.ndarray):
            memory = memory.base
        memory.setflags(write=False)
        value.array.setflags(write=False)
        view = value.array.view()
        view.setflags(write=False)
        return view
    if isinstance(value, np.ndarray):
        base = np.array(value, copy=True)
        base.setflags(write=False)
        view = base.view()
        view.setflags(write=False)
        return view
    if isinstance(value, dict):
        return types.MappingProxyType({k: _frozen(v) for k, v in value.items()})
    if isinstance(value, list) and value and all(isinstance(v, np.ndarray) for v in value):
        return tuple(_frozen(v) for v in value)
    return value


@dataclass(frozen=True, eq=False)
class Result:
    """Base of every result: read-only arrays plus ``method``, ``stats`` and ``message``.

    Parameters
    ----------
    method : str
        The method that produced the result, in words.
    stats : mapping
        What the computation did (steps, the step used, events, ...); stored read-only.
    message : str
        A note for the reader; empty when there is nothing to say.

    Examples
    --------
    >>> import numpy as np
    >>> r = Trajectory(t=np.arange(3.0), x=np.zeros((3, 1)), method="demo", stats={"n": 3})
    >>> r.x.flags.writeable, r.stats["n"]
    (False, 3)
    """

    method: str = field(default="", kw_only=True)
    stats: Mapping[str, Any] = field(default_factory=dict, kw_only=True)
    message: str = field(default="", kw_only=True)

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "stats":
                value = dict(value)
            value = _frozen(value)
            object.__setattr__(self, f.name, value)

    def __reduce__(self):
        """Pickle (and deep-copy) through the constructor: read-only mappings go as dicts and
        are frozen again on load, so results travel to worker processes."""
        return _rebuild, (type(self), {f.name: _thawed(getattr(self, f.name))
                                       for f in fields(self)})

    def _attrs(self) -> dict:
        """Scalar metadata for xarray attributes (strings and numbers only)."""
        attrs = {"method": self.method, "message": self.message}
        attrs.update({k: v for k, v in self.stats.items()
                      if isinstance(v, (str, int, float, np.integer, np.floating))})
        return attrs


def _thawed(value):
    if isinstance(value, types.MappingProxyType):
        return {k: _thawed(v) for k, v in value.items()}
    return value


def _rebuild(cls, kwargs):
    return cls(**kwargs)


def require_xarray():
    """Import :mod:`xarray`, or explain how to install it.

    Returns
    -------
    module
        The ``xarray`` module.

    Raises
    ------
    ImportError
        If xarray is not installed.

    Examples
    --------
    >>> require_xarray().__name__
    'xarray'
    """
    try:
        import xarray
    except ImportError as err:  # pragma: no cover - xarray is in the test environment
        raise ImportError("to_xarray() needs xarray: pip install xarray") from err
    return xarray


@dataclass(frozen=True, eq=False)
class Trajectory(Result):
    """States of one run at the recording times.

    Attributes
    ----------
    t : ndarray, shape (n_times,)
        Recording times.
    x : ndarray, shape (n_times, n_state)
        The state at those times, time first.
    labels : tuple of str
        Names of the state components (species, prey/predator, x/y/z), possibly empty.

    Examples
    --------
    >>> import numpy as np
    >>> run = Trajectory(t=np.array([0.0, 1.0]), x=np.array([[1.0, 2.0], [3.0, 4.0]]),
    ...                  labels=("prey", "predator"))
    >>> run["predator"]
    array([2., 4.])
    """

    t: np.ndarray
    x: np.ndarray
    labels: tuple[str, ...] = ()

    def __getitem__(self, label: str) -> np.ndarray:
        """The component named ``label`` over time (``result["A"]``).

        Parameters
        ----------
        label : str
            One of :attr:`labels`.

        Returns
        -------
        ndarray
            ``x[..., k]`` for the component ``k`` named ``label``.

        Raises
        ------
        KeyError
            If no component has that name.

        Examples
        --------
        >>> import numpy as np
        >>> Trajectory(t=np.zeros(1), x=np.ones((1, 2)), labels=("a", "b"))["b"]
        array([1.])
        """
        if label not in self.labels:
            raise KeyError(f"no component {label!r}; the components are {self.labels}")
        return self.x[..., self.labels.index(label)]

    def _names(self) -> list[str]:
        n = self.x.shape[-1]
        return list(self.labels) if len(self.labels) == n else [f"x{i}" for i in range(n)]

    def to_xarray(self):
        """The run as an :class:`xarray.Dataset`: one variable per state component.

        Returns
        -------
        xarray.Dataset
            Dimensions ``t`` (and ``run`` for an ensemble); attributes ``method``, ``message``
            and the scalar ``stats``.

        Raises
        ------
        ImportError
            If xarray is not installed.

        Examples
        --------
        >>> import numpy as np
        >>> ds = Trajectory(t=np.arange(3.0), x=np.ones((3, 2)), labels=("a", "b")).to_xarray()
        >>> sorted(ds.data_vars), ds["a"].dims
        (['a', 'b'], ('t',))
        """
        xr = require_xarray()
        dims = ("t",) if self.x.ndim == 2 else ("t", "run")
        coords = {"t": np.asarray(self.t)}
        if self.x.ndim == 3:
            coords["run"] = np.arange(self.x.shape[1])
        data = {name: (dims, np.asarray(self.x[..., k])) for k, name in enumerate(self._names())}
        return xr.Dataset(data, coords=coords, attrs=self._attrs())


@dataclass(frozen=True, eq=False)
class Ensemble(Trajectory):
    """Many independent runs on one time grid: ``x`` has shape ``(n_times, n_runs, n_state)``.

    Attributes
    ----------
    t : ndarray, shape (n_times,)
        Recording times.
    x : ndarray, shape (n_times, n_runs, n_state)
        The states of every run, time first.
    labels : tuple of str
        Names of the state components.

    Examples
    --------
    >>> import numpy as np
    >>> ens = Ensemble(t=np.zeros(1), x=np.array([[[1.0], [3.0]]]))
    >>> ens.mean, ens.n_runs
    (array([[2.]]), 2)
    """

    def __post_init__(self):
        super().__post_init__()
        if self.x.ndim != 3:
            raise InputError(f"an ensemble's x has shape (n_times, n_runs, n_state); "
                             f"got shape {self.x.shape}")

    @property
    def n_runs(self) -> int:
        """The number of runs."""
        return int(self.x.shape[1])

    @property
    def mean(self) -> np.ndarray:
        """Ensemble mean, shape ``(n_times, n_state)``."""
        return self.x.mean(axis=1)

    @property
    def var(self) -> np.ndarray:
        """Ensemble variance (unbiased, ``ddof=1``), shape ``(n_times, n_state)``; it needs at
        least two runs (an ``InputError`` says so otherwise)."""
        if self.n_runs < 2:
            raise InputError("the variance of an ensemble needs at least two runs; "
                             f"this one has {self.n_runs}")
        return self.x.var(axis=1, ddof=1)
