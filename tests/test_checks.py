"""Lab check helpers: messages, return values, strict modes, the chapter-2 checks."""

import numpy as np
import pytest

from coursekit.checks import ch2, check, check_choice, check_function


def test_messages_for_right_wrong_and_unanswered(capsys):
    assert check("x", 1.0, 1.0) is True
    assert check("x", 1.5, 1.0, hint="think") is False
    assert check("x", ..., 1.0) is False
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("✅ x: correct")
    assert out[1].startswith("❌ x: you have 1.5") and "Hint: think" in out[2]
    assert out[3].startswith("⏳ x: not answered yet")


def test_shape_nan_and_type_errors_are_explained(capsys):
    assert not check("v", [1.0, 2.0], np.zeros(3))
    assert not check("v", [np.nan, 1.0], [1.0, 1.0])
    assert not check("v", "seven", 7.0)
    out = capsys.readouterr().out
    assert "expected shape (3,), got shape (2,)" in out
    assert "NaN" in out
    assert "expected a number" in out


def test_check_function_reports_exceptions_and_missing_bodies(capsys):
    def broken(x):
        return 1 / 0

    def empty(x):
        """Not written yet."""

    assert not check_function("f", broken, lambda x: x, [(1.0,)])
    assert not check_function("f", empty, lambda x: x, [(1.0,)])
    assert not check_function("f", 3, lambda x: x, [(1.0,)])
    out = capsys.readouterr().out
    assert "raised ZeroDivisionError" in out
    assert "not answered yet" in out
    assert "expected a function" in out


def test_check_choice():
    assert check_choice("c", " X wins", "x wins", ["x wins", "y wins"])
    assert not check_choice("c", "z wins", "x wins", ["x wins", "y wins"])


def test_strict_modes(monkeypatch):
    monkeypatch.setenv("COURSEKIT_CHECKS", "solutions")
    check("ok", 1.0, 1.0)
    with pytest.raises(AssertionError, match="not answered"):
        check("todo", ..., 1.0)
    with pytest.raises(AssertionError, match="❌"):
        check("bad", 2.0, 1.0)
    monkeypatch.setenv("COURSEKIT_CHECKS", "student")
    check("todo", ..., 1.0)
    with pytest.raises(AssertionError, match="should be unanswered"):
        check("ok", 1.0, 1.0)


def test_chapter_2_checks_accept_right_answers_and_reject_wrong_ones():
    assert ch2.check_rhs(lambda x, y, a, b, g, d: (a * x - b * x * y, d * x * y - g * y))
    assert not ch2.check_rhs(lambda x, y, a, b, g, d: (a * x - b * x * y, d * x * y - g * x))
    assert ch2.check_conserved(
        lambda x, y, a, b, g, d: d * x - g * np.log(x) + b * y - a * np.log(y))
    assert not ch2.check_conserved(lambda x, y, a, b, g, d: d * x + b * y)
    assert ch2.check_small_period(2 * np.pi)
    assert not ch2.check_small_period(2 * np.pi / np.sqrt(2.0))
    assert not ch2.check_period_ratio(1.0)
    assert ch2.check_outcomes(["coexistence", "y wins", "bistability"])
    assert not ch2.check_outcomes(["coexistence", "x wins", "bistability"])
    assert not ch2.check_outcomes(["coexistence"])


def test_chapter_1_checks():
    from coursekit.checks import ch1

    def exact(k, gamma, n0, t_end, rng):
        t, n = 0.0, n0
        while True:
            a0 = k + gamma * n
            t += rng.exponential(1 / a0)
            if t > t_end:
                return n
            n += 1 if rng.random() < k / a0 else -1

    def deterministic(k, gamma, n0, t_end, rng):
        return round(k / gamma * (1 - np.exp(-gamma * t_end)))

    def wrong_rate(k, gamma, n0, t_end, rng):
        return exact(k, 2 * gamma, n0, t_end, rng)

    assert ch1.check_ssa(exact, n_runs=1000)
    assert not ch1.check_ssa(deterministic, n_runs=200)     # right mean, no fluctuations
    assert not ch1.check_ssa(wrong_rate, n_runs=1000)


