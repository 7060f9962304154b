"""The systems library: Jacobians, the integrator, maps, finite checks, input validation."""

import numpy as np
import pytest

from coursekit.errors import InputError, SimulationError
from coursekit.population import LotkaVolterra
from coursekit.population import simulate as simulate_population
from coursekit.systems import (
    competitive_lotka_volterra,
    duffing,
    henon,
    iterate,
    logistic,
    lorenz,
    lotka_volterra,
    rossler,
    simulate,
)

SYSTEMS = [lorenz(), rossler(), lotka_volterra(), competitive_lotka_volterra(), duffing(),
           logistic(3.7), henon()]


@pytest.mark.parametrize("system", SYSTEMS, ids=lambda s: s.name)
def test_jacobian_matches_finite_differences(system):
    x = np.asarray(system.x0) + 0.3
    J = system.jacobian(x)
    h = 1e-6
    fd = np.column_stack([(system.rhs(x + h * e) - system.rhs(x - h * e)) / (2 * h)
                          for e in np.eye(system.dim)])
    np.testing.assert_allclose(J, fd, atol=1e-6)


@pytest.mark.parametrize("system", SYSTEMS, ids=lambda s: s.name)
def test_rhs_broadcasts_over_leading_axes(system):
    xs = np.asarray(system.x0) + np.linspace(0, 0.5, 12).reshape(4, 3, 1)
    out = system.rhs(xs)
    assert out.shape == (4, 3, system.dim)
    np.testing.assert_allclose(out[2, 1], system.rhs(xs[2, 1]), rtol=1e-15)


def test_lotka_volterra_system_is_the_population_model():
    orbit = simulate(lotka_volterra(), t_end=10.0, dt=0.01)
    ref = simulate_population(LotkaVolterra(), [6.0, 2.0], 10.0, dt=0.01)
    np.testing.assert_array_equal(orbit.x, ref.x)


@pytest.mark.parametrize("system", [s for s in SYSTEMS if not s.is_map], ids=lambda s: s.name)
def test_each_compiled_orbit_is_rk4_on_the_systems_own_field(system):
    """Every flow's own kernel against plain-Python RK4 on ``system.rhs`` (agreement to
    rounding: the same steps in the same order, compiled or not)."""
    x = system.state()
    h = 0.01
    for _ in range(100):                      # autonomous fields (Duffing carries its phase)
        k1 = system.rhs(x)
        k2 = system.rhs(x + 0.5 * h * k1)
        k3 = system.rhs(x + 0.5 * h * k2)
        k4 = system.rhs(x + h * k3)
        x = x + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    np.testing.assert_allclose(simulate(system, t_eval=[0.0, 1.0], dt=h).x[-1], x,
                               rtol=1e-12, atol=1e-12)


def test_rk4_order_on_lorenz():
    ref = simulate(lorenz(), t_eval=[0.0, 0.5], dt=1e-5).x[-1]
    err = [np.abs(simulate(lorenz(), t_eval=[0.0, 0.5], dt=h).x[-1] - ref).max()
           for h in (0.005, 0.0025)]
    assert 3.8 < np.log2(err[0] / err[1]) < 4.2


def test_recording_times_fall_on_steps_and_the_step_used_is_reported():
    every_step = simulate(lorenz(), t_end=2.0, dt=0.01)
    sparse = simulate(lorenz(), dt=0.01, t_eval=every_step.t[::10])
    np.testing.assert_allclose(sparse.x, every_step.x[::10], rtol=1e-12, atol=1e-12)
    assert sparse.stats["n_steps"] == every_step.stats["n_steps"] == 200
    odd = simulate(lorenz(), dt=0.01, t_eval=[0.0, 0.025, 1.0])
    assert odd.stats["dt"] == pytest.approx(0.975 / 98) and odd.stats["n_steps"] == 3 + 98
    late = simulate(lorenz(), dt=0.01, t_eval=[0.5, 1.0])      # the run still starts at t = 0
    np.testing.assert_allclose(late.x, every_step.x[[50, 100]], rtol=1e-12)


def test_maps_iterate_exactly():
    x = iterate(henon(), 3, x0=[0.0, 0.0]).x
    np.testing.assert_allclose(x, [[0, 0], [1, 0], [1 - 1.4, 0.3], [1 - 1.4 * 0.16 + 0.3, -0.12]])
    assert iterate(logistic(4.0), 2, x0=[0.5]).x[:, 0].tolist() == [0.5, 1.0, 0.0]
    assert iterate(logistic(4.0), 2, x0=[0.5], transient=1).x[0, 0] == 1.0


def test_blow_ups_are_reported_with_their_time_also_in_the_transient():
    with pytest.raises(SimulationError, match="t = ") as info:
        simulate(lorenz(), [100.0, 100.0, 100.0], 10.0, dt=0.5)
    assert info.value.cause == "non-finite" and 0 < info.value.t <= 10.0
    # the transient is checked too: a blow-up there is not silently restarted from x0
    with pytest.raises(SimulationError) as info:
        simulate(lorenz(), [100.0, 100.0, 100.0], 1.0, dt=0.5, transient=10.0)
    assert info.value.t <= 10.0
    with pytest.raises(SimulationError, match="iterate") as info:
        iterate(henon(), 100, x0=[2.0, 2.0])                        # escapes to infinity
    assert info.value.t == int(info.value.t) and info.value.t < 100
    with pytest.raises(SimulationError, match="fell below 0"):
        simulate(competitive_lotka_volterra(), [1e6, 1.0], 10.0, dt=0.5)


@pytest.mark.parametrize("call, match", [
    (lambda: logistic(4.5), "r must"),
    (lambda: lorenz(sigma=np.nan), "sigma"),
    (lambda: lotka_volterra(alpha=0.0), "alpha must be a positive"),
    (lambda: competitive_lotka_volterra(a12=-1.0), "a12 must be a non-negative"),
    (lambda: simulate(lorenz(), [1.0, 2.0], 1.0), "shape"),
    (lambda: simulate(lorenz(), t_end=-1.0), "t_end"),
    (lambda: simulate(lorenz(), t_end=1.0, dt=0.0), "dt"),
    (lambda: simulate(lorenz(), t_end=1.0, transient=-1.0), "transient"),
    (lambda: simulate(lorenz()), "give the final time"),
    (lambda: simulate(henon(), t_end=1.0), "use coursekit.systems.iterate"),
    (lambda: iterate(lorenz(), 10), "use coursekit.systems.simulate"),
    (lambda: iterate(henon(), 2.5), "n_steps"),
    (lambda: simulate("lorenz", t_end=1.0), "System"),
    (lambda: simulate(lotka_volterra(), [-1.0, 1.0], 1.0), "at least 0"),
])
def test_bad_input(call, match):
    with pytest.raises(InputError, match=match):
        call()


def test_every_system_has_its_own_compiled_kernels():
    """Each algorithm is compiled per system (one entry kernel each, see systems.compiled): a
    system missing from a kernel table would fail only when first used, so check the tables."""
    from coursekit.analysis import _kernels as analysis_kernels
    from coursekit.systems import _kernels, compiled

    assert set(_kernels.ORBIT) == set(analysis_kernels.FLOW_SPECTRUM) == set(compiled.FLOWS)
    assert set(_kernels.ITERATE) == set(analysis_kernels.MAP_SPECTRUM) == set(compiled.MAPS)
    for table in (_kernels.ORBIT, _kernels.ITERATE, analysis_kernels.FLOW_SPECTRUM,
                  analysis_kernels.MAP_SPECTRUM):
        assert len(set(map(id, table.values()))) == len(table)     # no kernel shared by two
