"""The shared numerics layer against exact results, orders of convergence and invariants."""

import numba
import numpy as np
import pytest

from coursekit._jit import python
from coursekit.errors import InputError
from coursekit.numerics import neighbours, ode, spectral, tree

RK4 = python(ode.rk4_step)
DP54 = python(ode.dopri54_step)
VERLET = python(ode.verlet_step)
YOSHIDA = python(ode.yoshida4_step)
EM = python(ode.euler_maruyama_step)


# --- tree arithmetic: compiled and plain Python agree bit for bit ----------------------------------

@numba.njit
def _compiled_ops(x, y, Q):
    a = tree.lin(x, 0.37, (1.0, -2.5), (x, y))
    b = tree.wsum(0.3, (0.1, 0.2, 0.7), (x, y, a))
    cols, norms = tree.gram_schmidt(Q)
    return a, b, tree.mul(x, y), cols, norms, tree.isfinite(a), tree.below(x, 0.0)


def test_tree_operations_compiled_equal_python_bit_for_bit():
    x = ((1.0, 2.0), 3.0)
    y = ((0.5, -1.5), 2.25)
    Q = ((1.0, 2.0, 0.5), (0.3, 1.0, 0.0), (0.0, 0.7, 2.0))
    got = _compiled_ops(x, y, Q)
    want = python(_compiled_ops.py_func)(x, y, Q)
    assert got == want
    cols, norms = want[3], want[4]
    q, r = np.linalg.qr(np.array(Q).T)
    np.testing.assert_allclose(np.abs(np.diag(r)), norms, rtol=1e-14)
    np.testing.assert_allclose(np.abs(np.array(cols).T), np.abs(q), atol=1e-14)


def test_tree_on_arrays_and_normal_draws():
    x = np.arange(3.0)
    np.testing.assert_array_equal(tree.lin(x, 2.0, (1.0,), (x,)), 3 * x)
    z = tree.normal_like(np.random.default_rng(4), (0.0, x))
    ref = np.random.default_rng(4).standard_normal(4)
    assert z[0] == ref[0] and np.array_equal(z[1], ref[1:])
    s, c = tree.sq_sum_count((np.array([3.0, 4.0]),), (np.zeros(2),), (np.zeros(2),), 0.0, 1.0)
    assert (s, c) == (25.0, 2)


# --- Runge–Kutta ---------------------------------------------------------------------------------

def _decay(t, x, a):
    return (-x[0],)


def _integrate(step, f, x0, t_end, n):
    h, x = t_end / n, x0
    for i in range(n):
        x = step(f, i * h, x, h, None)
    return x


def test_rk4_is_exact_for_cubic_quadrature_and_fourth_order():
    x = RK4(lambda t, x, a: (t**3,), 0.0, (0.0,), 0.5, None)
    assert x[0] == pytest.approx(0.5**4 / 4, rel=1e-15)          # Simpson's rule is exact
    err = [abs(_integrate(RK4, _decay, (1.0,), 2.0, n)[0] - np.exp(-2.0)) for n in (20, 40, 80)]
    orders = np.log2(np.array(err[:-1]) / np.array(err[1:]))
    np.testing.assert_allclose(orders, 4.0, atol=0.1)


def test_dormand_prince_is_fifth_order_with_a_fourth_order_error_estimate():
    def step(f, t, x, h, a):
        return DP54(f, t, x, h, f(t, x, a), a)[0]

    err = [abs(_integrate(step, _decay, (1.0,), 2.0, n)[0] - np.exp(-2.0)) for n in (20, 40, 80)]
    orders = np.log2(np.array(err[:-1]) / np.array(err[1:]))
    np.testing.assert_allclose(orders, 5.0, atol=0.15)
    # the embedded estimate is the local error of the fourth-order solution: O(h^5)
    est = [abs(DP54(_decay, 0.0, (1.0,), h, (-1.0,), None)[1][0]) for h in (0.2, 0.1)]
    assert np.log2(est[0] / est[1]) == pytest.approx(5.0, abs=0.2)


