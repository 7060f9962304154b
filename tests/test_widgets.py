"""Dashboards: the headless rendering, the live one and the kernel-free one share `update`."""

import numpy as np
import pytest

from coursekit.population import LotkaVolterra, simulate
from coursekit.widgets import Dashboard, Slider, lotka_volterra_dashboard


def test_update_draws_the_solution_of_the_chosen_parameters():
    dash = lotka_volterra_dashboard()
    fig, state = dash.render(alpha=1.5, x0=7.0)
    traj = simulate(LotkaVolterra(1.5, 0.5, 1.0, 0.25), [7.0, 2.0], 30.0, dt=0.005)
    x, y = state["orbit"].get_data()
    np.testing.assert_array_equal(x, traj.x[:, 0])
    np.testing.assert_array_equal(y, traj.x[:, 1])
    assert state["ax_phase"].get_xlabel().startswith("prey density")
    # in place: a second update changes the same artists
    dash.update(state, **dash.values(alpha=0.5))
    assert state["orbit"] is state["ax_phase"].lines[0]
    assert not np.array_equal(state["orbit"].get_data()[0], traj.x[:, 0])


def test_values_are_validated():
    dash = lotka_volterra_dashboard()
    with pytest.raises(ValueError, match="unknown"):
        dash.values(omega=1.0)
    with pytest.raises(ValueError, match="inside the slider range"):
        dash.values(alpha=100.0)
    with pytest.raises(ValueError):
        Slider("a", "a", 0.0, 1.0, 0.1, 2.0)


def test_live_dashboard_redraws_on_a_slider_move():
    calls = []

    def setup():
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots()
        return fig, {"ax": ax}

    def update(state, a):
        calls.append(a)

    box = Dashboard("test", (Slider("a", "a", 0.0, 1.0, 0.1, 0.5),), setup, update).live()
    slider = box.children[1].children[0]
    slider.value = 0.8
    assert calls == [0.5, 0.8]


def test_static_rendering_has_one_frame_per_grid_value():
    html = lotka_volterra_dashboard().static("x0", grid=[5.0, 6.0, 7.0]).data
    assert html.count("frames[") >= 3 and "animation" in html
    assert "<link" not in html  # Matplotlib's CDN stylesheet is dropped (offline book)
    with pytest.raises(ValueError, match="scrub"):
        lotka_volterra_dashboard().static("nope")


def test_chapter_dashboards_draw_what_coursekit_computes():
    from coursekit.population import leslie
    from coursekit.widgets import (
        competition_dashboard,
        leslie_dashboard,
        may_leonard_dashboard,
        ssa_dashboard,
    )

    dash = leslie_dashboard()
    fig, state = dash.render(f1=2.0)
    a = leslie.analyse(leslie.leslie_matrix([0.0, 2.0, 1.0], [0.5, 0.8]))
    np.testing.assert_allclose(state["stable"].get_data()[0], a.stable_age)
    assert f"λ = {a.growth_factor:.3f}" in state["title"].get_text()

    dash = ssa_dashboard()
    fig, state = dash.render(size=500)
    dens = state["lines"][0].get_data()[1]
    assert dens.shape == (401,) and 0.5 < np.mean(dens[200:]) < 1.5   # near capacity 1

    dash = competition_dashboard()
    fig, state = dash.render(a_ac=0.0)
    no_effect = state["lines"][("together", 0)].get_data()[1]
    alone = state["lines"][("alone", 0)].get_data()[1]
    np.testing.assert_allclose(no_effect, alone)        # a_ac = 0: caudatum does not matter

    dash = may_leonard_dashboard()
    fig, state = dash.render(eps=1.0)
    img = state["img"].get_array()
    assert img.shape == (100, 100) and set(np.unique(img)) <= {0, 1, 2, 3}
    # the mobility of Reichenbach, Mobilia and Frey: M = 2 eps / (sigma N), not per sweep
    assert "M = 2ε/(σN) = 2.0e-04, below" in state["title"].get_text()
    fig, state = dash.render(eps=3.0, sigma=0.5, mu=0.5)
    assert "M = 2ε/(σN) = 1.2e-03, above" in state["title"].get_text()
    fig, state = dash.render(eps=3.0, sigma=0.5, mu=1.0)     # M_c is known for sigma = mu only
    assert "is known for σ = μ" in state["title"].get_text()


