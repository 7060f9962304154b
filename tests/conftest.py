"""Shared fixtures. Heavy data is built once per session, on first use, never at import."""

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _no_strict_checks(monkeypatch):
    """Lab checks print in tests unless a test asks for a strict mode."""
    monkeypatch.delenv("COURSEKIT_CHECKS", raising=False)


@pytest.fixture
def rng():
    """A fresh seeded generator for each test: a test's draws do not depend on which tests
    ran before it."""
    return np.random.default_rng(20261125)


@pytest.fixture(scope="session")
def white_noise():
    """200 000 standard normal samples."""
    return np.random.default_rng(1).normal(size=200_000)


@pytest.fixture(scope="session")
def logistic_series():
    """10^5 iterates of the logistic map at r = 4, after a transient."""
    from coursekit.systems import iterate, logistic

    return iterate(logistic(4.0), 100_000, x0=[0.3], transient=1000).x[:, 0]


@pytest.fixture(scope="session")
def lorenz_x():
    """x(t) of Lorenz sampled every 0.01 for 200 time units, on the attractor."""
    from coursekit.systems import lorenz, simulate

    return simulate(lorenz(), t_end=200.0, dt=0.01, transient=20.0).x[:, 0]
