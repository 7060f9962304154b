"""coursekit.sweep on a real Dask cluster (scheduler and workers on 127.0.0.1): the same
dataset serially, on the local default and on a cluster; a killed worker, an interruption and a
crashed process change nothing; failures are reported; bad input is refused clearly."""

import functools
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from coursekit import Trajectory
from coursekit import sweep as sweep_module
from coursekit.errors import InputError
from coursekit.sweep import SweepFailed, sweep

GRID = {"a": [0.5, 1.0, 2.0], "n": [3, 5]}


# ---- functions the workers run (module level: they travel by reference) -----------------------

def noisy(a, n, seed):
    """A scalar and a vector from the point's own stream."""
    rng = np.random.default_rng(seed)
    return {"avg": a * rng.standard_normal(n).mean(), "draws": rng.random(4) + n}


def logged(a, n, seed, log, stop_at=None, marker=None):
    """``noisy``, appending ``a n`` to ``log``; Ctrl-C once at the point (a, n) == stop_at."""
    with open(log, "a") as fh:
        fh.write(f"{a} {n}\n")
    if stop_at == (a, n) and not os.path.exists(marker):
        Path(marker).touch()
        raise KeyboardInterrupt
    return noisy(a, n, seed)


def _in_worker() -> bool:
    from distributed import get_worker

    try:
        get_worker()
    except ValueError:
        return False
    return True


def killer(a, n, seed, marker):
    """``noisy``; the worker that first reaches (2.0, 3) dies (SIGKILL), once."""
    if _in_worker() and (a, n) == (2.0, 3) and not os.path.exists(marker):
        Path(marker).touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return noisy(a, n, seed)


def serial_killer(a, n, seed):
    """``noisy``; every worker that reaches (2.0, 3) dies."""
    if _in_worker() and (a, n) == (2.0, 3):
        os.kill(os.getpid(), signal.SIGKILL)
    return noisy(a, n, seed)


def crasher(a, n, seed, marker):
    """``noisy``; the whole process dies at (1.0, 5) the first time (a crashed kernel)."""
    if (a, n) == (1.0, 5) and not os.path.exists(marker):
        Path(marker).touch()
        os._exit(3)
    return noisy(a, n, seed)


def fragile(a, n, seed):
    if a == 1.0 and n == 5:
        raise ValueError("no solution for a = 1, n = 5")
    return noisy(a, n, seed)


def trajectory(a, n, seed):
    t = np.linspace(0.0, 1.0, 5)
    return Trajectory(t=t, x=np.column_stack([a * t, n + 0 * t]), labels=("u", "v"))


def deterministic(a, n):
    return a * n


# ---- fixtures ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cluster():
    """Two single-threaded worker processes; a task whose worker dies twice is given up."""
    import dask

    distributed = pytest.importorskip("distributed")
    failures = dask.config.set({"distributed.scheduler.allowed-failures": 1})
    with failures, distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                            host="127.0.0.1", dashboard_address="127.0.0.1:0",
                                            silence_logs=40) as cl:
        yield cl


@pytest.fixture(scope="module")
def client(cluster):
    from distributed import Client

    with Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def reference():
    return sweep(noisy, GRID, replicas=2, seed=11, client="serial")


# ---- results and seeds -------------------------------------------------------------------------

def test_the_dataset_is_labelled_and_seeded_by_grid_index(reference):
    ds = reference
    assert ds.avg.dims == ("a", "n", "replica") and ds.draws.dims == ("a", "n", "replica",
                                                                     "draws_dim0")
    assert list(ds.a.values) == [0.5, 1.0, 2.0] and list(ds.n.values) == [3, 5]
    assert ds.attrs["sweep_function"].endswith("noisy") and ds.attrs["sweep_seed_entropy"] == "11"
    # replica r of point i (C order) draws from SeedSequence(11).spawn(6)[i].spawn(2)[r]
    children = np.random.SeedSequence(11).spawn(6)
    for i, (a, n) in enumerate([(a, n) for a in GRID["a"] for n in GRID["n"]]):
        for r, child in enumerate(children[i].spawn(2)):
            expected = noisy(a, n, child)
            assert ds.avg.sel(a=a, n=n, replica=r).item() == expected["avg"]
            np.testing.assert_array_equal(ds.draws.sel(a=a, n=n, replica=r), expected["draws"])


