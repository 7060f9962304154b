"""Parameter sweeps, from a laptop to a cluster: one call, Dask underneath, xarray out.

:func:`sweep` evaluates ``func(**params, seed=...)`` at every point of a parameter grid (and
``replicas`` times at each point, with independent random streams) and returns the results as
one labelled :class:`xarray.Dataset`. The same call runs

* **here** — with ``client=None`` (the default) on this machine's cores: a Dask
  ``distributed.LocalCluster`` on the loopback interface, started for the call and stopped
  after it (nothing to install or start by hand). A sweep whose whole work is estimated below
  :data:`SERIAL_BELOW` seconds runs in this process instead, since starting worker processes
  would cost more than it saves;
* **in this process**, one point after another — with ``client="serial"`` (for debugging:
  breakpoints and tracebacks work as usual);
* **on a cluster** — with ``client=`` a ``distributed.Client`` or the address of a running Dask
  scheduler (``"tcp://10.0.0.5:8786"``). Start one with ``distributed.LocalCluster()`` on one
  machine, ``dask scheduler`` on one machine plus ``dask worker tcp://<scheduler>:8786`` on
  each of the others, or ``dask_jobqueue.SLURMCluster`` (PBS, SGE, ...) on an HPC batch system;
  every worker needs coursekit and the modules ``func`` imports.

Three rules make the answer independent of where it ran:

* **Seeds are keyed by position**, never by completion order. Replica ``r`` of grid point ``i``
  (``i`` counts the points in C order: the last parameter varies fastest) receives
  ``SeedSequence(seed).spawn(n_points)[i].spawn(replicas)[r]``, i.e. the seed sequence with
  spawn key ``(i, r)``. Serial, local and cluster runs are therefore bit-identical (given the
  same library versions and CPU type: NumPy's SIMD routines and Numba's machine code can differ
  in the last bit between CPUs); adding replicas keeps the existing ones; the stream of a point
  does not depend on the batch it ran in. Points that run in this process do so with one BLAS
  thread, as Dask's worker processes do.
* **Batches are only a transport.** Cheap points are grouped into tasks of about
  :data:`TASK_SECONDS` (a Dask task costs ~1.5 ms, more than a cheap point), timed on the
  first point(s): they run in this process, or, with a cluster, the first point runs as a task
  on it. ``batch_size`` sets the size instead (and skips the timing). Batches never change what
  a point computes.
* **Nothing finished is lost.** With ``store="path.zarr"`` every finished batch is written to a
  Zarr store as it completes. After an interruption (Ctrl-C, a crashed kernel, a killed
  worker) the same call computes only the missing points; once the store is complete the call
  just loads it. A store written by a different call (another function, function body,
  default or closure value, grid — names, order, values and their types —, ``replicas`` or
  seed) is refused; a change in a global variable that the function reads is not detected.
  The store is written by the calling process, never by the workers. Zarr, not NetCDF: a
  NetCDF/HDF5 file that is being appended to when its writer dies can be left unreadable, while
  a Zarr store keeps every chunk that was written; save the finished dataset with
  ``ds.to_netcdf`` if you want one file.

A point whose function raises is recorded as failed (parameters, replica, error); the others
complete, and the call then raises one :class:`SweepFailed` listing the failures, with the
dataset of the successful points attached (``err.dataset``), or, with ``on_error="flag"``,
returns that dataset with a boolean ``failed`` variable and the ``error`` messages. A worker that
dies is replaced by Dask and its batch re-run elsewhere; if the same batch keeps killing
workers (Dask's ``distributed.scheduler.allowed-failures``, 3 by default), every point of that
batch is recorded as failed (run again with ``batch_size=1`` to find the culprit); Dask counts
each death against every task the dying worker held, so a batch queued behind the culprit
can be recorded as failed too. With a store, the same call retries the failed points. Outputs are
stored as float64 (booleans as booleans, complex numbers as complex128), so that a missing
point can be NaN.

**Numba kernels in workers.** Each worker process compiles a kernel at its first call (or loads
it from Numba's on-disk cache, a few ms) and keeps it for every later point. The cache lives next
to the package's source (``__pycache__``, or ``NUMBA_CACHE_DIR``) and is keyed by the source
file's path and modification time and by the CPU: on a cluster whose machines share the file
system, the first worker to compile writes the cache (atomically) and the others load it; on
machines that do not share it, each machine compiles once per installation. Point
``NUMBA_CACHE_DIR`` at a writable folder where the package folder is read-only.

Scripts that run a sweep on worker processes need the usual guard of Python's multiprocessing,
``if __name__ == "__main__":``, around the call (notebooks and ``python -c`` do not).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import inspect
import json
import logging
import math
import numbers
import os
import signal
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from coursekit import _progress, _random
from coursekit.errors import CourseKitError, InputError

__all__ = ["SERIAL_BELOW", "TASK_SECONDS", "SweepFailed", "sweep"]

#: Target duration of one task (seconds): cheap points are batched up to about this much work.
TASK_SECONDS = 0.2
#: With ``client=None``, a sweep whose remaining work is estimated below this many seconds runs
#: in this process: starting the local cluster's worker processes costs about this much.
SERIAL_BELOW = 2.0
#: The first points run here until this much time has passed (or :data:`_PROBE_MAX` points),
#: to time a point after its first call, which may include compilation.
_PROBE_SECONDS = 0.05
_PROBE_MAX = 100
_STATUS_MISSING, _STATUS_DONE, _STATUS_FAILED = 0, 1, 2
_RESERVED = ("seed", "replica", "point")
#: How long to wait for a scheduler given by its address.
_CONNECT_TIMEOUT = "10s"
#: Prefix of the error recorded for a point whose return value is not a valid output.
_BAD_OUTPUT = "bad output: "


class SweepFailed(CourseKitError, RuntimeError):
    """Some points of a sweep raised; the others were computed (and stored).

    Attributes
    ----------
    failures : list of dict
        One entry per failed point: its parameters, ``replica`` and ``error``.
    dataset : xarray.Dataset
        The sweep's results with the failed points flagged (as with ``on_error="flag"``).

    Examples
    --------
    >>> err = SweepFailed("1 of 4 points failed", [{"x": 2, "replica": 0, "error": "boom"}])
    >>> err.failures[0]["x"]
    2
    """

    def __init__(self, message: str, failures: list | None = None, dataset=None):
        super().__init__(message)
        self.failures = list(failures or [])
        self.dataset = dataset

    def __reduce__(self):
        return (type(self), (str(self), self.failures, self.dataset))


# ---- the grid ------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Grid:
    names: tuple          # parameter names
    axes: tuple | None    # product grid: one tuple of values per name; None for a list
    rows: tuple | None    # list grid: one tuple of values per point
    replicas: int

    @property
    def shape(self) -> tuple:
        return tuple(len(a) for a in self.axes) if self.axes is not None else (len(self.rows),)

    @property
    def n_points(self) -> int:
        return math.prod(self.shape)

    def params(self, i: int) -> dict:
        if self.axes is None:
            return dict(zip(self.names, self.rows[i], strict=True))
        index = np.unravel_index(i, self.shape)
        return {name: axis[j] for name, axis, j in zip(self.names, self.axes, index, strict=True)}

    def describe(self) -> dict:
        if self.axes is not None:
            return {"product": {n: list(a) for n, a in zip(self.names, self.axes, strict=True)}}
        return {"points": [dict(zip(self.names, row, strict=True)) for row in self.rows]}


def _value(name: str, value):
    """One grid value as a plain Python number or string."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool | str | numbers.Integral):
        return value if isinstance(value, bool | str) else int(value)
    if isinstance(value, numbers.Real):
        if not math.isfinite(value):
            raise InputError(f"grid values must be finite; parameter {name!r} has {value!r}")
        return float(value)
    raise InputError(f"grid values must be numbers, booleans or strings; parameter {name!r} "
                     f"has {value!r} of type {type(value).__name__}")


