"""The core: errors, validators, results, randomness and the house JIT decorators."""

import os
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import _random
from coursekit import _validate as V
from coursekit._results import Ensemble, Trajectory
from coursekit.errors import CourseKitError, InputError, SimulationError

# --- errors ----------------------------------------------------------------------------------


def test_input_error_is_both_value_and_type_error():
    err = InputError("x must be positive; got -1")
    assert isinstance(err, ValueError) and isinstance(err, TypeError)
    assert isinstance(err, CourseKitError)


def test_simulation_error_carries_time_and_cause_through_pickling():
    err = SimulationError("blew up at t = 2.5", t=2.5, cause="non-finite")
    back = pickle.loads(pickle.dumps(err))
    assert (back.t, back.cause, str(back)) == (2.5, "non-finite", "blew up at t = 2.5")
    assert SimulationError("no time").t is None
    with pytest.raises(InputError, match="cause must be one of"):
        SimulationError("typo", cause="nonfinite")


# --- validators -------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [float("nan"), float("inf"), "1.0", None, True, [1.0],
                                   np.array([1.0, 2.0])])
def test_number_rejects_what_is_not_a_finite_real(value):
    with pytest.raises(InputError, match="^dt must be a finite number; got"):
        V.number("dt", value)


def test_validators_convert_and_bound():
    assert V.positive("a", np.float32(2.5)) == 2.5 and isinstance(V.positive("a", 2), float)
    assert V.number("a", np.array(3.0)) == 3.0                 # 0-d arrays are numbers
    assert V.integer("n", 4.0) == 4 and isinstance(V.integer("n", np.int64(4)), int)
    with pytest.raises(InputError, match="an integer >= 1; got 0"):
        V.integer("n", 0, minimum=1)
    with pytest.raises(InputError, match="an integer"):
        V.integer("n", 2.5)
    with pytest.raises(InputError, match=r"in \(0.0, 1.0\]"):
        V.number("p", 0.0, lo=0.0, hi=1.0, lo_open=True)
    assert V.choice("m", "rk4", ("rk4", "scipy")) == "rk4"
    with pytest.raises(InputError, match=r"one of \('rk4', 'scipy'\)"):
        V.choice("m", "euler", ("rk4", "scipy"))
    with pytest.raises(InputError, match="one of"):
        V.choice("d", True, (1, 2))                            # a bool is not an integer choice


def test_array_and_times_validators():
    with pytest.raises(InputError, match=r"shape \(2,\); got shape \(3,\)"):
        V.array("x0", [1, 2, 3], shape=(2,))
    with pytest.raises(InputError, match="finite"):
        V.array("x0", [1.0, np.nan])
    with pytest.raises(InputError, match="non-negative"):
        V.array("x0", [1.0, -1.0], nonnegative=True)
    with pytest.raises(InputError, match="array of float64"):
        V.array("x0", ["a", "b"])
    with pytest.raises(InputError, match="non-decreasing"):
        V.times("t_eval", [0.0, 2.0, 1.0])
    with pytest.raises(InputError, match="time starts at 0"):
        V.times("t_eval", [-1.0, 1.0])


def test_run_times_vocabulary():
    assert V.run_times(2.0, None) == (2.0, None)
    t_end, t_eval = V.run_times(None, [0.0, 1.0])
    assert t_end == 1.0 and t_eval.tolist() == [0.0, 1.0]
    with pytest.raises(InputError, match="give the final time"):
        V.run_times(None, None)
    with pytest.raises(InputError, match="differs from the last recording time"):
        V.run_times(2.0, [0.0, 1.0])
    with pytest.raises(InputError, match="positive"):
        V.run_times(-1.0, None)


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10, 10),
                 st.text(max_size=3), st.none(), st.booleans()))
