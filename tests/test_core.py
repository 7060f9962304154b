"""The core: seeding helpers and the house JIT decorator."""

import os
import subprocess
import sys

import numpy as np
import pytest

from coursekit import _random


def test_kernel_seed_accepts_ints_generators_and_seed_sequences():
    assert _random.kernel_seed(3) == _random.kernel_seed(3)
    g1, g2 = np.random.default_rng(3), np.random.default_rng(3)
    assert _random.kernel_seed(g1) == _random.kernel_seed(g2)
    assert 0 <= _random.kernel_seed(np.random.SeedSequence(9)) < 2**31
    assert isinstance(_random.kernel_seed(None), int)


@pytest.mark.parametrize("bad", [-1, 1.5, "seed", True])
def test_bad_seed_raises(bad):
    with pytest.raises(ValueError, match="seed"):
        _random.as_generator(bad)


def test_spawned_seeds_are_distinct_and_reproducible():
    a = _random.spawn_seeds(123, 50)
    assert a == _random.spawn_seeds(123, 50)
    assert len(set(a)) == 50
    assert _random.spawn_seeds(np.random.SeedSequence(123), 50) == a


def _run(code, **env):
    out = subprocess.run([sys.executable, "-c", code], env={**os.environ, **env},
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_jit_can_be_switched_off_and_gives_the_same_numbers():
    code = ("from coursekit.population import _kernels, LotkaVolterra, simulate, simulate_noisy\n"
            "lv = LotkaVolterra()\n"
            "print(type(_kernels.rk4).__name__)\n"
            "print(repr(simulate(lv, [6.0, 2.0], 1.0, dt=0.01).x[-1].tolist()))\n"
            "print(repr(lv.rhs([[6.0, 2.0]]).tolist()))\n"
            "print(repr(simulate_noisy(lv, [6.0, 2.0], 0.1, 0.1, seed=1).x[-1].tolist()))")
    jit = _run(code).splitlines()
    plain = _run(code, COURSEKIT_DISABLE_JIT="1").splitlines()
    assert jit[0] == "CPUDispatcher" and plain[0] == "function"
    assert jit[1] == plain[1]          # same arithmetic, same floats
    assert jit[2] == plain[2] == "[[0.0, 1.0]]"
    # Numba's generator reproduces NumPy's legacy seeding; exp/log may differ in the last bit
    np.testing.assert_allclose(eval(jit[3]), eval(plain[3]), rtol=1e-13)


def test_numba_cache_goes_to_a_writable_folder_when_the_package_is_read_only(monkeypatch):
    from pathlib import Path

    from coursekit import _jit

    monkeypatch.setattr(os, "access", lambda path, mode: False)
    assert _jit.fallback_cache_dir(Path("/read-only"), {}) == str(
        Path.home() / ".cache" / "coursekit" / "numba")
    assert _jit.fallback_cache_dir(Path("/read-only"), {"NUMBA_CACHE_DIR": "/x"}) is None
    monkeypatch.setattr(os, "access", lambda path, mode: True)
    assert _jit.fallback_cache_dir(Path("/writable"), {}) is None