@numba.njit
def _forced_pendulum(t, x, a):
    return (x[1], -np.sin(x[0]) - 0.1 * x[1] + 0.5 * np.cos(t))


def _dp5(f, t, x, h, a):
    return DP54(f, t, x, h, f(t, x, a), a)[0]


@pytest.mark.parametrize("step, order", [(RK4, 4), (_dp5, 5)])
def test_runge_kutta_orders_on_a_nonlinear_forced_system(step, order):
    """A damped, forced pendulum (non-autonomous, nonlinear): the error at t = 4 against a
    reference from the fifth-order method with 20 times smaller steps falls with the order."""
    ref = _integrate(_dp5, _forced_pendulum.py_func, (1.0, 0.0), 4.0, 3200)
    err = [np.max(np.abs(np.subtract(_integrate(step, _forced_pendulum.py_func, (1.0, 0.0), 4.0,
                                                n), ref))) for n in (20, 40, 80)]
    orders = np.log2(np.array(err[:-1]) / np.array(err[1:]))
    np.testing.assert_allclose(orders, order, atol=0.2)


@numba.njit
def _pendulum_c(t, q, a):
    return (-np.sin(q[0]),)


@numba.njit
def _all_steppers(n, h, rng):
    """Every stepper n steps, compiled (the same source runs in plain Python below)."""
    x = (1.0, 0.0)
    y = (1.0, 0.0)
    q, v = (1.0,), (0.0,)
    acc = _pendulum_c(0.0, q, None)
    qy, vy, ay = (1.0,), (0.0,), acc
    z = (1.0,)
    w = (1.0,)
    for i in range(n):
        x = ode.rk4_step(_forced_pendulum, i * h, x, h, None)
        y = ode.dopri54_step(_forced_pendulum, i * h, y, h, _forced_pendulum(i * h, y, None),
                             None)[0]
        q, v, acc = ode.verlet_step(_pendulum_c, i * h, q, v, acc, h, None)
        qy, vy, ay = ode.yoshida4_step(_pendulum_c, i * h, qy, vy, ay, h, None)
        z = ode.euler_maruyama_step(_ou_drift, _ou_noise, i * h, z, h,
                                    tree.normal_like(rng, z), None)
        w = ode.heun_step(_ou_drift, _ou_noise, i * h, w, h, tree.normal_like(rng, w), None)
    return x, y, q, v, qy, vy, z, w


@numba.njit
def _ou_drift(t, x, a):
    return (-x[0],)


@numba.njit
def _ou_noise(t, x, a):
    return (0.5,)


def test_every_stepper_compiled_equals_plain_python_bit_for_bit():
    """The steppers are written once; Numba and the plain-Python clone (``python``) take the
    same floating-point path, down to the normal draws of Euler–Maruyama."""
    got = _all_steppers(50, 0.05, np.random.default_rng(7))
    want = python(_all_steppers.py_func)(50, 0.05, np.random.default_rng(7))
    assert got == want
    assert got[-1] != python(_all_steppers.py_func)(50, 0.05, np.random.default_rng(8))[-1]