def test_chapter_1_decay_check_reads_the_students_own_data():
    """A typed -0.5 without data, data of the wrong model, or an exponent that is not the
    slope of the student's data all fail; a run and its own fit pass."""
    from coursekit.analysis import power_law_fit
    from coursekit.checks import ch1
    from coursekit.kinetics import lattice as lat

    t = np.geomspace(1, 3000, 30)
    rho = lat.annihilation(50_000, t, seed=3).density[:, 0]
    fit = power_law_fit(t, rho, xmin=100, seed=1).exponent
    assert ch1.check_decay(t, rho, fit)
    assert not ch1.check_decay(t, ..., -0.5)
    assert not ch1.check_decay(t, rho, fit + 0.05)                  # not their data's slope
    coal = lat.annihilation(50_000, t, coalescence=True, seed=3).density[:, 0]
    assert not ch1.check_decay(t, coal, fit)                        # A + A -> A: twice as dense
    assert not ch1.check_decay(t, np.full(t.size, 0.5) * t ** -0.5, -0.5)   # a made-up curve
    assert not ch1.check_decay([1.0, 2.0], [0.5, 0.4], -0.5)


def test_chapter_1_bracket_check_reads_the_curvature_of_the_students_runs():
    from coursekit.checks import ch1
    from coursekit.kinetics import lattice as lat

    t = np.geomspace(1, 300, 26)
    run = {lam: lat.contact_process_spreading(lam, t, 2000, seed=k, progress=False)
           for k, lam in enumerate([3.2, 3.25, 3.35, 3.4])}
    assert ch1.check_transition_bracket(run[3.25], run[3.35])
    assert not ch1.check_transition_bracket(run[3.35], run[3.25])       # reversed
    assert not ch1.check_transition_bracket(run[3.2], run[3.4])         # 0.2 wide
    assert not ch1.check_transition_bracket(run[3.35], run[3.4])        # both above
    few = lat.contact_process_spreading(3.25, t, 200, seed=9, progress=False)
    assert not ch1.check_transition_bracket(few, run[3.35])             # too few seeds
    assert not ch1.check_transition_bracket((3.2, 3.4), run[3.35])      # numbers, not data
    assert not ch1.check_transition_bracket(..., ...)


def test_chapter_2_leslie_and_gause_checks():
    from coursekit.population import leslie

    L = leslie.leslie_matrix(ch2.LESLIE_F, ch2.LESLIE_S)
    a = leslie.analyse(L)
    assert ch2.check_growth_factor(a.growth_factor)
    assert not ch2.check_growth_factor(a.growth_factor * 1.01)
    assert ch2.check_stable_age(a.stable_age)
    assert not ch2.check_stable_age(np.ones(4) / 4)


def test_chapter_2_fit_check_accepts_any_fit_inside_the_data_uncertainty():
    """Not coursekit's optimum to 1 %: a point on the ridge of the loss, a_ac 10 % or more
    away from the optimum but with n ln(RSS/RSS_min) about 6 < 12.59, passes; one with the
    same step doubled in the most sensitive direction fails."""
    from coursekit.population import gause

    data = gause.load()
    best = gause.fit(data, "leslie_gower")
    assert ch2.check_competition_fit(best.params)
    r0 = gause.residuals("leslie_gower", best.theta, data)
    J = np.column_stack([(gause.residuals("leslie_gower", best.theta + 1e-6 * e, data) - r0)
                         / 1e-6 for e in np.eye(6)])
    vals, vecs = np.linalg.eigh(J.T @ J)
    # n ln(RSS/RSS_min) ~ n |J d|^2 / RSS_min = 6 along the flattest direction
    flat = vecs[:, 0] * np.sqrt(6 * best.rss / best.n / vals[0])
    inside = dict(zip(gause.PARAMS, np.exp(best.theta + flat), strict=True))
    assert abs(inside["a_ac"] / best.params["a_ac"] - 1) > 0.1
    assert ch2.check_competition_fit(inside)
    steep = vecs[:, -1] * np.sqrt(30 * best.rss / best.n / vals[-1])
    assert not ch2.check_competition_fit(dict(zip(gause.PARAMS, np.exp(best.theta + steep), strict=True)))
    assert not ch2.check_competition_fit({"a_ac": 1.0})
    assert not ch2.check_competition_fit(dict.fromkeys(gause.PARAMS, -1.0))
    assert not ch2.check_competition_fit(...)