def _name(name) -> str:
    if not isinstance(name, str) or not name.isidentifier():
        raise InputError(f"parameter names must be valid Python identifiers; got {name!r}")
    if name in _RESERVED:
        raise InputError(f"{name!r} cannot be a parameter name: the sweep uses it "
                         f"(reserved: {', '.join(_RESERVED)})")
    return name


def _same_kind(name: str, values) -> None:
    kinds = {"strings" if isinstance(v, str) else "booleans" if isinstance(v, bool) else "numbers"
             for v in values}
    if len(kinds) > 1:
        raise InputError(f"parameter {name!r} mixes {' and '.join(sorted(kinds))}; give "
                         "values of one kind")


def _grid(grid, replicas) -> _Grid:
    if isinstance(replicas, bool) or not isinstance(replicas, numbers.Integral) or replicas < 1:
        raise InputError(f"replicas must be a positive integer; got {replicas!r}")
    if isinstance(grid, Mapping):
        if not grid:
            raise InputError("the grid is empty: give at least one parameter, e.g. "
                             "grid={'lam': [3.0, 3.3, 3.6]}")
        names, axes = [], []
        for name, values in grid.items():
            names.append(_name(name))
            try:
                ndim = np.ndim(values)
            except ValueError:                                     # ragged nested lists
                ndim = -1
            if isinstance(values, str | bytes) or ndim != 1:
                raise InputError(f"grid[{name!r}] must be a 1-D list or array of values; got "
                                 f"{values!r}")
            axis = tuple(_value(name, v) for v in (values.tolist() if isinstance(values, np.ndarray)
                                                   else values))
            if not axis:
                raise InputError(f"grid[{name!r}] is empty: give at least one value")
            if len(set(axis)) < len(axis):
                raise InputError(f"grid[{name!r}] repeats a value; each value labels one row "
                                 "of the result (use replicas= for repeated runs)")
            _same_kind(name, axis)
            axes.append(axis)
        return _Grid(tuple(names), tuple(axes), None, int(replicas))
    if isinstance(grid, Sequence) and not isinstance(grid, str | bytes):
        if not grid:
            raise InputError("the grid is empty: give at least one parameter dict")
        if not all(isinstance(row, Mapping) for row in grid):
            raise InputError("a list grid must hold one dict of parameters per point; got "
                             f"{next(r for r in grid if not isinstance(r, Mapping))!r}")
        names = tuple(_name(n) for n in grid[0])
        rows = []
        for k, row in enumerate(grid):
            if tuple(row) != names:
                raise InputError(f"every point of a list grid must name the same parameters, "
                                 f"in the same order: point 0 has {list(names)}, point {k} has "
                                 f"{list(row)}")
            rows.append(tuple(_value(n, row[n]) for n in names))
        for j, n in enumerate(names):
            _same_kind(n, [r[j] for r in rows])
        if not names:
            raise InputError("the points of a list grid name no parameter")
        return _Grid(names, None, tuple(rows), int(replicas))
    raise InputError("grid must be a dict {name: 1-D values} (full product) or a list of "
                     f"parameter dicts; got {type(grid).__name__}")