def test_heun_reproduces_its_ornstein_uhlenbeck_variance_closer_to_the_exact_one():
    """Heun for dX = -theta X dt + sigma dW is X' = a X + sigma sqrt(h) (1 - theta h / 2) Z with
    a = 1 - theta h + (theta h)^2 / 2: stationary variance sigma^2 h (1 - theta h / 2)^2 /
    (1 - a^2), within its standard error; its error against sigma^2 / (2 theta) is O(h^2)
    where Euler-Maruyama's is O(h). Without noise it is the trapezoidal rule, order 2."""
    theta, sigma, h, n_paths = 1.0, 0.5, 0.2, 200_000
    heun = python(ode.heun_step)
    rng = np.random.default_rng(12)
    x = (np.zeros(n_paths),)
    for i in range(60):
        x = heun(lambda t, x, a: (-theta * x[0],), lambda t, x, a: (sigma,), i * h, x, h,
                 tree.normal_like(rng, x), None)
    a = 1 - theta * h + (theta * h) ** 2 / 2
    exact = sigma**2 * h * (1 - theta * h / 2) ** 2 / (1 - a**2)
    assert abs(x[0].var() - exact) < 4 * exact * np.sqrt(2 / n_paths)
    stationary = sigma**2 / (2 * theta)
    euler = sigma**2 / (theta * (2 - theta * h))
    assert abs(exact - stationary) < 0.1 * abs(euler - stationary)
    errors = [abs(heun(lambda t, x, a: (-x[0],), lambda t, x, a: (0.0,), 0.0, (1.0,), dt, (0.0,),
                       None)[0] - np.exp(-dt)) for dt in (0.1, 0.05)]
    assert errors[0] / errors[1] == pytest.approx(8.0, rel=0.05)      # local error O(h^3)


def test_adaptive_dormand_prince_meets_its_tolerance_and_lands_on_the_recording_times():
    def osc(t, x, a):
        return (x[1], -x[0])

    t_eval = np.array([0.0, 0.3, 2.0, 10.0])
    status, xs, t, acc, rej, h_short, h_long = python(ode.dopri54_solve)(
        osc, (1.0, 0.0), t_eval, 0.1, 1e-10, 1e-12, None, 1e-14, np.zeros(1, np.uint8))
    assert status == ode.OK and t == 10.0 and len(xs) == 4
    assert 0 < h_short <= h_long and acc * h_long >= 10.0
    np.testing.assert_allclose([x[0] for x in xs], np.cos(t_eval), atol=1e-8)
    with np.errstate(over="ignore", invalid="ignore"):
        status, *_ = python(ode.dopri54_solve)(lambda t, x, a: (x[0] ** 2,), (1.0,),
                                               np.array([0.0, 2.0]), 0.1, 1e-8, 1e-8, None, 1e-12,
                                               np.zeros(1, np.uint8))
    assert status in (ode.NOT_FINITE, ode.STEP_UNDERFLOW)        # x = 1/(1 - t) blows up at 1


def test_rk4_solve_reports_non_finite_and_below_with_their_times():
    out = np.empty((2, 1))
    status, filled, t = python(ode.rk4_solve)(lambda t, x, a: (-1.0,), (0.5,),
                                              np.array([0.0, 1.0]), 0.1, None, out, 0.0,
                                              np.zeros(1, np.uint8))
    assert status == ode.BELOW and filled == 1 and t == pytest.approx(0.6)
    with np.errstate(over="ignore", invalid="ignore"):
        status, filled, t = python(ode.rk4_solve)(lambda t, x, a: (x[0] ** 2,), (1.0,),
                                                  np.array([0.0, 2.0]), 0.01, None, out, -np.inf,
                                                  np.zeros(1, np.uint8))
    assert status == ode.NOT_FINITE and 1.0 <= t <= 1.2
    halted = np.ones(1, np.uint8)                # a set flag stops the run at its first check
    status, filled, t = python(ode.rk4_solve)(lambda t, x, a: (-1.0,), (0.5,),
                                              np.array([0.0, 1.0]), 0.1, None, out, -np.inf,
                                              halted)
    assert status == ode.HALTED and filled == 1 and t == pytest.approx(0.1)


def test_step_plan_lands_on_every_recording_time():
    assert ode.step_plan(np.array([0.0, 1.0, 1.5]), 0.3) == (6, 0.25)
    assert ode.step_plan(np.array([0.0, 0.0]), 0.3) == (0, 0.0)
    n, h = ode.step_plan(np.linspace(0, 1, 11), 0.1)
    assert n == 10 and h == pytest.approx(0.1)


# --- symplectic integrators ------------------------------------------------------------------------

def _pendulum(t, q, a):
    return (-np.sin(q[0]),)


def _energy(q, v):
    return 0.5 * v[0] ** 2 - np.cos(q[0])