def test_chapter_2_leslie_gower_step_and_the_gradient_through_the_recursion():
    torch = pytest.importorskip("torch")
    from coursekit.population import gause

    def step(N, M, g, K, a):
        e = np.e ** g
        return e * N / (1 + (e - 1) * (N + a * M) / K)

    assert ch2.check_lg_step(step)
    assert not ch2.check_lg_step(lambda N, M, g, K, a: step(N, 0.0, g, K, a))   # no competitor
    theta = torch.tensor(ch2.THETA_LAB, dtype=torch.float64, requires_grad=True)
    logs = gause._model_logs("leslie_gower", theta, gause.load(), xp=torch)
    mask, obs = gause._observed(gause.load())
    r = logs[torch.tensor(mask)] - torch.tensor(obs[mask])
    (r * r).sum().backward()
    grad = theta.grad.numpy()
    assert ch2.check_loss_gradient(grad)
    assert not ch2.check_loss_gradient(grad * (1 + 1e-3))
    assert not ch2.check_loss_gradient(2 * grad[::-1])


def test_chapter_3_checks():
    from coursekit import solitons as S
    from coursekit.checks import ch3

    assert ch3.check_speed(3.01) and not ch3.check_speed(1.5)
    assert ch3.check_phase_shift(S.phase_shifts(2.0, 1.0)[0])
    assert not ch3.check_phase_shift(0.0)
    x = S.periodic_grid(256, -20.0, 20.0)
    assert ch3.check_momentum(np.sum(S.soliton(x, 0, c=3.0) ** 2) * (x[1] - x[0]))
    assert not ch3.check_momentum(1.0)
    assert not ch3.check_blowup_time(0.5)
    assert not ch3.check_blowup_time(...)


def test_chapter_3_aliasing_table_separates_aliasing_from_resolution():
    """ETDRK4 at a quarter of the stability limit: without the 2/3 rule the coarsest grid
    blows up, the finest drifts as little as with it. The check wants the table of the run."""
    from coursekit.checks import ch3

    table = {(N, d): ch3._aliasing_run(N, d) for N in ch3.ALIASING["N"] for d in (True, False)}
    coarse, fine = ch3.ALIASING["N"][0], ch3.ALIASING["N"][-1]
    assert np.isinf(table[(coarse, False)]) and np.isfinite(table[(coarse, True)])
    assert table[(fine, False)] == pytest.approx(table[(fine, True)], rel=0.2)
    assert table[(96, False)] > 10 * table[(96, True)]
    assert ch3.check_aliasing_table(table)
    wrong = dict(table)
    wrong[(coarse, False)] = 1e-3
    assert not ch3.check_aliasing_table(wrong)
    assert not ch3.check_aliasing_table({})
    assert not ch3.check_aliasing_table(...)


def test_chapter_3_blowup_check_accepts_the_time_the_error_carries():
    """The right answer is the time the SimulationError carries (no message parsing)."""
    import warnings

    from coursekit import solitons as S
    from coursekit.checks import ch3
    from coursekit.errors import SimulationError

    c = ch3.BLOWUP
    x = S.periodic_grid(c["N"], c["x_min"], c["x_max"])
    u0 = S.two_soliton(x, 0, c["k1"], c["k2"], x1=c["x1"], x2=c["x2"])
    with pytest.raises(SimulationError) as info, warnings.catch_warnings(), \
            np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        S.simulate(u0, x, c["t_end"], dt=c["dt"], method="ifrk4", dealias=False)
    assert 0 < info.value.t < c["t_end"]
    assert ch3.check_blowup_time(info.value.t)
    assert not ch3.check_blowup_time(info.value.t * 1.01)


