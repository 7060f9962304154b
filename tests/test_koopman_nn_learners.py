"""The StNN, the recurrent learners (PLRNN, AL-RNN) and the reconstruction measures (CPU)."""

import numpy as np
import pytest

from coursekit import systems
from coursekit.errors import InputError
from coursekit.koopman import HankelDMD
from coursekit.koopman.forecasting import (
    Persistence,
    forecast,
    power_spectrum_distance,
    state_space_divergence,
    valid_prediction_times,
)

torch = pytest.importorskip("torch", reason="the neural learners need the optional torch extra")

from coursekit.koopman.nn import ALRNN, PLRNN, StNN  # noqa: E402

CPU = dict(device="cpu")                                   # tests never use a GPU
SMALL = {
    "stnn": lambda seed: StNN(delays=3, layers=1, epochs=150, learning_rate=1e-2, seed=seed, **CPU),
    "dense": lambda seed: StNN(delays=3, layers=1, structure="dense", epochs=150, learning_rate=1e-2,
                               seed=seed, **CPU),
    "plrnn": lambda seed: PLRNN(latent_dim=4, hidden=16, horizon=10, epochs=60, batch_size=32,
                                learning_rate=1e-2, seed=seed, **CPU),
    "alrnn": lambda seed: ALRNN(latent_dim=5, n_relu=2, horizon=10, epochs=60, batch_size=32,
                                learning_rate=1e-2, seed=seed, **CPU),
}


@pytest.fixture(scope="module")
def lotka_volterra():
    lv = systems.lotka_volterra()
    t = 0.1 * np.arange(161)
    run = lambda x0: np.array(systems.simulate(lv, x0=x0, t_end=t[-1], dt=0.01, t_eval=t).x)  # noqa: E731
    return [run(x0) for x0 in ([6.0, 2.0], [4.0, 3.0], [5.0, 1.5])], run([5.0, 2.5])


def one_step_error(model, series):
    q = getattr(model, "delays", 1)
    prediction = model.predict(series)[:-1] if q > 1 else model.predict(series[:-1])
    return np.abs(prediction - series[q:]).mean()


@pytest.fixture(scope="module")
def fitted(lotka_volterra):
    runs, _ = lotka_volterra
    return {name: make(0).fit(runs, dt=0.1) for name, make in SMALL.items()}


@pytest.mark.parametrize("name", list(SMALL))
def test_each_learner_beats_persistence_on_a_held_out_orbit(fitted, lotka_volterra, name):
    _, held_out = lotka_volterra
    model = fitted[name]
    assert model.device_ == "cpu"
    persistence = Persistence().fit(held_out, dt=0.1)
    assert one_step_error(model, held_out) < 0.3 * one_step_error(persistence, held_out)
    lam = 0.1                          # not chaotic: a nominal rate turns steps into "Lyapunov times"
    vpt_model = np.median(valid_prediction_times(model, held_out, lam, n_starts=5, n_steps=60))
    vpt_persistence = np.median(valid_prediction_times(persistence, held_out, lam, n_starts=5, n_steps=60))
    assert vpt_model > 2 * vpt_persistence


@pytest.mark.parametrize("name", ["stnn", "plrnn", "alrnn"])
def test_seeded_training_is_bit_reproducible(lotka_volterra, name):
    runs, held_out = lotka_volterra
    short = lambda seed: SMALL[name](seed).set_params(epochs=5).fit(runs, dt=0.1)  # noqa: E731
    a, b, c = short(7), short(7), short(8)
    assert a.history_ == b.history_ != c.history_
    assert np.array_equal(a.simulate(held_out[:5], 30).x, b.simulate(held_out[:5], 30).x) if name == "stnn" \
        else np.array_equal(a.simulate(held_out[0], 30).x, b.simulate(held_out[0], 30).x)


@pytest.mark.parametrize("name", list(SMALL))
def test_save_and_load_predict_identically(fitted, lotka_volterra, tmp_path, name):
    _, held_out = lotka_volterra
    model = fitted[name]
    again = type(model).load(model.save(tmp_path / f"{name}.pt"))
    assert np.array_equal(again.mean_, model.mean_) and np.array_equal(again.scale_, model.scale_)
    assert np.array_equal(again.predict(held_out), model.predict(held_out))
    start = held_out[:5] if name in ("stnn", "dense") else held_out[0]
    assert np.array_equal(again.simulate(start, 40).x, model.simulate(start, 40).x)
    if name == "alrnn":                                       # the symbolic code survives too
        assert np.array_equal(again.symbols(start, 40), model.symbols(start, 40))
        assert np.array_equal(again.subregion_map(1)[0], model.subregion_map(1)[0])


