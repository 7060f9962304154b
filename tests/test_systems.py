"""The systems library: Jacobians, the integrator, maps, input validation."""

import numpy as np
import pytest

from coursekit.errors import SimulationError
from coursekit.population import LotkaVolterra, simulate
from coursekit.systems import (
    duffing,
    henon,
    integrate,
    logistic,
    lorenz,
    lotka_volterra,
    rossler,
)

SYSTEMS = [lorenz(), rossler(), lotka_volterra(), duffing(), logistic(3.7), henon()]


@pytest.mark.parametrize("system", SYSTEMS, ids=lambda s: s.name)
def test_jacobian_matches_finite_differences(system):
    x = np.asarray(system.x0) + 0.3
    J = system.jacobian(x)
    h = 1e-6
    fd = np.column_stack([(system.rhs(x + h * e) - system.rhs(x - h * e)) / (2 * h)
                          for e in np.eye(system.dim)])
    np.testing.assert_allclose(J, fd, atol=1e-6)


def test_lotka_volterra_is_the_population_model():
    orbit = integrate(lotka_volterra(), 10.0, dt=0.01)
    ref = simulate(LotkaVolterra(), [6.0, 2.0], 10.0, dt=0.01)
    np.testing.assert_allclose(orbit.x, ref.x, rtol=0, atol=1e-13)


def test_rk4_order_on_lorenz():
    ref = integrate(lorenz(), 0.5, dt=1e-5).x[-1]
    err = [np.abs(integrate(lorenz(), 0.5, dt=h).x[-1] - ref).max() for h in (0.005, 0.0025)]
    assert 3.8 < np.log2(err[0] / err[1]) < 4.2


def test_maps_iterate_exactly():
    x = integrate(henon(), 3, x0=[0.0, 0.0]).x
    np.testing.assert_allclose(x, [[0, 0], [1, 0], [1 - 1.4, 0.3], [1 - 1.4 * 0.16 + 0.3, -0.12]])
    assert integrate(logistic(4.0), 2, x0=[0.5]).x[:, 0].tolist() == [0.5, 1.0, 0.0]


def test_bad_input_and_blow_up():
    with pytest.raises(ValueError, match="r must"):
        logistic(4.5)
    with pytest.raises(ValueError, match="finite"):
        lorenz(sigma=np.nan)
    with pytest.raises(ValueError, match="state"):
        integrate(lorenz(), 1.0, x0=[1.0, 2.0])
    with pytest.raises(ValueError, match="t_end"):
        integrate(lorenz(), -1.0)
    with pytest.raises(SimulationError, match="t = "):
        integrate(lorenz(), 10.0, dt=0.5, x0=[100.0, 100.0, 100.0])