# ---- the function ---------------------------------------------------------------------------

def _call_plan(func, names) -> tuple[bool, str]:
    """Whether ``func`` takes ``seed``, and the name of a scalar output."""
    if not callable(func):
        raise InputError(f"func must be callable; got {func!r}")
    base = func
    while isinstance(base, functools.partial):
        base = base.func
    out_name = getattr(base, "__name__", "value")
    if not out_name.isidentifier() or out_name in names or out_name in _RESERVED:
        out_name = "value"
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):          # a builtin without a signature: pass the seed
        return True, out_name
    params = sig.parameters
    takes_seed = "seed" in params or any(p.kind is p.VAR_KEYWORD for p in params.values())
    try:
        sig.bind(**dict.fromkeys(names), **({"seed": None} if takes_seed else {}))
    except TypeError as err:
        call = ", ".join([*(f"{n}=..." for n in names), *(["seed=..."] if takes_seed else [])])
        raise InputError(f"{_qualname(func)} cannot be called as func({call}): {err}. Its "
                         "parameters must be named like the grid's") from None
    return takes_seed, out_name


def _qualname(func) -> str:
    base = func
    while isinstance(base, functools.partial):
        base = base.func
    return f"{getattr(base, '__module__', '?')}.{getattr(base, '__qualname__', repr(base))}"


def _fingerprint(func) -> str:
    """A hash of what ``func`` computes: its source code (or name), the values of its default
    arguments and closure, and a partial's arguments. Global variables it reads are not
    included (a changed global is not detected)."""
    if isinstance(func, functools.partial):
        parts = [_fingerprint(func.func), *map(_value_text, func.args),
                 *(f"{k}={_value_text(v)}" for k, v in sorted(func.keywords.items()))]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]
    try:
        text = inspect.getsource(func)
    except (OSError, TypeError):
        text = _qualname(func)
    values = [*(getattr(func, "__defaults__", None) or ()),
              *(getattr(func, "__kwdefaults__", None) or {}).values()]
    for cell in getattr(func, "__closure__", None) or ():
        with contextlib.suppress(ValueError):                  # an empty cell
            values.append(cell.cell_contents)
    text = "|".join([text, *map(_value_text, values)])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _value_text(value) -> str:
    """A stable text for a value a function depends on (stable across sessions: no ids)."""
    if isinstance(value, np.ndarray):
        return f"array{value.shape}{value.dtype}:" + hashlib.sha256(value.tobytes()).hexdigest()
    if value is None or isinstance(value, bool | numbers.Number | str | bytes):
        return repr(value)
    if isinstance(value, tuple | list):
        return "[" + ",".join(map(_value_text, value)) + "]"
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{k!r}:{_value_text(v)}" for k, v in value.items()) + "}"
    if callable(value):
        return _fingerprint(value)
    return type(value).__qualname__


def _check_picklable(func) -> None:
    import cloudpickle

    try:
        cloudpickle.dumps(func)
    except Exception as err:                                 # noqa: BLE001 - any pickling failure
        raise InputError(f"{_qualname(func)} cannot be sent to worker processes ({err}). "
                         "Define the function at module level or in a notebook cell, without "
                         "open files, locks or generators in its closure, or run it here with "
                         "client='serial'") from None


# ---- one batch: what a worker runs ----------------------------------------------------------

def _seed(root: tuple, i: int, r: int) -> np.random.SeedSequence:
    """``root.spawn(n)[i].spawn(replicas)[r]``, built directly: ``root`` is
    ``(entropy, spawn_key, pool_size, n_children_spawned)`` of the root sequence."""
    entropy, key, pool_size, spawned = root
    return np.random.SeedSequence(entropy, spawn_key=(*key, spawned + i, r), pool_size=pool_size)


def _outputs(value, out_name: str) -> tuple[dict, dict]:
    """A function's return value as ``({name: (dims, array)}, {coord: (dims, array)})``."""
    if hasattr(value, "to_xarray") and not hasattr(value, "data_vars") and not hasattr(value, "dims"):
        value = value.to_xarray()
    if hasattr(value, "dims") and hasattr(value, "to_dataset") and not hasattr(value, "data_vars"):
        value = value.to_dataset(name=value.name if value.name is not None else out_name)
    if hasattr(value, "data_vars"):                                  # an xarray.Dataset
        data = {str(k): (tuple(map(str, v.dims)), _numeric(k, v.values))
                for k, v in value.data_vars.items()}
        coords = {str(k): (tuple(map(str, c.dims)), np.asarray(c.values))
                  for k, c in value.coords.items()}
        return data, coords
    if isinstance(value, Mapping):
        data = {}
        for k, v in value.items():
            if not isinstance(k, str) or not k.isidentifier():
                raise InputError(f"output names must be identifiers; got {k!r}")
            if hasattr(v, "dims") and hasattr(v, "values"):
                data[k] = (tuple(map(str, v.dims)), _numeric(k, v.values))
            else:
                arr = _numeric(k, v)
                data[k] = (tuple(f"{k}_dim{j}" for j in range(arr.ndim)), arr)
        return data, {}
    arr = _numeric(out_name, value)
    return {out_name: (tuple(f"{out_name}_dim{j}" for j in range(arr.ndim)), arr)}, {}