def test_more_replicas_keep_the_first_ones(reference):
    more = sweep(noisy, GRID, replicas=3, seed=11, client="serial")
    xr.testing.assert_equal(more.isel(replica=slice(0, 2)).drop_attrs(), reference.drop_attrs())


def _sweep_tasks(client) -> set[str]:
    """Keys of the sweep tasks the scheduler has run (each sweep call has its own keys)."""
    return {str(t["key"]) for t in client.get_task_stream() if "coursekit-sweep" in str(t["key"])}


def test_serial_local_default_and_cluster_give_identical_datasets(reference, client, cluster,
                                                                  monkeypatch):
    before = _sweep_tasks(client)
    on_cluster = sweep(noisy, GRID, replicas=2, seed=11, client=client, batch_size=2)
    assert len(_sweep_tasks(client) - before) == 6             # 12 points in 6 tasks
    before = _sweep_tasks(client)
    by_address = sweep(noisy, GRID, replicas=2, seed=11, client=cluster.scheduler_address)
    assert _sweep_tasks(client) - before                      # ran there
    started = []
    local_client = sweep_module._local_client
    monkeypatch.setattr(sweep_module, "_local_client", lambda n: started.append(n) or
                        local_client(n))
    monkeypatch.setattr(sweep_module, "SERIAL_BELOW", 0.0)   # the local default starts workers
    local = sweep(noisy, GRID, replicas=2, seed=11, batch_size=3)
    assert started == [2]                                     # two workers on this machine
    for ds in (on_cluster, by_address, local):
        xr.testing.assert_identical(ds, reference)


def test_small_sweeps_run_here_and_batches_are_sized_by_time(monkeypatch):
    started = []
    monkeypatch.setattr(sweep_module, "_local_client", lambda n: started.append(n))
    sweep(noisy, GRID, replicas=2, seed=11)                   # milliseconds of work in all
    assert started == []
    assert sweep_module._auto_batch(1e-5, 20_000, 2) == 2500   # 4 tasks per worker
    assert sweep_module._auto_batch(1e-3, 20_000, 2) == 200    # ~TASK_SECONDS per task
    assert sweep_module._auto_batch(2.0, 100, 2) == 1


def test_a_missing_scheduler_is_reported(monkeypatch):
    monkeypatch.setattr(sweep_module, "_CONNECT_TIMEOUT", "1s")
    with pytest.raises(ConnectionError, match="no Dask scheduler answered.*dask scheduler"):
        sweep(noisy, GRID, seed=1, client="tcp://127.0.0.1:9", batch_size=1)


def test_a_worker_killed_mid_sweep_changes_nothing(reference, client, tmp_path):
    marker = tmp_path / "killed"
    ds = sweep(functools.partial(killer, marker=str(marker)), GRID, replicas=2, seed=11,
               client=client, batch_size=1)
    assert marker.exists()                                   # a worker did die
    xr.testing.assert_equal(ds.drop_attrs(), reference.drop_attrs())


async def _kill_self():
    os.kill(os.getpid(), signal.SIGKILL)


def slow_once_marked(a, n, seed, marker):
    """``noisy``; on a worker, slow (1 s) once ``marker`` exists, so a recomputation lasts."""
    if _in_worker() and os.path.exists(marker):
        time.sleep(1.0)
    return noisy(a, n, seed)


def test_a_result_lost_with_its_worker_before_it_is_fetched_is_recomputed(reference, client,
                                                                          monkeypatch, tmp_path):
    """The race behind a flaky CI run: a batch finishes, then its worker dies before the client
    fetches the result (the future turns "lost"). Dask recomputes it; the sweep must wait for
    that, not record the points as failed. Here the worker holding the first finished batch is
    killed on purpose at that moment, and the recomputation is slowed so that the "lost" state
    lasts long enough to be seen."""
    import distributed

    marker = tmp_path / "slow"
    real, seen = distributed.as_completed, []

    def as_completed_killing_the_first_holder(futures):
        for fut in real(futures):
            if not seen:
                holder = next(iter(client.who_has([fut])[fut.key]))
                marker.touch()
                client.run(_kill_self, workers=[holder], wait=False)
                deadline = time.monotonic() + 30
                while fut.status == "finished" and time.monotonic() < deadline:
                    time.sleep(0.005)
                seen.append(fut.status)
            yield fut

    monkeypatch.setattr(distributed, "as_completed", as_completed_killing_the_first_holder)
    func = functools.partial(slow_once_marked, marker=str(marker))
    try:
        ds = sweep(func, GRID, replicas=2, seed=11, client=client, batch_size=3)
    finally:
        client.wait_for_workers(2, timeout=60)           # the nanny restarts the killed worker
    assert seen == ["lost"]
    xr.testing.assert_equal(ds.drop_attrs(), reference.drop_attrs())