def _run(step, q, v, h, n):
    a = _pendulum(0.0, q, None)
    for i in range(n):
        q, v, a = step(_pendulum, i * h, q, v, a, h, None)
    return q, v


@pytest.mark.parametrize("step, order", [(VERLET, 2), (YOSHIDA, 4)])
def test_symplectic_steps_have_their_order(step, order):
    ref = _run(YOSHIDA, (1.0,), (0.0,), 1e-3, 4000)
    err = [abs(_run(step, (1.0,), (0.0,), 4.0 / n, n)[0][0] - ref[0][0]) for n in (100, 200, 400)]
    orders = np.log2(np.array(err[:-1]) / np.array(err[1:]))
    np.testing.assert_allclose(orders, order, atol=0.15)


@pytest.mark.parametrize("step", [VERLET, YOSHIDA])
def test_symplectic_steps_preserve_area_and_reverse_time(step):
    h = 0.1

    def one(z):
        q, v, _ = step(_pendulum, 0.0, (z[0],), (z[1],), _pendulum(0.0, (z[0],), None), h, None)
        return np.array([q[0], v[0]])

    z0, eps = np.array([1.1, 0.4]), 1e-6
    J = np.column_stack([(one(z0 + eps * e) - one(z0 - eps * e)) / (2 * eps) for e in np.eye(2)])
    assert np.linalg.det(J) == pytest.approx(1.0, abs=1e-9)      # a symplectic map in 1D
    z1 = one(z0)
    back = step(_pendulum, 0.0, (z1[0],), (z1[1],), _pendulum(0.0, (z1[0],), None), -h, None)
    np.testing.assert_allclose([back[0][0], back[1][0]], z0, atol=1e-13)


def test_verlet_energy_error_stays_bounded_while_rk4_drifts():
    h, n = 0.2, 20_000
    q, v, a = (1.0,), (0.0,), _pendulum(0.0, (1.0,), None)
    E0, worst_early, worst_late = _energy(q, v), 0.0, 0.0
    x = (1.0, 0.0)
    for i in range(n):
        q, v, a = VERLET(_pendulum, 0.0, q, v, a, h, None)
        x = RK4(lambda t, s, p: (s[1], -np.sin(s[0])), 0.0, x, h, None)
        dE = abs(_energy(q, v) - E0)
        if i < n // 10:
            worst_early = max(worst_early, dE)
        else:
            worst_late = max(worst_late, dE)
        if i == n // 10:
            rk4_early = abs(_energy((x[0],), (x[1],)) - E0)
    assert worst_early < 5e-3 and worst_late < 1.5 * worst_early   # bounded, O(h^2)
    assert abs(_energy((x[0],), (x[1],)) - E0) > 5 * rk4_early      # RK4 drifts ~ t


# --- Euler–Maruyama -----------------------------------------------------------------------------

def test_euler_maruyama_reproduces_the_ornstein_uhlenbeck_discrete_variance():
    """EM for dX = -theta X dt + sigma dW is X' = (1 - theta h) X + sigma sqrt(h) Z: stationary
    variance sigma^2 / (theta (2 - theta h)) exactly; checked to its standard error."""
    theta, sigma, h, n_paths = 1.0, 0.5, 0.2, 200_000
    rng = np.random.default_rng(11)
    x = (np.zeros(n_paths),)
    for i in range(60):
        x = EM(lambda t, x, a: (-theta * x[0],), lambda t, x, a: (sigma,), i * h, x, h,
               tree.normal_like(rng, x), None)
    exact = sigma**2 / (theta * (2 - theta * h))
    var = x[0].var()
    assert abs(var - exact) < 4 * exact * np.sqrt(2 / n_paths)
    assert abs(var - sigma**2 / (2 * theta)) > 4 * exact * np.sqrt(2 / n_paths)  # h matters