def test_positive_accepts_exactly_the_positive_finite_reals(value):
    ok = (not isinstance(value, (bool, str)) and value is not None and np.isfinite(value)
          and value > 0)
    if ok:
        assert V.positive("a", value) == float(value)
    else:
        with pytest.raises(InputError):
            V.positive("a", value)


# --- results --------------------------------------------------------------------------------

def test_results_are_frozen_and_share_nothing_with_the_caller():
    t = np.arange(3.0)
    run = Trajectory(t=t, x=np.zeros((3, 2)), labels=("a", "b"), stats={"n": np.ones(2)})
    with pytest.raises(ValueError, match="read-only"):
        run.x[0, 0] = 1.0
    with pytest.raises(ValueError, match="read-only"):
        run.stats["n"][0] = 2.0
    with pytest.raises(ValueError):
        run.x.setflags(write=True)         # the write flag cannot be turned back on
    with pytest.raises(TypeError):
        run.stats["m"] = 1
    with pytest.raises(AttributeError):
        run.t = t
    t[0] = 9.0                             # the caller's array stays theirs, and writable
    assert run.t[0] == 0.0 and t.flags.writeable
    from coursekit.population import gause

    fit = gause.fit(model="leslie_gower")
    with pytest.raises(TypeError):
        fit.params["a_ac"] = -5.0          # dict fields are read-only too


def test_results_pickle_and_deep_copy_and_stay_frozen():
    """Results travel to worker processes (Dask, multiprocessing) and back unchanged."""
    import copy

    from coursekit.kinetics import ReactionNetwork, gillespie_ensemble
    from coursekit.population import gause
    from coursekit.solitons import periodic_grid, simulate, soliton

    grid = periodic_grid(64, -15.0, 15.0)
    results = [Trajectory(t=np.arange(2.0), x=np.ones((2, 1)), stats={"a": {"b": 1}}),
               gillespie_ensemble(ReactionNetwork.parse("A -> 0 @ 1"), [5], [0.0, 1.0], 3,
                                  seed=1),
               gause.fit(model="leslie_gower"),
               simulate(soliton(grid, 0.0, c=4.0), grid, 0.1, dt=1e-3)]
    for r in results:
        for back in (pickle.loads(pickle.dumps(r)), copy.deepcopy(r)):
            assert type(back) is type(r) and back.method == r.method
            assert dict(back.stats).keys() == dict(r.stats).keys()
            arrays = [f for f in vars(r) if isinstance(getattr(r, f), np.ndarray)]
            assert arrays
            for name in arrays:
                np.testing.assert_array_equal(getattr(back, name), getattr(r, name))
                assert not getattr(back, name).flags.writeable
    assert isinstance(pickle.loads(pickle.dumps(results[0])).stats["a"], type(results[0].stats))


def test_owned_arrays_are_frozen_without_a_copy():
    from coursekit._results import owned

    big = np.zeros((1000, 8))
    run = Trajectory(t=np.arange(1000.0), x=owned(big[:, :4]))
    assert np.shares_memory(run.x, big) and not big.flags.writeable
    with pytest.raises(ValueError):
        run.x.setflags(write=True)
    with pytest.raises(InputError):
        owned([1.0, 2.0])


def test_a_solver_result_does_not_follow_the_callers_time_grid():
    from coursekit.systems import lorenz, simulate

    t = np.linspace(0.0, 1.0, 5)
    run = simulate(lorenz(), t_eval=t)
    t += 100.0
    assert run.t[-1] == 1.0


def test_trajectory_labels_and_xarray():
    run = Trajectory(t=np.arange(3.0), x=np.arange(6.0).reshape(3, 2), labels=("a", "b"),
                     method="demo", stats={"n": 3})
    assert run["b"].tolist() == [1.0, 3.0, 5.0]
    with pytest.raises(KeyError, match="components are"):
        run["c"]
    ds = run.to_xarray()
    assert ds["a"].dims == ("t",) and ds.attrs["method"] == "demo" and ds.attrs["n"] == 3
    ens = Ensemble(t=np.arange(2.0), x=np.ones((2, 4, 1)))
    assert ens.n_runs == 4 and ens.to_xarray()["x0"].dims == ("t", "run")
    with pytest.raises(InputError, match="at least two runs"):
        _ = Ensemble(t=np.arange(2.0), x=np.ones((2, 1, 1))).var
    with pytest.raises(InputError, match="n_runs"):
        Ensemble(t=np.arange(2.0), x=np.ones((2, 1)))