def test_stnn_parameter_counts_follow_the_hankel_structure(fitted):
    m = 3 * 2                                                  # delays x components
    hankel, dense = fitted["stnn"], fitted["dense"]
    assert hankel.n_parameters_ == (2 * m - 1) + m + 2 * m + 2
    assert dense.n_parameters_ == m * m + m + 2 * m + 2
    assert hankel.multiply_adds_ == dense.multiply_adds_ == m * m + 2 * m
    H = hankel.net_.matrices()[0].detach().numpy()
    assert np.array_equal(H, H.T) and np.array_equal(H[1:, :-1], H[:-1, 1:])   # constant anti-diagonals


def test_alrnn_free_run_is_its_piecewise_linear_maps_in_the_symbolic_order(fitted, lotka_volterra):
    model = fitted["alrnn"]
    _, held_out = lotka_volterra
    z = model.latent(held_out[0], 100)
    symbols = model.symbols(held_out[0], 100)
    maps = {s: model.subregion_map(s) for s in range(4)}
    for k in range(100):
        A, h = maps[symbols[k]]
        assert np.allclose(A @ z[k] + h, z[k + 1], atol=1e-5)
    assert np.allclose(z[:, :2] * model.scale_ + model.mean_, model.simulate(held_out[0], 100).x, atol=1e-4)
    with pytest.raises(InputError, match="below 2\\*\\*n_relu"):
        model.subregion_map(4)


def test_teacher_forcing_interpolates_between_free_run_and_one_step_loss(lotka_volterra):
    runs, _ = lotka_volterra
    model = PLRNN(latent_dim=2, hidden=8, horizon=5, epochs=1, seed=0, dtype="float64", **CPU).fit(runs, dt=0.1)
    batch = torch.as_tensor((runs[0][:6] - model.mean_) / model.scale_)[None]
    net = model.net_

    def loss(alpha):
        model._p = dict(model._p, alpha=alpha)
        return float(model._loss(torch, net, batch))

    with torch.no_grad():                                      # alpha = 1: every step from the data
        one_step = np.mean([float(torch.mean((net(batch[:, k]) - batch[:, k + 1]) ** 2)) for k in range(5)])
        z, free = batch[:, 0], []
        for k in range(5):                                     # alpha = 0: a free run
            z = net(z)
            free.append(float(torch.mean((z - batch[:, k + 1]) ** 2)))
        assert loss(1.0) == pytest.approx(one_step, rel=1e-12)
        assert loss(0.0) == pytest.approx(np.mean(free), rel=1e-12)


def test_learner_errors():
    with pytest.raises(InputError, match="structure"):
        StNN(structure="toeplitz")
    with pytest.raises(InputError, match="alpha"):
        PLRNN(alpha=1.5)
    with pytest.raises(InputError, match="n_relu=4 exceeds latent_dim=3"):
        ALRNN(latent_dim=3, n_relu=4)
    with pytest.raises(InputError, match="smaller than the 2 observed"):
        PLRNN(latent_dim=1, epochs=1).fit(np.ones((100, 2)) * np.arange(100.0)[:, None])


def test_state_space_divergence_and_power_spectrum_distance():
    rng = np.random.default_rng(1)
    a = rng.normal(size=(50000, 2))
    assert state_space_divergence(a, a) == 0.0
    assert state_space_divergence(rng.normal(size=(50000, 2)), a, bins=10) < 0.01
    shift = state_space_divergence(a + 2.0, a, bins=10)
    assert shift > 1.0
    escaped = a.copy()
    escaped[::2] = 1e6                                         # half the free run escapes the grid
    assert state_space_divergence(escaped, a, bins=10) > np.log(2) - 0.01
    t = 0.01 * np.arange(20000)
    x = np.c_[np.sin(2 * t), np.cos(5 * t)]
    assert power_spectrum_distance(x, x) == pytest.approx(0.0, abs=1e-7)
    assert power_spectrum_distance(x[::-1], x) == pytest.approx(0.0, abs=1e-7)   # times unpaired
    assert power_spectrum_distance(np.c_[np.sin(9 * t), np.cos(13 * t)], x) > 0.95
    assert power_spectrum_distance(np.full_like(x, np.nan), x) == 1.0
    with pytest.raises(InputError, match="same components"):
        state_space_divergence(a[:, :1], a)