def _numeric(name, value) -> np.ndarray:
    arr = np.asarray(value)
    if arr.dtype.kind not in "biufc":
        raise InputError(f"output {name!r} must be a number or a numeric array; got "
                         f"{type(value).__name__} of dtype {arr.dtype}")
    return arr


def _describe(err: BaseException) -> str:
    text = f"{type(err).__name__}: {err}"
    tb = err.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is not None:
        code = tb.tb_frame.f_code
        text += f" (in {code.co_name}, {os.path.basename(code.co_filename)}:{tb.tb_lineno})"
    return text


def _run_batch(func, tasks, root, takes_seed, out_name, sink=None):
    """Run ``tasks`` = [(k, i, r, params)]; return [(k, outputs or None, error or None)].

    Exceptions of ``func`` become failure records; ``KeyboardInterrupt`` and ``SystemExit``
    pass (what finished stays in ``sink``, when given)."""
    out = [] if sink is None else sink
    for k, i, r, params in tasks:
        kwargs = dict(params)
        if takes_seed:
            kwargs["seed"] = _seed(root, i, r)
        try:
            value = func(**kwargs)
        except Exception as err:                    # noqa: BLE001 - recorded, reported at the end
            out.append((k, None, _describe(err)))
            continue
        try:
            out.append((k, _outputs(value, out_name), None))
        except InputError as err:
            out.append((k, None, f"{_BAD_OUTPUT}{err}"))
    return out


# ---- collecting results: in memory, and in a Zarr store --------------------------------------

