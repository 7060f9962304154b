"""Lotka–Volterra: exact properties, an independent solver, convergence, validation."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from coursekit.errors import InputError, SimulationError
from coursekit.population import (
    CompetitiveLotkaVolterra,
    LotkaVolterra,
    classify_equilibrium,
    period,
    simulate,
    simulate_noisy,
)

LV = LotkaVolterra(alpha=1.0, beta=0.5, gamma=1.0, delta=0.25)
RATES = [(1.0, 0.5, 1.0, 0.25), (2.0, 1.0, 0.5, 0.1), (0.7, 1.3, 1.9, 0.4)]


@pytest.mark.parametrize("rates", RATES)
def test_conserved_quantity_is_kept_by_rk4(rates):
    lv = LotkaVolterra(*rates)
    x0 = lv.coexistence * [1.5, 0.8]
    traj = simulate(lv, x0, t_end=100.0, dt=0.005)
    H = lv.conserved_quantity(traj.x)
    # RK4's error here is ~1e-12; a wrong coefficient in H or in the field gives O(1e-2) or more.
    assert np.max(np.abs(H - H[0])) < 1e-9 * abs(H[0])


def test_conserved_quantity_detects_a_wrong_vector_field():
    """The drift test above can fail: H is not conserved by a perturbed field."""
    wrong = LotkaVolterra(1.0, 0.5, 1.0, 0.26)
    traj = simulate(wrong, [6.0, 2.0], t_end=50.0, dt=0.01)
    H = LV.conserved_quantity(traj.x)
    assert np.ptp(H) > 1e-3


def test_rk4_matches_an_independent_solver():
    rk = simulate(LV, [6.0, 2.0], t_end=30.0, dt=0.005)
    sol = solve_ivp(
        lambda t, s: [s[0] - 0.5 * s[0] * s[1], 0.25 * s[0] * s[1] - s[1]],
        (0, 30.0), [6.0, 2.0], method="DOP853", rtol=1e-12, atol=1e-12, t_eval=rk.t,
    )
    assert np.max(np.abs(rk.x - sol.y.T)) < 1e-8


def test_rk4_is_fourth_order():
    ref = simulate(LV, [6.0, 2.0], 10.0, dt=0.01, method="scipy").x[-1]
    steps = np.array([0.1, 0.05, 0.025])
    err = [np.max(np.abs(simulate(LV, [6.0, 2.0], 10.0, dt=h).x[-1] - ref)) for h in steps]
    order = np.polyfit(np.log(steps), np.log(err), 1)[0]
    assert 3.8 < order < 4.2


def test_recording_times_and_time_grid():
    full = simulate(LV, [6.0, 2.0], 2.0, dt=0.01)
    sparse = simulate(LV, [6.0, 2.0], dt=0.01, t_eval=full.t[::10])
    np.testing.assert_allclose(sparse.x, full.x[::10], rtol=1e-13)
    assert full.x.shape == (201, 2) and full.labels == ("prey", "predator")  # time first
    assert full.stats["dt"] == pytest.approx(0.01) and full.stats["n_steps"] == 200
    uneven = simulate(LV, [6.0, 2.0], 1.0, dt=0.3)       # 1 / 0.3 is not whole: 4 steps of 0.25
    assert uneven.stats["dt"] == 0.25 and uneven.t[-1] == 1.0


@pytest.mark.parametrize("rates", RATES)
def test_equilibria_and_their_stability(rates):
    lv = LotkaVolterra(*rates)
    alpha, beta, gamma, delta = rates
    origin, centre = lv.stability()
    assert origin.kind == "saddle"
    np.testing.assert_allclose(sorted(origin.eigenvalues.real), [-gamma, alpha])
    assert centre.kind == "centre"
    np.testing.assert_allclose(centre.point, [gamma / delta, alpha / beta])
    np.testing.assert_allclose(sorted(centre.eigenvalues.imag), [-np.sqrt(alpha * gamma),
                                                                 np.sqrt(alpha * gamma)])
    np.testing.assert_allclose(lv.rhs(centre.point), 0, atol=1e-14)


def test_classify_equilibrium_types():
    assert classify_equilibrium(np.diag([-1.0, -2.0]))[1] == "stable node"
    assert classify_equilibrium(np.diag([1.0, 2.0]))[1] == "unstable node"
    assert classify_equilibrium(np.array([[-0.1, 1.0], [-1.0, -0.1]]))[1] == "stable focus"
    assert classify_equilibrium(np.array([[0.1, 1.0], [-1.0, 0.1]]))[1] == "unstable focus"
    assert classify_equilibrium(np.diag([0.0, 1.0]))[1] == "degenerate"


@pytest.mark.parametrize("rates", RATES)
def test_small_amplitude_period_limit(rates):
    lv = LotkaVolterra(*rates)
    T = period(lv, 1e-4)
    assert abs(T / (2 * np.pi / np.sqrt(rates[0] * rates[2])) - 1) < 1e-7


def test_period_against_event_detection_in_scipy():
    """An independent measurement: DOP853 with an event on the section y = y*."""
    for a in (0.3, 1.0, 2.5):
        x0 = [LV.coexistence[0] * (1 + a), LV.coexistence[1]]
        event = lambda t, s: s[1] - LV.coexistence[1]  # noqa: E731
        event.direction = 1
        sol = solve_ivp(lambda t, s: LV.rhs(s), (0, 100), x0, method="DOP853", rtol=1e-12,
                        atol=1e-12, events=event)
        crossings = sol.t_events[0][sol.t_events[0] > 1e-6]
        assert abs(period(LV, a) - crossings[0]) < 1e-8 * crossings[0]


def test_period_grows_with_amplitude_and_time_averages_equal_the_equilibrium():
    amps = np.array([0.1, 0.5, 1.0, 2.0])
    T = period(LV, amps)
    assert np.all(np.diff(T) > 0)
    # Over one exact period, the time averages of x and y are x* and y* (integrate x'/x, y'/y).
    n = 20000
    traj = simulate(LV, [LV.coexistence[0] * 3.0, LV.coexistence[1]], T[-1], dt=T[-1] / n)
    mean = np.trapezoid(traj.x, traj.t, axis=0) / T[-1]
    np.testing.assert_allclose(mean, LV.coexistence, rtol=1e-7)


def test_competition_outcomes_and_interior_equilibrium():
    cases = {(0.5, 0.5): "coexistence", (0.6, 1.4): "x wins", (1.4, 0.6): "y wins",
             (1.5, 1.5): "bistability"}
    for (a12, a21), outcome in cases.items():
        assert CompetitiveLotkaVolterra(a12=a12, a21=a21).outcome() == outcome
    clv = CompetitiveLotkaVolterra(r1=1.0, r2=0.7, K1=2.0, K2=1.5, a12=0.4, a21=0.6)
    interior = clv.equilibria()[-1]
    np.testing.assert_allclose(interior, [(2.0 - 0.4 * 1.5) / 0.76, (1.5 - 0.6 * 2.0) / 0.76])
    np.testing.assert_allclose(clv.rhs(interior), 0, atol=1e-14)
    end = simulate(clv, [0.1, 0.1], 200.0, dt=0.01).x[-1]
    np.testing.assert_allclose(end, interior, atol=1e-8)


def test_competitive_exclusion_with_the_scipy_reference():
    """The loser dies out: DOP853 may undershoot zero by its tolerance (rounding, clipped),
    which must not be reported as leaving the quadrant; RK4 and DOP853 agree on the outcome."""
    clv = CompetitiveLotkaVolterra(r1=2.0, a12=1.5, a21=0.5)
    assert clv.outcome() == "y wins"          # a12 > K1 / K2 and a21 < K2 / K1
    ref = simulate(clv, [0.5, 0.5], 100.0, method="scipy")
    rk4 = simulate(clv, [0.5, 0.5], 100.0, dt=0.01)
    assert ref.x.min() >= 0.0 and ref.x[-1, 0] < 1e-8
    np.testing.assert_allclose(ref.x[-1], rk4.x[-1], atol=1e-8)
    np.testing.assert_allclose(ref.x[-1], [0.0, clv.K2], atol=1e-8)


def test_noisy_runs_are_reproducible_and_seed_dependent():
    a = simulate_noisy(LV, [6.0, 2.0], 2.0, sigma=0.2, n_paths=4, seed=11)
    b = simulate_noisy(LV, [6.0, 2.0], 2.0, sigma=0.2, n_paths=4, seed=11)
    c = simulate_noisy(LV, [6.0, 2.0], 2.0, sigma=0.2, n_paths=4, seed=12)
    rng = np.random.default_rng(11)
    gen = simulate_noisy(LV, [6.0, 2.0], 2.0, sigma=0.2, n_paths=4, seed=rng)
    gen2 = simulate_noisy(LV, [6.0, 2.0], 2.0, sigma=0.2, n_paths=4, seed=rng)
    again = simulate_noisy(LV, [6.0, 2.0], 2.0, sigma=0.2, n_paths=4,
                           seed=np.random.default_rng(11))
    assert np.array_equal(a.x, b.x)
    assert not np.array_equal(a.x, c.x)
    assert gen.x.shape == a.x.shape == (2001, 4, 2)      # every step of dt = 1e-3
    assert np.array_equal(gen.x, again.x)     # a fresh Generator in the same state: same paths
    assert not np.array_equal(gen.x, gen2.x)  # a Generator is advanced in place
    assert np.all(a.x > 0)


def test_noisy_paths_do_not_depend_on_threads_and_extend_as_a_prefix():
    """Paths are keyed by index in blocks of _random.BLOCK (coursekit._random): the same seed
    gives the same paths on one thread or many, and fewer paths are a prefix of more."""
    import numba

    if numba.config.NUMBA_NUM_THREADS < 2:
        pytest.skip("one Numba thread only: thread independence cannot be observed")
    many = simulate_noisy(LV, [6.0, 2.0], 0.5, sigma=0.2, n_paths=40, seed=3)
    before = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        one = simulate_noisy(LV, [6.0, 2.0], 0.5, sigma=0.2, n_paths=40, seed=3)
    finally:
        numba.set_num_threads(before)
    assert np.array_equal(many.x, one.x)
    few = simulate_noisy(LV, [6.0, 2.0], 0.5, sigma=0.2, n_paths=5, seed=3)
    assert np.array_equal(few.x, many.x[:, :5])
    assert not np.array_equal(many.x[:, 0], many.x[:, 1])


def test_noise_drives_H_upwards_at_the_ito_rate():
    """E[H(t)] - H(0) = sigma^2 (alpha + gamma) t / 2 over whole cycles (Itô's formula)."""
    sigma, T = 0.1, period(LV, 0.5)
    t_end = round(5 * T, 2)
    n_steps = int(round(t_end / 1e-3))
    run = simulate_noisy(LV, [6.0, 2.0], sigma=sigma, dt=1e-3, t_eval=[0.0, t_end],
                         n_paths=600, seed=5)
    assert run.stats["n_steps"] == n_steps
    H = LV.conserved_quantity(run.x)
    gain = H[-1].mean() - H[0, 0]
    stderr = H[-1].std() / np.sqrt(H.shape[1])
    expected = 0.5 * sigma**2 * (LV.alpha + LV.gamma) * t_end
    assert abs(gain - expected) < 4 * stderr + 0.05 * expected


def test_zero_noise_keeps_H():
    run = simulate_noisy(LV, [6.0, 2.0], sigma=0.0, dt=1e-4, t_eval=np.linspace(0, 10, 11),
                         seed=0)
    H = LV.conserved_quantity(run.x[:, 0])
    assert np.ptp(H) < 1e-3  # Euler-Maruyama with sigma = 0 is explicit Euler in ln x, ln y


@pytest.mark.parametrize("bad", [dict(alpha=-1.0), dict(beta=0.0), dict(gamma=np.nan),
                                 dict(delta=np.inf)])
def test_bad_rates_raise(bad):
    with pytest.raises(InputError, match="positive"):
        LotkaVolterra(**bad)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(x0=[1.0, 2.0, 3.0]), "x0"),
        (dict(x0=[-1.0, 2.0]), "x0"),
        (dict(x0=[np.nan, 2.0]), "x0"),
        (dict(t_end=-1.0), "t_end"),
        (dict(dt=0.0), "dt"),
        (dict(dt=2.0), "at most 1 / max rate"),
        (dict(t_eval=[0.0, 2.0, 1.0]), "non-decreasing"),
        (dict(method="euler"), "method"),
    ],
)
def test_bad_simulation_input_raises(kwargs, match):
    args = dict(x0=[6.0, 2.0], t_end=10.0, dt=0.01) | kwargs
    with pytest.raises(InputError, match=match):
        simulate(LV, **args)