def test_euler_maruyama_has_strong_order_one_half_on_geometric_brownian_motion():
    mu, sigma, T, n_paths = 0.5, 0.8, 1.0, 20_000
    rng = np.random.default_rng(3)
    fine = 256
    dW = rng.standard_normal((fine, n_paths)) * np.sqrt(T / fine)
    exact = np.exp((mu - sigma**2 / 2) * T + sigma * dW.sum(axis=0))
    errors = []
    for n in (16, 64, 256):
        h = T / n
        incr = dW.reshape(n, fine // n, n_paths).sum(axis=1)
        x = (np.ones(n_paths),)
        for i in range(n):
            x = EM(lambda t, x, a: (mu * x[0],), lambda t, x, a: (sigma * x[0],), i * h, x, h,
                   (incr[i] / np.sqrt(h),), None)
        errors.append(np.mean(np.abs(x[0] - exact)))
    slope = np.polyfit(np.log([T / 16, T / 64, T / 256]), np.log(errors), 1)[0]
    assert 0.4 < slope < 0.65


# --- spectral ----------------------------------------------------------------------------------

def test_spectral_derivatives_are_exact_for_trigonometric_polynomials():
    L = 2 * np.pi * 3
    x = spectral.periodic_grid(32, 0.0, L)
    u = np.sin(2 * np.pi * x / L) + 0.5 * np.cos(6 * np.pi * x / L)
    k1, k3 = 2 * np.pi / L, 6 * np.pi / L
    du = k1 * np.cos(k1 * x) - 0.5 * k3 * np.sin(k3 * x)
    d3u = -k1**3 * np.cos(k1 * x) + 0.5 * k3**3 * np.sin(k3 * x)
    np.testing.assert_allclose(spectral.derivative(u, L), du, atol=1e-13)
    np.testing.assert_allclose(spectral.derivative(u, L, order=3), d3u, atol=1e-12)
    assert spectral.grid_length(x) == pytest.approx(L)


def test_dealias_mask_keeps_two_thirds_of_the_band():
    k = spectral.wavenumbers(96, 2 * np.pi)
    mask = spectral.dealias_mask(k)
    assert k.max() == 48 and mask.sum() == 32 and not mask[32] and mask[31]


def test_etdrk4_coefficients_match_the_direct_formulas_where_those_are_accurate():
    L, h = np.array([-10.0, -3.0 + 2.0j, 5j]), 0.7
    E, E2, Q, f1, f2, f3 = spectral.etdrk4_coefficients(L, h)
    z = h * L
    np.testing.assert_allclose(Q, h * (np.exp(z / 2) - 1) / z, rtol=1e-12)
    np.testing.assert_allclose(f1, h * (-4 - z + np.exp(z) * (4 - 3 * z + z**2)) / z**3,
                               rtol=1e-11)
    np.testing.assert_allclose(f2, h * (2 + z + np.exp(z) * (-2 + z)) / z**3, rtol=1e-11)
    np.testing.assert_allclose(f3, h * (-4 - 3 * z - z**2 + np.exp(z) * (4 - z)) / z**3,
                               rtol=1e-11)
    # and stay finite where the direct formulas cancel catastrophically
    tiny = spectral.etdrk4_coefficients(np.array([1e-9j]), h)
    assert all(np.isfinite(c).all() for c in tiny)
    assert tiny[3][0].real == pytest.approx(h / 6, rel=1e-12)


def test_cfl_limit_and_peak_location():
    assert spectral.cfl_limit(8.0, spectral.STABILITY_BOUND["rk4"]) == pytest.approx(
        np.sqrt(2) / 4)
    with pytest.raises(InputError, match="max_frequency"):
        spectral.cfl_limit(0.0, 2.0)
    x = spectral.periodic_grid(128, -20.0, 20.0)
    u = np.exp(-((x - 3.3333) ** 2)) + 0.6 * np.exp(-((x + 7.1) ** 2))
    np.testing.assert_allclose(spectral.locate_peaks(x, u, 2), [-7.1, 3.3333],
                               atol=0.3125 / 64)


@pytest.mark.parametrize("call, match", [
    (lambda: spectral.periodic_grid(9, 0.0, 1.0), "even"),
    (lambda: spectral.periodic_grid(8, 1.0, 0.0), "greater than x_min"),
    (lambda: spectral.grid_length(np.sort(np.random.default_rng(0).uniform(size=8))),
     "equispaced"),
    (lambda: spectral.dealias_mask(np.arange(4.0), fraction=0.0), "fraction"),
    (lambda: spectral.etdrk4_coefficients(np.zeros(2), -0.1), "h must"),
    (lambda: spectral.locate_peaks(np.arange(8.0), np.ones(7), 1), "shape"),
])
def test_spectral_bad_input(call, match):
    with pytest.raises(InputError, match=match):
        call()


# --- neighbour search: cell lists against all pairs ---------------------------------------------

def _school(rng, kind):
    """Point sets a cell list must get right: a dense cube, a school split into two groups far
    apart, a sparse cloud spread over a huge extent, points on the cubes' edges, one point."""
    if kind == "dense":
        return rng.uniform(0.0, 8.0, (1500, 3))
    if kind == "split":
        group = rng.normal(0.0, 2.0, (400, 3))
        return np.vstack([group, group[:300] + [1e5, -3e4, 7e3]])
    if kind == "sparse":
        return rng.uniform(-1e4, 1e4, (300, 3)) * [1.0, 1e-3, 1e-3]
    if kind == "lattice":                        # distances exactly 1: on the radius, counted
        g = np.arange(6.0)
        return np.stack(np.meshgrid(g, g, g), axis=-1).reshape(-1, 3)
    return np.zeros((1, 3))


@pytest.mark.parametrize("kind", ["dense", "split", "sparse", "lattice", "single"])
def test_cell_list_pairs_equal_all_pairs_and_scipy(kind, rng):
    from scipy.spatial import cKDTree

    pts = _school(rng, kind)
    cells = neighbours.neighbour_pairs(pts, 1.0)
    np.testing.assert_array_equal(cells, neighbours.neighbour_pairs(pts, 1.0, method="all"))
    reference = sorted(cKDTree(pts).query_pairs(1.0 + 1e-12))
    np.testing.assert_array_equal(cells, np.array(reference, np.int64).reshape(-1, 2))
    if kind == "lattice":
        assert len(cells) == 3 * 5 * 36            # 5 unit bonds per line, 36 lines, 3 axes


@pytest.mark.parametrize("box", [3.0, 7.5])
def test_cell_list_pairs_in_a_periodic_box_use_the_minimum_image(box, rng):
    from scipy.spatial import cKDTree

    pts = rng.uniform(-box, 2 * box, (600, 3))      # outside the box too: wrapped
    cells = neighbours.neighbour_pairs(pts, 1.0, box=box)
    np.testing.assert_array_equal(cells, neighbours.neighbour_pairs(pts, 1.0, box=box,
                                                                    method="all"))
    reference = sorted(cKDTree(np.mod(pts, box), boxsize=box).query_pairs(1.0))
    np.testing.assert_array_equal(cells, np.array(reference, np.int64).reshape(-1, 2))


def test_neighbour_pairs_refuse_bad_input():
    with pytest.raises(InputError, match=r"shape \(N, 3\)"):
        neighbours.neighbour_pairs(np.zeros((4, 2)), 1.0)
    with pytest.raises(InputError, match="radius"):
        neighbours.neighbour_pairs(np.zeros((4, 3)), 0.0)
    with pytest.raises(InputError, match="3 radius"):
        neighbours.neighbour_pairs(np.zeros((4, 3)), 1.0, box=2.5)
    with pytest.raises(InputError, match="NaN"):
        neighbours.neighbour_pairs([[0.0, 0.0, np.nan]], 1.0)
    with pytest.raises(InputError, match="extent"):
        neighbours.neighbour_pairs([[0.0, 0.0, 0.0], [1e7, 0.0, 0.0]], 1.0)
    with pytest.raises(InputError, match="method"):
        neighbours.neighbour_pairs(np.zeros((4, 3)), 1.0, method="tree")