def test_a_batch_that_keeps_killing_workers_is_recorded_as_failed(reference, client):
    ds = sweep(serial_killer, GRID, replicas=2, seed=11, client=client, batch_size=2,
               on_error="flag")
    # the culprit's batch fails; a batch queued on a dying worker may be blamed too (Dask
    # counts the deaths against every task the worker held), never a point that completed
    assert bool(ds.failed.sel(a=2.0, n=3).all()) and ds.failed.sum() < 12
    assert "KilledWorker" in str(ds.error.sel(a=2.0, n=3, replica=0).item())
    ok = ~ds.failed
    xr.testing.assert_equal(ds.avg.where(ok), reference.avg.where(ok))


def test_an_interrupted_sweep_resumes_computing_only_the_missing_points(reference, client,
                                                                        tmp_path):
    log, store = tmp_path / "calls.txt", tmp_path / "run.zarr"
    func = functools.partial(logged, log=str(log), stop_at=(1.0, 5), marker=str(tmp_path / "m"))
    with pytest.raises(KeyboardInterrupt, match="6 of 12 points finished.*run the same call"):
        sweep(func, GRID, replicas=2, seed=11, client="serial", store=store, batch_size=4)
    assert len(log.read_text().split("\n")) - 1 == 7           # 6 finished + the interrupted one
    resumed = sweep(func, GRID, replicas=2, seed=11, client="serial", store=store)
    assert len(log.read_text().split("\n")) - 1 == 7 + 6        # only the missing six ran
    xr.testing.assert_equal(resumed.drop_attrs(), reference.drop_attrs())
    again = sweep(func, GRID, replicas=2, seed=11, client=client, store=store)
    assert len(log.read_text().split("\n")) - 1 == 13           # complete: nothing runs
    xr.testing.assert_identical(again, resumed)


def test_a_sweep_resumes_on_the_cluster_after_the_process_crashed(reference, client, tmp_path):
    store, marker = tmp_path / "crash.zarr", tmp_path / "crashed"
    code = ("import functools, sys\nsys.path.insert(0, sys.argv[1])\n"
            "from test_sweep import crasher, GRID\nfrom coursekit.sweep import sweep\n"
            "sweep(functools.partial(crasher, marker=sys.argv[2]), GRID, replicas=2, seed=11, "
            "client='serial', store=sys.argv[3], batch_size=1)\n")
    died = subprocess.run([sys.executable, "-c", code, str(Path(__file__).parent), str(marker),
                           str(store)], capture_output=True, text=True)
    assert died.returncode == 3, died.stderr
    import zarr

    status = zarr.open_group(str(store), mode="r")["status"][:]
    assert status.sum() == 6                                 # points 0..5 saved before the crash
    before = _sweep_tasks(client)
    ds = sweep(functools.partial(crasher, marker=str(marker)), GRID, replicas=2, seed=11,
               client=client, store=store, batch_size=2)
    assert len(_sweep_tasks(client) - before) == 3                      # the missing 6 points, in 3 tasks
    xr.testing.assert_equal(ds.drop_attrs(), reference.drop_attrs())


def test_ctrl_c_on_the_cluster_keeps_the_finished_batches(reference, client, tmp_path,
                                                           monkeypatch):
    """Ctrl-C while waiting for the cluster: the batches already received are in the store,
    the rest is cancelled, and the same call then completes the sweep."""
    store, received = tmp_path / "c.zarr", []
    add = sweep_module._Collector.add

    def add_then_interrupt(self, records):
        add(self, records)
        received.append(len(records))
        if len(received) == 3:                 # three batches of two
            raise KeyboardInterrupt

    monkeypatch.setattr(sweep_module._Collector, "add", add_then_interrupt)
    with pytest.raises(KeyboardInterrupt, match="6 of 12 points finished.*saved in"):
        sweep(noisy, GRID, replicas=2, seed=11, client=client, store=store, batch_size=2)
    monkeypatch.undo()
    import zarr

    assert zarr.open_group(str(store), mode="r")["status"][:].sum() == 6
    for _ in range(50):                                        # cancelling takes a moment
        left = client.run_on_scheduler(lambda dask_scheduler: [
            k for k in dask_scheduler.tasks if "coursekit-sweep" in str(k)])
        if not left:
            break
        time.sleep(0.1)
    assert left == []                                          # the rest was cancelled
    ds = sweep(noisy, GRID, replicas=2, seed=11, client=client, store=store)
    xr.testing.assert_identical(ds, reference)