def test_forecasts_start_delay_learners_from_their_history():
    t = 0.05 * np.arange(800)
    y = np.c_[np.sin(t) + 0.5 * np.sin(2.3 * t)]
    model = HankelDMD(delays=6).fit(y[:400], dt=0.05)
    x = forecast(model, y[394:400], 100)
    assert x.shape == (101, 1) and np.allclose(x, y[399:500], atol=1e-8)
    vpt = valid_prediction_times(model, y[400:], 1.0, n_starts=4, n_steps=200)
    assert np.allclose(vpt, 200 * 0.05)                        # never invalid: the whole length
    with pytest.raises(InputError, match="history of 6"):
        forecast(model, y[:3], 10)
    with pytest.raises(InputError, match="too few"):
        valid_prediction_times(model, y[:100], 1.0, n_steps=200)


def test_partial_forcing_pulls_only_the_observed_components(lotka_volterra):
    runs, _ = lotka_volterra
    model = PLRNN(latent_dim=5, hidden=8, horizon=5, epochs=1, alpha=0.3, seed=0, dtype="float64",
                  **CPU).fit(runs, dt=0.1)
    x = torch.as_tensor((runs[0][:6] - model.mean_) / model.scale_)[None]
    net = model.net_
    with torch.no_grad():
        z, expected = net.start(x[:, 0]), []
        for k in range(1, 6):                                  # eq. (eq-nn-gtf) by hand
            z = net(z)
            expected.append(float(torch.mean((z[:, :2] - x[:, k]) ** 2)))
            z = torch.cat([0.7 * z[:, :2] + 0.3 * x[:, k], z[:, 2:]], dim=1)
        assert float(model._loss(torch, net, x)) == pytest.approx(np.mean(expected), rel=1e-12)


def test_settings_given_as_numpy_numbers_fit_save_and_load(lotka_volterra, tmp_path):
    runs, held_out = lotka_volterra
    model = StNN(delays=np.int64(3), layers=1, epochs=np.int64(3), learning_rate=np.float64(1e-2),
                 seed=0, **CPU).fit(runs, dt=0.1)
    again = StNN.load(model.save(tmp_path / "numpy.pt"))
    assert np.array_equal(again.predict(held_out), model.predict(held_out))
    float_delays = StNN(delays=3.0, layers=1, epochs=2, seed=0, **CPU).fit(runs, dt=0.1)
    assert float_delays.predict(held_out).shape == (held_out.shape[0] - 2, 2)


def test_a_one_delay_stnn_forecasts_from_one_state(lotka_volterra):
    runs, held_out = lotka_volterra
    model = StNN(delays=1, layers=1, epochs=5, seed=0, **CPU).fit(runs, dt=0.1)
    assert forecast(model, held_out[:3], 10).shape == (11, 2)
    assert valid_prediction_times(model, held_out, 0.1, n_starts=2, n_steps=20).shape == (2,)
    with pytest.raises(InputError, match="fewer than one training window"):
        StNN(delays=20, horizon=5, **CPU).fit(held_out[:10])


def test_a_constant_free_run_has_no_spectrum_and_a_first_crossing_counts():
    t = 0.01 * np.arange(4000)
    x = np.c_[np.sin(t), np.cos(3 * t)]
    stuck = np.full_like(x, 12.345)                            # std ~ 1e-12, not 0: still no spectrum
    assert power_spectrum_distance(stuck, x) == 1.0
    with pytest.raises(InputError, match="constant component of truth"):
        power_spectrum_distance(x, stuck)
    from coursekit.koopman.forecasting import valid_prediction_time
    truth = np.zeros((5, 1))
    error = np.array([0.1, 0.7, 0.2, 0.9, 0.1])[:, None]      # crosses 0.5, comes back, crosses again
    vpt = valid_prediction_time(truth + error, truth, 1.0, 1.0, scale=[1.0])
    assert 0.0 < vpt < 1.0                                     # the first crossing, between samples 0 and 1


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU (none here; see the lab)")
@pytest.mark.parametrize("name", list(SMALL))
def test_cuda_agrees_with_the_cpu_to_float32_rounding(fitted, lotka_volterra, tmp_path, name):
    _, held_out = lotka_volterra
    model = fitted[name]
    on_gpu = type(model).load(model.save(tmp_path / f"{name}.pt"), device="cuda")
    assert on_gpu.device_.startswith("cuda")
    assert np.allclose(on_gpu.predict(held_out), model.predict(held_out), rtol=1e-5, atol=1e-5)
    trained = SMALL[name](0).set_params(device="cuda", epochs=5).fit(held_out, dt=0.1)
    assert np.all(np.isfinite(trained.history_["train"]))