# --- randomness -------------------------------------------------------------------------------

def test_generators_from_every_kind_of_seed():
    a = _random.as_generator(3).random(4)
    assert np.array_equal(a, _random.as_generator(3).random(4))
    assert np.array_equal(a, _random.as_generator(np.random.SeedSequence(3)).random(4))
    g = np.random.default_rng(5)
    assert _random.as_generator(g) is g
    assert not np.array_equal(_random.as_generator(None).random(4),
                              _random.as_generator(None).random(4))


@pytest.mark.parametrize("bad", [-1, 1.5, "seed", True, [1, 2]])
def test_bad_seed_raises(bad):
    with pytest.raises(InputError, match="seed"):
        _random.as_generator(bad)


def test_spawned_streams_are_keyed_by_index_with_full_state():
    children = _random.spawn(123, 5)
    assert [c.spawn_key for c in children] == [(_random.STREAM_TAG, k) for k in range(5)]
    # never the streams NumPy's own spawn gives the same parent
    numpy_children = np.random.SeedSequence(123).spawn(5)
    assert not any(np.array_equal(a.generate_state(4), b.generate_state(4))
                   for a in children for b in numpy_children)
    again = _random.spawn(123, 5)
    assert all(np.array_equal(a.generate_state(4), b.generate_state(4))
               for a, b in zip(children, again, strict=True))
    # 128-bit PCG64 states, not 31-bit integers: 10^5 streams have distinct first draws
    streams = [np.random.Generator(np.random.PCG64(c)) for c in _random.spawn(7, 100_000)]
    first = np.array([s.integers(0, 2**63) for s in streams])
    assert np.unique(first).size == first.size


def test_blocks_run_in_threads_with_one_stream_each_and_the_same_result_on_any_number():
    import numba

    def collect(threads):
        before = numba.get_num_threads()
        numba.set_num_threads(threads)
        try:
            draws, order = np.zeros(50), []
            _random.run_blocks(lambda a, b, rng, halt: draws.__setitem__(slice(a, b),
                                                                         rng.random(b - a)),
                               50, 3, on_block=order.append)
        finally:
            numba.set_num_threads(before)
        return draws, order

    one, order = collect(1)
    assert order == [16, 16, 16, 2]                  # blocks of BLOCK, reported in order
    streams = _random.spawn(3, 4)
    assert one[16] == np.random.Generator(np.random.PCG64(streams[1])).random()
    if numba.config.NUMBA_NUM_THREADS > 1:
        assert np.array_equal(collect(2)[0], one)
    with pytest.raises(InputError, match="n must"):
        _random.run_blocks(lambda a, b, rng, halt: None, -1, 0)


# --- the JIT switch ---------------------------------------------------------------------------