def test_the_chapter_5_checks_accept_the_physics_and_refuse_the_rest(capsys):
    from coursekit import schooling as S
    from coursekit.checks import ch5

    assert not ch5.check_order_map([0.1] * 6, [0.1] * 6)          # no torus at 1.5
    assert "torus" in capsys.readouterr().out
    assert not ch5.check_order_map([0.1] * 5, [0.1] * 5)          # wrong shape
    assert not ch5.check_memory(0.9, 0.9)                          # no loop
    n = [1000, 2000, 4000]
    assert ch5.check_scaling(n, [1e-3, 2e-3, 4e-3], [1e-2, 4e-2, 0.16], 1.0, 2.0)
    assert not ch5.check_scaling(n, [1e-3, 2e-3, 4e-3], [1e-2, 4e-2, 0.16], 1.0, 1.0)  # misfit
    assert not ch5.check_scaling(n, [1e-3, 2e-3], [1e-2, 4e-2, 0.16], 1.0, 2.0)       # shape
    assert ch5.check_order_map([0.14, 0.1, 0.1, 0.9, 1.0, 1.0], [0.17, 0.9, 0.9, 0.04, 0.02, 0.03])
    assert not ch5.check_order_map([0.14, 0.1, 0.1, 0.5, 1.0, 1.0],                  # 3.5: no
                                   [0.17, 0.9, 0.9, 0.4, 0.02, 0.03])                  # parallel
    assert not ch5.check_memory([0.1, 0.2], 0.9)
    run = S.simulate(n_fish=100, t_end=300.0, n_times=2, dr_o=3.5, dr_a=14.0, seed=1)
    p = run.polarisation[-1]
    assert ch5.check_pair_alignment((100 * p**2 - 1) / 99)        # the identity of the chapter
    assert ch5.check_memory(..., 0.9) is False and "not answered" in capsys.readouterr().out


def test_the_chapter_6_checks_accept_the_physics_and_refuse_the_rest(capsys):
    from coursekit.checks import ch6

    exact = np.sqrt(8 / np.pi)
    assert ch6.check_critical_coupling(exact, 1.75)
    assert not ch6.check_critical_coupling(2 * exact, 1.75)          # the formula off by 2
    assert not ch6.check_critical_coupling(exact, 1.0)               # a scan far off
    assert not ch6.check_critical_coupling(exact, "1.6 or so")
    assert ch6.check_critical_coupling(exact, ...) is False and "not answered" in \
        capsys.readouterr().out
    sat = 0.5 * (32**2 - 1) / (12 * 32)
    assert ch6.check_saturated_width(1.02 * sat)
    assert not ch6.check_saturated_width(0.5 * 32 / 12 * 2)          # 2 D L / 12 K: off by 2
    assert ch6.check_growth_exponents(0.245, 0.34)
    assert not ch6.check_growth_exponents(0.5, 0.34)                 # random deposition
    assert not ch6.check_growth_exponents(0.25, 0.27)                # no KPZ
    assert not ch6.check_growth_exponents(0.29, 0.30)                # not told apart
    assert not ch6.check_growth_exponents([0.25], None)


def test_the_chapter_7_part_2_checks_run_the_students_model_on_fresh_data(capsys):
    from coursekit.checks import ch7
    from coursekit.koopman import SINDy
    from coursekit.koopman.forecasting import Persistence

    train, _ = ch7.lorenz_data(30.0, 1.0)
    assert ch7.check_lyapunov_exponent(0.905)
    assert not ch7.check_lyapunov_exponent(0.906 / np.log(2))        # in bits, not nats
    sindy = SINDy().fit(train, dt=ch7.LORENZ_DT)
    assert ch7.check_forecaster(sindy) and ch7.check_reconstruction(sindy)
    persistence = Persistence().fit(train, dt=ch7.LORENZ_DT)
    assert not ch7.check_forecaster(persistence)                     # far below a Lyapunov time
    assert not ch7.check_reconstruction(persistence)                 # a point, not the attractor
    assert "state-space divergence" in capsys.readouterr().out
    assert not ch7.check_forecaster(SINDy().fit(train[::2], dt=2 * ch7.LORENZ_DT))   # wrong step
    assert not ch7.check_forecaster(SINDy().fit(train[:, :2], dt=ch7.LORENZ_DT))     # two components
    assert ch7.check_forecaster(...) is False and "not answered" in capsys.readouterr().out