# ---- failures ------------------------------------------------------------------------------------

def test_failing_points_are_listed_and_the_others_kept(reference, client, tmp_path):
    with pytest.raises(SweepFailed, match=r"(?s)2 of 12 points.*a=1.0, n=5, replica=0: ValueError: "
                                          r"no solution") as info:
        sweep(fragile, GRID, replicas=2, seed=11, client=client, batch_size=2,
              store=tmp_path / "f.zarr")
    err = info.value
    assert [(f["a"], f["n"], f["replica"]) for f in err.failures] == [(1.0, 5, 0), (1.0, 5, 1)]
    ds = err.dataset
    assert ds.failed.sum() == 2 and bool(ds.failed.sel(a=1.0, n=5).all())
    assert np.isnan(ds.avg.sel(a=1.0, n=5)).all()
    ok = ~ds.failed
    xr.testing.assert_equal(ds.avg.where(ok), reference.avg.where(ok))
    flagged = sweep(fragile, GRID, replicas=2, seed=11, client="serial", on_error="flag")
    xr.testing.assert_identical(flagged, ds)
    assert "no solution" in str(flagged.error.sel(a=1.0, n=5, replica=1).item())


def test_failed_points_are_retried_on_resume(tmp_path):
    log, store = tmp_path / "calls.txt", tmp_path / "r.zarr"
    state = tmp_path / "broken"
    state.touch()

    func = functools.partial(_fails_while_file_exists, flag=str(state), log=str(log))
    with pytest.raises(SweepFailed):
        sweep(func, {"x": [1, 2, 3, 4]}, seed=0, client="serial", store=store)
    state.unlink()
    ds = sweep(func, {"x": [1, 2, 3, 4]}, seed=0, client="serial", store=store)
    assert log.read_text().split() == ["1", "2", "3", "4", "3"]
    assert list(ds['_fails_while_file_exists'].values[:, 0]) == [1, 4, 9, 16]


def _fails_while_file_exists(x, flag, log):
    with open(log, "a") as fh:
        fh.write(f"{x}\n")
    if x == 3 and os.path.exists(flag):
        raise RuntimeError("transient")
    return x * x


# ---- outputs -------------------------------------------------------------------------------------

def test_result_objects_list_grids_and_deterministic_functions(tmp_path):
    ds = sweep(trajectory, GRID, seed=1, client="serial")
    xr.testing.assert_identical(ds, sweep(trajectory, GRID, seed=1, client="serial",
                                          store=tmp_path / "t.zarr"))
    xr.testing.assert_identical(ds, sweep(trajectory, GRID, seed=1, client="serial",
                                          store=tmp_path / "t.zarr"))      # loaded back
    assert ds.u.dims == ("a", "n", "replica", "t") and ds.attrs["sweep_replicas"] == 1
    np.testing.assert_allclose(ds.u.sel(a=2.0, n=3, replica=0), 2.0 * np.linspace(0, 1, 5))
    points = sweep(deterministic, [{"a": 0.5, "n": 3}, {"a": 2.0, "n": 5}], client="serial")
    assert points.deterministic.dims == ("point", "replica")
    assert list(points.deterministic.values[:, 0]) == [1.5, 10.0]
    assert list(points.a.values) == [0.5, 2.0] and points.a.dims == ("point",)


# ---- bad input -------------------------------------------------------------------------------------

@pytest.mark.parametrize("grid, message", [
    ({}, "grid is empty"),
    ([], "grid is empty"),
    ({"a": []}, r"grid\['a'\] is empty"),
    ({"a": 3.0}, "must be a 1-D list"),
    ({"a": [[1, 2], [3, 4]]}, "must be a 1-D list"),
    ({"a": [1.0, None]}, "numbers, booleans or strings.*NoneType"),
    ({"a": [1.0, float("nan")]}, "finite"),
    ({"a": [1.0, 1.0]}, "repeats a value"),
    ({"a": [1.0, "x"]}, "mixes numbers and strings"),
    ({"seed": [1, 2]}, "reserved"),
    ({"a": [1.0], "b": [2.0]}, r"cannot be called as func\(a=..., b=..., seed=...\)"),
    ([{"a": 1.0}, {"n": 2}], "same parameters"),
    ("a", "grid must be a dict"),
])
def test_bad_grids_are_refused_clearly(grid, message):
    with pytest.raises(InputError, match=message):
        sweep(noisy_one, grid, client="serial")