def test_the_school_dashboard_draws_the_run_of_its_sliders():
    from coursekit import schooling as S
    from coursekit.widgets import school_dashboard

    dash = school_dashboard()
    fig, state = dash.render(dr_o=10.0, blind=0.0, noise=0.1)
    run = S.simulate(n_fish=100, t_end=200.0, n_times=201, dr_o=10.0, dr_a=14.0, noise=0.1,
                     perception=360.0, seed=2026)
    np.testing.assert_array_equal(state["p"].get_data()[1], run.polarisation)
    np.testing.assert_array_equal(state["m"].get_data()[1], run.milling)
    # the 3D view shows the last positions, centred on the centroid
    centred = run.x[-1] - run.x[-1].mean(axis=0)
    np.testing.assert_allclose(np.column_stack(state["ax3"].collections[0]._offsets3d), centred)
    shafts = np.asarray(state["ax3"].collections[1]._segments3d)[:100]   # (tip, tail); heads
    np.testing.assert_allclose(shafts[:, 1], centred)
    np.testing.assert_allclose(shafts[:, 0] - shafts[:, 1], 1.5 * run.heading[-1], atol=1e-12)
    p_last = run.polarisation[run.t >= 150.0].mean()
    assert f"p = {p_last:.2f}" in state["title"].get_text() and p_last > 0.99


def test_the_ring_dashboard_draws_the_rings_of_its_sliders():
    from coursekit import sync as Y
    from coursekit.widgets import ring_dashboard
    from coursekit.widgets.sync import REPLICAS, SEED, T_EVAL, L, step

    fig, state = ring_dashboard().render(K=1.0, D=0.02, b=6.0)
    rings = Y.simulate_ring(L, K=1.0, D=0.02, b=6.0, t_eval=T_EVAL, replicas=REPLICAS, seed=SEED,
                            dt=step(1.0, 6.0))
    growth = Y.growth_exponent(rings, 20.0, 200.0, n_boot=200, seed=SEED)
    np.testing.assert_array_equal(state["w2"].get_data()[1], growth.width2[rings.t > 0])
    h = rings.x[np.isin(rings.t, np.linspace(0.0, 200.0, 101)), 0]
    np.testing.assert_allclose(state["img"].get_array(), h - h.mean(axis=1, keepdims=True))
    assert f"β = {growth.beta:.2f}" in state["title"].get_text()
    assert state["title"].get_text().endswith(Y.classify_growth(growth))
    assert step(3.0, 8.0) == pytest.approx(0.8 * Y.step_limit(3.0, 8.0))   # the sliders' corner
    fig, state = ring_dashboard().render(K=3.0, D=0.05, b=8.0)              # stable there


def test_the_dmd_dashboard_shows_the_fit_of_its_rank():
    from coursekit.koopman import DMD
    from coursekit.widgets import dmd_dashboard
    from coursekit.widgets.koopman import FIELD_EIGENVALUES, example_field

    t, grid, field = example_field()
    fig, state = dmd_dashboard().render(rank=5)
    model = DMD(rank=5).fit(field, dt=t[1] - t[0])
    np.testing.assert_array_equal(state["eig"].get_offsets(),
                                  np.c_[model.eigenvalues_.real, model.eigenvalues_.imag])
    np.testing.assert_array_equal(state["eig"].get_array(), model.residuals_)
    # at the true rank the five eigenvalues are the field's, and all are verified
    found = np.log(model.eigenvalues_) / (t[1] - t[0])
    assert max(np.min(np.abs(found - w)) for w in FIELD_EIGENVALUES) < 0.01
    assert "5 of 5 eigenvalues" in state["title"].get_text()
    fig, state = dmd_dashboard().render(rank=12)                     # noise modes: not verified
    assert "5 of 12 eigenvalues" in state["title"].get_text()


def test_the_sindy_dashboard_shows_the_identified_model():
    from coursekit.koopman import SINDy
    from coursekit.widgets import sindy_dashboard
    from coursekit.widgets.koopman import DT_SINDY, SEED, _lorenz_samples

    fig, state = sindy_dashboard().render(noise=2.0, threshold=0.5)
    X = np.array(_lorenz_samples())
    X += 0.02 * X.std(axis=0) * np.random.default_rng(SEED).standard_normal(X.shape)
    model = SINDy(threshold=0.5, differentiation="savgol").fit(X, dt=DT_SINDY)
    np.testing.assert_array_equal(state["img"].get_array(), model.coef_)
    assert state["eqs"].get_text().splitlines() == model.equations(2)
    assert "7 terms" in state["title"].get_text()
    fig, state = sindy_dashboard().render(noise=1.0, threshold=3.0)     # too sparse: 2 terms
    assert "2 terms" in state["title"].get_text()