def _run(code, **env):
    out = subprocess.run([sys.executable, "-c", code], env={**os.environ, **env},
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_jit_can_be_switched_off_and_gives_the_same_numbers():
    code = ("from coursekit.systems import compiled, lorenz, simulate\n"
            "from coursekit.population import LotkaVolterra, simulate_noisy\n"
            "print(type(compiled.lorenz).__name__)\n"
            "print(repr(simulate(lorenz(), t_end=1.0, dt=0.01).x[-1].tolist()))\n"
            "print(repr(LotkaVolterra().rhs([[6.0, 2.0]]).tolist()))\n"
            "print(repr(simulate_noisy(LotkaVolterra(), [6.0, 2.0], 0.1, sigma=0.1,\n"
            "                          seed=1).x[-1].tolist()))")
    jit = _run(code).splitlines()
    plain = _run(code, COURSEKIT_DISABLE_JIT="1").splitlines()
    assert jit[0] == "CPUDispatcher" and plain[0] == "function"
    np.testing.assert_allclose(eval(jit[1]), eval(plain[1]), rtol=1e-14)   # same arithmetic
    assert jit[2] == plain[2] == "[[0.0, 1.0]]"
    # the same Generator draws in both; exp/log may differ in the last bit
    np.testing.assert_allclose(eval(jit[3]), eval(plain[3]), rtol=1e-13)


def test_numba_cache_falls_back_to_a_writable_folder_or_none(tmp_path):
    """A read-only package and an unwritable home folder: the temporary folder is used; with
    nothing writable, caching is off (never 'no locator available' at import)."""
    from coursekit import _jit

    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text("x = 1\n")
    blocked = tmp_path / "a-file"
    blocked.write_text("")                       # nothing can be created below a file
    fallback = tmp_path / "tmp"
    assert _jit.cache_dir(package, {}, bases=[blocked / "pkg", blocked / "home", fallback]) \
        .startswith(str(fallback))
    assert _jit.cache_dir(package, {}, bases=[blocked / "pkg", blocked / "home"]) == ""
    shared = tmp_path / "coursekit-shared"          # the temporary-folder fallback: private only
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    assert not _jit._private(shared)                # another user could plant cache files
    assert _jit._private(tmp_path / "coursekit-mine")
    assert (tmp_path / "coursekit-mine").stat().st_mode & 0o777 == 0o700


@pytest.mark.slow
def test_kernels_run_when_no_cache_folder_is_writable():
    code = ("import pathlib\n"
            "def refuse(*args, **kwargs):\n    raise PermissionError('read-only')\n"
            "pathlib.Path.mkdir = refuse\n"
            "import os; os.environ.pop('NUMBA_CACHE_DIR', None)\n"
            "from coursekit import _jit, kinetics as K\n"
            "net = K.ReactionNetwork.parse('0 -> A @ 10; A -> 0 @ 1')\n"
            "run = K.gillespie(net, [0], t_eval=[0.0, 5.0], seed=1)\n"
            "print(_jit.CACHE, run.x.shape)\n")
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         cwd=Path(__file__).resolve().parents[1], timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "(2,", "1)"]


def test_numba_cache_is_keyed_on_the_source_and_writable(tmp_path, monkeypatch):
    """An edit anywhere in the package gives a fresh cache folder (a kernel that inlines an
    edited stepper from another file is never loaded stale); a read-only package caches in
    the home folder; a NUMBA_CACHE_DIR set by the user wins."""
    from pathlib import Path

    from coursekit import _jit

    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text("x = 1\n")
    first = _jit.cache_dir(package, {})
    assert first == str(package / "__pycache__" / f"numba-{_jit.source_hash(package)}")
    (package / "a.py").write_text("x = 2\n")
    assert _jit.cache_dir(package, {}) != first
    assert _jit.cache_dir(package, {"NUMBA_CACHE_DIR": "/x"}) is None
    writable = _jit._writable
    monkeypatch.setattr(_jit, "_writable",
                        lambda folder: "pkg/__pycache__" not in str(folder) and writable(folder))
    home = _jit.cache_dir(package, {})
    assert home.startswith(str(Path.home() / ".cache" / "coursekit"))
    other = tmp_path / "other" / "pkg"                 # a second installation of the same source
    other.mkdir(parents=True)
    (other / "a.py").write_text("x = 2\n")
    assert Path(_jit.cache_dir(other, {})).parent != Path(home).parent   # its own folder
    import numba

    if not _jit.USER_CACHE_DIR:                        # this session uses its own folder
        assert numba.config.CACHE_DIR.endswith(_jit.source_hash())