def noisy_one(a, seed):
    return a


def test_bad_arguments_are_refused_clearly():
    with pytest.raises(InputError, match="replicas must be a positive integer"):
        sweep(noisy_one, {"a": [1.0]}, replicas=0)
    with pytest.raises(InputError, match="Generator cannot be recorded"):
        sweep(noisy_one, {"a": [1.0]}, seed=np.random.default_rng(1))
    with pytest.raises(InputError, match="client must be None"):
        sweep(noisy_one, {"a": [1.0]}, client=42)
    with pytest.raises(InputError, match="on_error must be"):
        sweep(noisy_one, {"a": [1.0]}, on_error="ignore")
    with pytest.raises(InputError, match="batch_size must be"):
        sweep(noisy_one, {"a": [1.0]}, batch_size=0)
    lock = threading.Lock()
    with pytest.raises(InputError, match="cannot be sent to worker processes.*client='serial'"):
        sweep(lambda a: lock.locked() or a, {"a": [1.0]})
    with pytest.raises(InputError, match="'words' must be a number"):
        sweep(lambda a: {"words": "no"}, {"a": [1.0, 2.0]}, client="serial")
    with pytest.raises(SweepFailed, match="has shape \\(2,\\) here and \\(1,\\)"):
        sweep(lambda a: np.ones(int(a)), {"a": [1, 2]}, client="serial")


def test_a_store_from_a_different_call_is_refused(tmp_path):
    store = tmp_path / "s.zarr"
    sweep(noisy, GRID, replicas=2, seed=11, client="serial", store=store)
    for kwargs, what in [({"grid": {"a": [0.5, 1.0], "n": [3, 5]}}, "grid"),
                         ({"replicas": 3}, "replicas"), ({"seed": 12}, "seed"),
                         ({"func": fragile}, "function"),
                         ({"grid": {"n": [3, 5], "a": [0.5, 1.0, 2.0]}}, "grid"),   # reordered
                         ({"grid": {"a": [0.5, 1.0, 2.0], "n": [3.0, 5.0]}}, "grid")]:  # types
        call = {"func": noisy, "grid": GRID, "replicas": 2, "seed": 11, **kwargs}
        with pytest.raises(InputError, match=f"written by a different sweep \\({what}: .*new "
                                             "store path"):
            sweep(call.pop("func"), call.pop("grid"), client="serial", store=store, **call)
    (tmp_path / "other").mkdir()
    with pytest.raises(InputError, match="not a sweep's Zarr store|not written by sweep"):
        sweep(noisy, GRID, client="serial", store=tmp_path / "other")


def test_seeds_follow_numpys_spawn_for_any_root():
    for root in (np.random.SeedSequence(5, pool_size=8), np.random.SeedSequence([3, 4])):
        root.spawn(2)                                          # children already handed out
        ds = sweep(noisy, {"a": [1.0, 2.0], "n": [3]}, replicas=2, seed=root, client="serial")
        twin = np.random.SeedSequence(root.entropy, pool_size=root.pool_size,
                                      n_children_spawned=2)
        child = twin.spawn(2)[1].spawn(2)[1]                   # point (2.0, 3), replica 1
        assert ds.avg.sel(a=2.0, n=3, replica=1).item() == noisy(2.0, 3, child)["avg"]


def test_seed_none_is_recorded_and_taken_from_the_store(tmp_path):
    store = tmp_path / "n.zarr"
    first = sweep(noisy, GRID, client="serial", store=store)
    again = sweep(noisy, GRID, client="serial", store=store)
    xr.testing.assert_identical(first, again)
    replay = sweep(noisy, GRID, client="serial",
                   seed=np.random.SeedSequence(int(first.attrs["sweep_seed_entropy"])))
    with pytest.raises(InputError, match="Zarr folder"):
        sweep(noisy, GRID, client="serial", store=tmp_path / "n.nc")
    xr.testing.assert_identical(first, replay)