def test_bad_period_and_noise_input_raise():
    with pytest.raises(InputError, match="amplitude"):
        period(LV, 0.0)
    with pytest.raises(InputError, match="LotkaVolterra"):
        period(CompetitiveLotkaVolterra(), 0.1)
    with pytest.raises(InputError, match="sigma"):
        simulate_noisy(LV, [6.0, 2.0], 1.0, sigma=-0.1)
    with pytest.raises(InputError, match="seed"):
        simulate_noisy(LV, [6.0, 2.0], 1.0, sigma=0.1, seed=-3)
    with pytest.raises(InputError, match="a12"):
        CompetitiveLotkaVolterra(a12=-0.5)
    with pytest.raises(InputError, match="positive"):
        LV.conserved_quantity([0.0, 1.0])


def test_blow_up_is_reported_with_its_time():
    clv = CompetitiveLotkaVolterra(r1=1.0, r2=1.0, K1=1.0, K2=1.0)
    with pytest.raises(SimulationError, match=r"at t = "):
        simulate(clv, [1e6, 1.0], 10.0, dt=0.5)


@settings(max_examples=25, deadline=None)
@given(
    rates=st.tuples(*[st.floats(0.2, 2.0)] * 4),
    scale=st.tuples(st.floats(0.5, 2.0), st.floats(0.5, 2.0)),
)
def test_H_is_conserved_for_any_rates(rates, scale):
    lv = LotkaVolterra(*rates)
    traj = simulate(lv, lv.coexistence * np.array(scale), t_end=10.0, dt=0.002)
    H = lv.conserved_quantity(traj.x)
    assert np.ptp(H) < 1e-7 * max(1.0, abs(H[0]))


@settings(max_examples=25, deadline=None)
@given(value=st.one_of(st.floats(max_value=0.0), st.just(float("nan"))),
       which=st.sampled_from(["alpha", "beta", "gamma", "delta"]))
def test_any_non_positive_rate_raises(value, which):
    with pytest.raises(InputError):
        LotkaVolterra(**{which: value})