class _Collector:
    """Results of every point (flat index ``k = i * replicas + r``), in memory and in a store."""

    def __init__(self, n: int, store, identity: dict, reserved=()):
        self.n = n
        self.reserved = (*reserved, "replica", "point")
        self.status = np.zeros(n, np.int8)
        self.errors: dict[int, str] = {}
        self.schema: dict | None = None         # name -> (dims, shape, dtype)
        self.coords: dict = {}
        self.data: dict = {}
        self.group = None
        if store is not None:
            self._open(os.fspath(store), identity)

    # -- the store
    def _open(self, path: str, identity: dict) -> None:
        import zarr

        if os.path.exists(path):
            try:
                zarr.open_group(path, mode="r")
                group = zarr.open_group(path, mode="a")
                stored = group.attrs.get("coursekit_sweep")
            except Exception as err:                          # noqa: BLE001 - not a Zarr group
                raise InputError(f"store {path!r} exists and is not a sweep's Zarr store "
                                 f"({type(err).__name__}); give a new path") from None
            if stored is None:
                raise InputError(f"store {path!r} exists and was not written by sweep(); give "
                                 "a new path")
            # compared as JSON text: the order of the parameters and the types of the
            # values (1 and 1.0, True and 1) matter, since they decide each point's index
            differ = [key for key in identity
                      if json.dumps(stored.get(key)) != json.dumps(identity[key])]
            if differ:
                detail = "; ".join(f"{key}: {_short(stored.get(key))} in the store, "
                                   f"{_short(identity[key])} now" for key in differ)
                raise InputError(f"store {path!r} was written by a different sweep ({detail}). "
                                 "Its results cannot be mixed with this call's: use a new store "
                                 "path, or delete the old one to start again")
            self.group = group
            self.status[:] = group["status"][:]
            self.status[self.status == _STATUS_FAILED] = _STATUS_MISSING     # retried
            if "outputs" in group.attrs and "coords" in group.attrs:
                self.schema = {k: (tuple(d), tuple(s), np.dtype(t))
                               for k, (d, s, t) in group.attrs["outputs"].items()}
                self.coords = {k: (tuple(d), np.asarray(group[f"coord_{k}"][:]))
                               for k, d in group.attrs["coords"].items()}
            return
        group = zarr.open_group(path, mode="w")
        group.attrs["coursekit_sweep"] = identity
        group.create_array("status", shape=(self.n,), dtype="i1", fill_value=0,
                           chunks=(min(self.n, 1 << 16),), dimension_names=("point",))
        self.group = group

    def _create_arrays(self) -> None:
        """The output arrays first, then the attributes that announce them: a store
        interrupted in between has no schema yet and is completed by the next call."""
        group = self.group
        with _no_interrupt():
            for k, (d, v) in self.coords.items():
                group.create_array(f"coord_{k}", data=v, dimension_names=d, overwrite=True)
            for k, (d, s, t) in self.schema.items():
                per_chunk = max(1, min(self.n, (1 << 20) // max(1, t.itemsize * math.prod(s))))
                group.create_array(f"var_{k}", shape=(self.n, *s), dtype=t,
                                   chunks=(per_chunk, *s), fill_value=_fill(t),
                                   dimension_names=("point", *d), overwrite=True)
            group.attrs["coords"] = {k: list(d) for k, (d, _) in self.coords.items()}
            group.attrs["outputs"] = {k: [list(d), list(s), t.str] for k, (d, s, t)
                                      in self.schema.items()}

    @property
    def missing(self) -> np.ndarray:
        return np.flatnonzero(self.status == _STATUS_MISSING)

    # -- adding results
    def add(self, records) -> None:
        if not records:
            return
        done, failed = [], []
        for k, out, error in records:
            if error is None:
                try:
                    self._check(out)
                except InputError as err:
                    error = f"{_BAD_OUTPUT}{err}"
            if error is None:
                for name, (_, arr) in out[0].items():
                    self.data.setdefault(name, {})[k] = arr
                done.append(k)
                self.status[k] = _STATUS_DONE
            else:
                failed.append(k)
                self.errors[k] = error
                self.status[k] = _STATUS_FAILED
        if self.group is not None:
            with _no_interrupt():
                self._write(done, failed)

    def _check(self, out) -> None:
        data, coords = out
        schema = {k: (d, a.shape, a.dtype) for k, (d, a) in data.items()}
        if self.schema is None:
            taken = set(self.reserved)
            clash = sorted(taken & ({*schema, *coords} | {x for d, _, _ in schema.values()
                                                          for x in d}))
            if clash:
                raise InputError(f"output names or dimensions {clash} clash with the sweep's own "
                                 f"dimensions {sorted(taken)}: rename them")
            self.schema = {k: (d, s, _storage_dtype(t)) for k, (d, s, t) in schema.items()}
            self.coords = coords
            if self.group is not None:
                self._create_arrays()
            return
        if set(schema) != set(self.schema):
            raise InputError(f"the function returned outputs {sorted(schema)} here and "
                             f"{sorted(self.schema)} at the first point: every point must "
                             "return the same outputs")
        for k, (d, s, t) in schema.items():
            d0, s0, t0 = self.schema[k]
            if s != s0 or d != d0:
                raise InputError(f"output {k!r} has shape {s} here and {s0} at the first "
                                 "point: every point must return arrays of the same shape")
            if not np.can_cast(t, t0, "same_kind"):
                raise InputError(f"output {k!r} is {t} here and {t0} at the first point: "
                                 "return the same kind (boolean, real or complex) everywhere")
        for k, (_, v) in coords.items():
            if k in self.coords and not np.array_equal(v, self.coords[k][1]):
                raise InputError(f"coordinate {k!r} of the output differs from the first "
                                 "point's: every point must return values on the same grid")

    def _write(self, done, failed) -> None:
        group = self.group
        if done:
            idx = np.array(done)
            for name in self.schema:
                group[f"var_{name}"].oindex[idx] = np.stack([self.data[name][k] for k in done])
            group["status"].oindex[idx] = _STATUS_DONE
        if failed:
            group["status"].oindex[np.array(failed)] = _STATUS_FAILED
            errors = dict(group.attrs.get("failures", {}))
            errors.update({str(k): self.errors[k] for k in failed})
            group.attrs["failures"] = errors

    # -- the dataset
    def arrays(self) -> dict:
        """Every output as one array over the flat points (NaN where missing or failed)."""
        out = {}
        for name, (_, shape, dtype) in self.schema.items():
            ok = self.status == _STATUS_DONE
            if self.group is not None:
                arr = np.asarray(self.group[f"var_{name}"][:])
            else:
                arr = np.full((self.n, *shape), _fill(dtype), dtype)
                for k, v in self.data[name].items():
                    arr[k] = v
            if not ok.all() and dtype.kind == "b":
                arr = arr.astype(float)
            if not ok.all():
                arr[~ok] = np.nan
            out[name] = arr
        return out


def _storage_dtype(t: np.dtype) -> np.dtype:
    """Booleans stay booleans; every other real number is stored as float64 (so that a point
    returning 1 and another returning 1.5 fit one array, and missing points can be NaN)."""
    return np.dtype({"b": "?", "c": "c16"}.get(t.kind, "f8"))


def _fill(t: np.dtype):
    return {"b": False, "i": 0, "u": 0}.get(t.kind, np.nan)


def _short(value) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


@contextlib.contextmanager
def _no_interrupt():
    """Hold Ctrl-C while a batch is written, so that a store is never left half-written."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught = []
    previous = signal.signal(signal.SIGINT, lambda *args: caught.append(args))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:                                   # now act on it, as the handler would have
            if callable(previous):
                previous(*caught[0])
            elif previous != signal.SIG_IGN:
                raise KeyboardInterrupt


# ---- engines --------------------------------------------------------------------------------

def _batches(tasks: list, size: int) -> list[list]:
    return [tasks[j:j + size] for j in range(0, len(tasks), size)]


def _run_serial(batches, run, collector, bar) -> None:
    for batch in batches:
        sink = []
        try:
            run(batch, sink)
        finally:
            collector.add(sink)
            bar.update(len(sink))


@contextlib.contextmanager
def _local_client(n_workers: int):
    """A ``LocalCluster`` on 127.0.0.1 (one single-threaded worker process per core)."""
    from distributed import Client, LocalCluster

    try:
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address="127.0.0.1:0",
                               silence_logs=logging.CRITICAL,
                               env={"NUMBA_NUM_THREADS": "1"})
    except RuntimeError as err:
        raise RuntimeError(f"could not start the local Dask workers ({err}). In a script, run "
                           "the sweep under `if __name__ == \"__main__\":` (worker processes "
                           "re-import the script), or pass client='serial'") from err
    try:
        with Client(cluster) as client:
            yield client
    finally:
        cluster.close()


@contextlib.contextmanager
def _connect(client):
    if isinstance(client, str):
        from distributed import Client

        try:
            c = Client(client, timeout=_CONNECT_TIMEOUT)
        except OSError as err:
            raise ConnectionError(f"no Dask scheduler answered at {client!r} ({err}). Start one "
                                  "with `dask scheduler` (and workers with `dask worker "
                                  f"{client}`), or pass a distributed.Client") from err
        with c:
            yield c
        return
    yield client


def _run_dask(client, batches, func, args, collector, bar) -> None:
    from distributed import as_completed

    token = hashlib.sha256(os.urandom(8)).hexdigest()[:12]
    futures = {}
    for b, batch in enumerate(batches):
        fut = client.submit(_run_batch, func, batch, *args, key=f"coursekit-sweep-{token}-{b}",
                            pure=False)
        futures[fut.key] = (fut, batch)
    try:
        for fut in as_completed([f for f, _ in futures.values()]):
            batch = futures[fut.key][1]
            try:
                # a "lost" future finished, but its worker died before we fetched the result:
                # Dask recomputes it elsewhere, and result() waits for that (as it waits for any
                # pending task, also on a cluster left without workers)
                records = fut.result()
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as err:           # noqa: BLE001 - the task's own error too
                if not isinstance(err, Exception) and fut.status != "error":
                    raise                          # the client itself is shutting down
                records = [(k, None, "the batch of this point failed on the cluster: "
                            + _describe(err))
                           for k, *_ in batch]
            del futures[fut.key]
            collector.add(records)
            bar.update(len(records))
            fut.release()
    finally:
        if futures:
            client.cancel([f for f, _ in futures.values()])


def _workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:                       # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


# ---- the public call ------------------------------------------------------------------------

def sweep(func, grid, *, replicas: int = 1, seed=None, client=None, store=None,
          batch_size: int | None = None, on_error: str = "raise", progress: bool | None = None):
    """Evaluate ``func`` over a parameter grid, here or on a Dask cluster; results as xarray.

    Each point calls ``func(**params, seed=s)`` (``seed`` only if ``func`` takes it), where
    ``s`` is the :class:`numpy.random.SeedSequence` of the point and replica (see the module
    docstring for the rule), which every stochastic coursekit function accepts as its
    ``seed``. See the module docstring for the engines, the store and the Numba cache.

    Parameters
    ----------
    func : callable
        Returns a number, a numeric array, a dict of those (or of ``xarray.DataArray``), or a
        result object with ``to_xarray()`` (every coursekit trajectory). Every point must
        return the same outputs with the same shapes (and the same non-grid coordinates).
    grid : dict or list of dict
        ``{name: 1-D values}``: every combination (C order, the last name fastest); the result
        has one dimension per name. Or a list of parameter dicts, one per point: the result
        has a dimension ``point`` with the parameters as coordinates along it. Values are
        numbers, booleans or strings; the names are ``func``'s keyword arguments.
    replicas : int, optional
        Independent runs per point (dimension ``replica`` of the result, always present).
    seed : int, SeedSequence or None, optional
        Root of every point's stream; ``None`` draws fresh entropy, recorded in the result's
        attributes (and taken from the store when resuming). A ``Generator`` is refused: it
        cannot be recorded or replayed.
    client : None, "serial", distributed.Client or str, optional
        Where to run: this machine's cores (``None``), this process (``"serial"``), or a Dask
        cluster (a client, or a scheduler address).
    store : str or os.PathLike, optional
        A Zarr store (a folder, e.g. ``"phase.zarr"``) that keeps every finished batch; the
        same call resumes from it.
    batch_size : int, optional
        Points per task; by default chosen so that a task takes about :data:`TASK_SECONDS`,
        with at least four tasks per worker.
    on_error : {"raise", "flag"}, optional
        After the sweep, raise :class:`SweepFailed` if any point failed (default), or return
        the dataset with variables ``failed`` (bool) and ``error`` (the messages).
    progress : bool, optional
        A progress bar over the points (default: on, except when ``COURSEKIT_PROGRESS=0``).

    Returns
    -------
    xarray.Dataset
        Dimensions: the parameters (or ``point``), then ``replica``, then each output's own;
        one variable per output; attributes ``sweep_function``, ``sweep_seed_entropy``,
        ``sweep_seed_spawn_key``, ``sweep_replicas``, ``coursekit_version``. Failed points are
        NaN.

    Raises
    ------
    InputError
        For an empty grid, a grid value of the wrong type, a function that cannot take the
        grid's names or cannot be pickled, a first point that returns something other than
        numbers, a bad ``replicas``, ``seed``, ``batch_size``, ``client``, ``store`` or
        ``on_error``, or a store written by another call.
    SweepFailed
        If points failed and ``on_error="raise"`` (a point whose outputs differ in shape or
        kind from the first point's counts as failed); the message lists them.
    ConnectionError
        If no Dask scheduler answers at the address given as ``client``.
    KeyboardInterrupt
        On Ctrl-C, after saving what finished (with a store) and stopping the workers.

    Examples
    --------
    >>> def noisy_square(x, seed):
    ...     return x**2 + 0.01 * np.random.default_rng(seed).standard_normal()
    >>> ds = sweep(noisy_square, {"x": [1.0, 2.0, 3.0]}, replicas=2, seed=5, client="serial")
    >>> ds.noisy_square.dims, ds.noisy_square.shape
    (('x', 'replica'), (3, 2))
    >>> bool(abs(ds.noisy_square.sel(x=2.0) - 4).max() < 0.1)
    True
    """
    g = _grid(grid, replicas)
    if on_error not in ("raise", "flag"):
        raise InputError(f"on_error must be 'raise' or 'flag'; got {on_error!r}")
    if batch_size is not None and (isinstance(batch_size, bool) or not isinstance(
            batch_size, numbers.Integral) or batch_size < 1):
        raise InputError(f"batch_size must be a positive integer or None; got {batch_size!r}")
    if isinstance(seed, np.random.Generator):
        raise InputError("seed must be an int, a SeedSequence or None: a Generator cannot be "
                         "recorded and replayed, so the sweep would not be reproducible")
    if isinstance(client, str) and client == "serial":
        engine = "serial"
    elif client is None:
        engine = "local"
    else:
        engine = "cluster"
        if not isinstance(client, str) and not (hasattr(client, "submit")
                                                and hasattr(client, "scheduler")):
            raise InputError("client must be None (this machine), 'serial', a "
                             "distributed.Client or a scheduler address like "
                             f"'tcp://10.0.0.5:8786'; got {client!r}")
    takes_seed, out_name = _call_plan(func, g.names)
    if engine != "serial":
        _check_picklable(func)
    root_seq = _root(seed, store)
    root = (root_seq.entropy, tuple(root_seq.spawn_key), root_seq.pool_size,
            root_seq.n_children_spawned)
    identity = {"function": _qualname(func), "source": _fingerprint(func),
                "grid": g.describe(), "replicas": g.replicas, "seed": _seed_record(root_seq)}
    if store is not None and os.fspath(store).lower().endswith((".nc", ".nc4", ".h5", ".hdf5")):
        raise InputError(f"store must be a Zarr folder such as 'phase.zarr'; got {store!r}. A "
                         "NetCDF/HDF5 file cannot be appended to safely point by point; save "
                         "the finished dataset with ds.to_netcdf(...)")
    collector = _Collector(g.n_points * g.replicas, store, identity, g.names)
    tasks = [(int(k), int(k) // g.replicas, int(k) % g.replicas, g.params(int(k) // g.replicas))
             for k in collector.missing]
    args = (root, takes_seed, out_name)
    run = functools.partial(_run_batch_here, func, args)
    bar = _progress.bar(len(tasks), progress, "sweep")
    try:
        if engine == "cluster":
            with _connect(client) as c:
                per_point = 0.0
                if tasks and batch_size is None:     # time one point on a worker, not here
                    per_point = _probe_remote(c, tasks[0], func, args, collector, bar)
                    tasks = tasks[1:]
                if tasks:
                    size = batch_size or _auto_batch(per_point, len(tasks), _cluster_threads(c))
                    _run_dask(c, _batches(tasks, size), func, args, collector, bar)
        elif tasks:
            with _single_threaded():          # as in the workers: one BLAS thread
                tasks, per_point = _probe(tasks, run, collector, bar, timed=batch_size is None)
                if engine == "local" and per_point * len(tasks) < SERIAL_BELOW:
                    engine = "serial"
                workers = 1 if engine == "serial" else _workers()
                batches = _batches(tasks, batch_size or _auto_batch(per_point, len(tasks),
                                                                    workers))
                if engine == "serial":
                    _run_serial(batches, run, collector, bar)
            if engine == "local" and tasks:
                with _local_client(min(workers, len(batches))) as c:
                    _run_dask(c, batches, func, args, collector, bar)
    except KeyboardInterrupt:
        done = int((collector.status == _STATUS_DONE).sum())
        where = (f"they are saved in {os.fspath(store)!r}: run the same call again to compute the "
                 "rest" if store is not None else "pass store='name.zarr' to keep finished points "
                 "across interruptions")
        raise KeyboardInterrupt(f"sweep interrupted with {done} of {collector.n} points "
                                f"finished; {where}") from None
    finally:
        bar.close()
    return _finish(g, collector, identity, on_error)


def _run_batch_here(func, args, batch, sink):
    return _run_batch(func, batch, *args, sink=sink)


def _seed_record(seq: np.random.SeedSequence) -> dict:
    """The root seed sequence as JSON (entropy as decimal text: it may exceed 64 bits)."""
    entropy = seq.entropy
    return {"entropy": (str(entropy) if isinstance(entropy, numbers.Integral)
                        else [str(e) for e in entropy]),
            "spawn_key": [int(k) for k in seq.spawn_key], "pool_size": int(seq.pool_size),
            "children_spawned": int(seq.n_children_spawned)}


def _root(seed, store) -> np.random.SeedSequence:
    """The root sequence: from ``seed`` (the rule of :mod:`coursekit._random`), or, for
    ``seed=None`` and an existing store, the one recorded there."""
    if seed is None and store is not None and os.path.exists(os.fspath(store)):
        try:
            import zarr

            rec = zarr.open_group(os.fspath(store), mode="r").attrs["coursekit_sweep"]["seed"]
            entropy = rec["entropy"]
            entropy = int(entropy) if isinstance(entropy, str) else [int(e) for e in entropy]
            return np.random.SeedSequence(entropy, spawn_key=tuple(rec["spawn_key"]),
                                          pool_size=rec["pool_size"],
                                          n_children_spawned=rec["children_spawned"])
        except Exception:                         # noqa: BLE001 - not a sweep store: said later
            pass
    return _random.seed_sequence(seed)


def _probe(tasks, run, collector, bar, timed: bool):
    """Run the first points here (their results count) and time a point: the first call
    may include compilation, so later points are timed when there is time for them."""
    first = _timed(run, tasks[:1], collector, bar)
    if not timed:
        return tasks[1:], first
    start = time.perf_counter()
    n, later = 1, 0.0
    while n < len(tasks) and n < _PROBE_MAX and time.perf_counter() - start < _PROBE_SECONDS:
        later += _timed(run, tasks[n:n + 1], collector, bar)
        n += 1
    return tasks[n:], later / (n - 1) if n > 1 else first


def _timed(run, batch, collector, bar) -> float:
    t0 = time.perf_counter()
    _run_serial([batch], run, collector, bar)
    _refuse_bad_first_output(collector, batch[0][0])
    return time.perf_counter() - t0


def _refuse_bad_first_output(collector, k: int) -> None:
    """A first point that returned the wrong kind of thing: say so now, not after the sweep."""
    error = collector.errors.get(k, "")
    if collector.schema is None and error.startswith(_BAD_OUTPUT):
        raise InputError(error[len(_BAD_OUTPUT):])


def _timed_batch(func, tasks, *args):
    """What a worker runs to time the first point: the records and the seconds they took."""
    t0 = time.perf_counter()
    records = _run_batch(func, tasks, *args)
    return records, time.perf_counter() - t0


def _probe_remote(client, task, func, args, collector, bar) -> float:
    """Run the first point on the cluster; its result counts, and it times a point."""
    fut = client.submit(_timed_batch, func, [task], *args, pure=False)
    try:
        records, seconds = fut.result()
    except KeyboardInterrupt:
        client.cancel([fut])
        raise
    except Exception as err:                    # noqa: BLE001 - e.g. a worker that died
        records, seconds = [(task[0], None, f"the point failed on the cluster: "
                             f"{_describe(err)}")], 0.0
    collector.add(records)
    bar.update(1)
    _refuse_bad_first_output(collector, task[0])
    return seconds


def _cluster_threads(client) -> int:
    workers = client.scheduler_info().get("workers", {})
    return max(1, sum(int(w.get("nthreads", 1)) for w in workers.values()))


@contextlib.contextmanager
def _single_threaded():
    """BLAS limited to one thread while points run in this process, as Dask limits it in its
    worker processes (``distributed.nanny.pre-spawn-environ``): the same arithmetic, so the same
    bits, wherever a point runs."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield


def _auto_batch(per_point: float, n: int, workers: int) -> int:
    by_time = max(1, int(TASK_SECONDS / max(per_point, 1e-7)))
    by_balance = max(1, math.ceil(n / (4 * workers)))
    return min(by_time, by_balance)


def _finish(g: _Grid, collector: _Collector, identity: dict, on_error: str):
    import xarray as xr

    from coursekit import __version__

    lead = (*g.names, "replica") if g.axes is not None else ("point", "replica")
    lead_shape = (*g.shape, g.replicas)
    coords = {"replica": np.arange(g.replicas)}
    if g.axes is not None:
        coords.update({n: np.asarray(a) for n, a in zip(g.names, g.axes, strict=True)})
    else:
        coords.update({n: ("point", np.asarray([row[j] for row in g.rows]))
                       for j, n in enumerate(g.names)})
    data = {}
    if collector.schema is not None:
        for name, arr in collector.arrays().items():
            dims = collector.schema[name][0]
            data[name] = ((*lead, *dims), arr.reshape(*lead_shape, *arr.shape[1:]))
        coords.update({k: v for k, v in collector.coords.items()})
    failed = collector.status != _STATUS_DONE
    if on_error == "flag":
        data["failed"] = (lead, failed.reshape(lead_shape))
        messages = np.array([collector.errors.get(k, "") for k in range(collector.n)], dtype=str)
        data["error"] = (lead, messages.reshape(lead_shape))
    attrs = {"sweep_function": identity["function"],
             "sweep_seed_entropy": json.dumps(identity["seed"]["entropy"]).strip('"'),
             "sweep_seed_spawn_key": json.dumps(identity["seed"]["spawn_key"]),
             "sweep_replicas": g.replicas, "coursekit_version": __version__}
    ds = xr.Dataset(data, coords=coords, attrs=attrs)
    if failed.any() and on_error == "raise":
        rows = [{**g.params(int(k) // g.replicas), "replica": int(k) % g.replicas,
                 "error": collector.errors.get(k, "not computed")}
                for k in np.flatnonzero(failed)]
        shown = "\n".join("  " + ", ".join(f"{a}={b!r}" for a, b in row.items() if a != "error")
                          + f": {row['error']}" for row in rows[:10])
        more = f"\n  ... and {len(rows) - 10} more" if len(rows) > 10 else ""
        flagged = _finish(g, collector, identity, "flag")
        raise SweepFailed(f"{len(rows)} of {collector.n} points of the sweep failed (the others "
                          f"are in err.dataset; on_error='flag' returns them):\n{shown}{more}",
                          rows, flagged)
    return ds
