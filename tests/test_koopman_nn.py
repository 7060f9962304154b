"""coursekit.koopman.nn (PyTorch learners, CPU) and coursekit.koopman.forecasting."""

import importlib

import numpy as np
import pytest

from coursekit import _torch, systems
from coursekit.errors import InputError, NotFittedError
from coursekit.koopman.forecasting import normalised_error, valid_prediction_time

torch = pytest.importorskip("torch", reason="the neural learners need the optional torch extra")

from coursekit.koopman.nn import DeepKoopman  # noqa: E402

A = np.array([[0.9, -0.3], [0.3, 0.9]])


def linear_orbit(x0, n):
    X = np.empty((n, 2))
    X[0] = x0
    for k in range(n - 1):
        X[k + 1] = A @ X[k]
    return X


@pytest.fixture(scope="module")
def lotka_volterra():
    lv = systems.lotka_volterra()
    runs = [np.array(systems.simulate(lv, x0=x0, t_end=12.0, dt=0.01, t_eval=0.1 * np.arange(121)).x)
            for x0 in ([6.0, 2.0], [4.0, 3.0], [5.0, 1.5])]
    held_out = np.array(systems.simulate(lv, x0=[5.0, 2.5], t_end=12.0, dt=0.01,
                                         t_eval=0.1 * np.arange(121)).x)
    return runs, held_out


def test_auto_device_is_the_cpu_here_and_cuda_is_refused_without_a_gpu():
    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    assert _torch.resolve_device("auto").type == "cpu"
    with pytest.raises(InputError, match="sees none"):
        _torch.resolve_device("cuda")
    with pytest.raises(InputError, match="device must be"):
        _torch.resolve_device("tpu")
    model = DeepKoopman(encoder="identity", epochs=2, seed=0).fit(linear_orbit([1.0, 0.0], 30))
    assert model.device_ == "cpu"


def test_a_missing_torch_is_explained(monkeypatch):
    real = importlib.import_module

    def no_torch(name, *args):
        if name == "torch":
            raise ImportError("No module named 'torch'")
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", no_torch)
    with pytest.raises(ImportError, match=r"DeepKoopman needs PyTorch.*torch==2.13.0"):
        DeepKoopman().fit(linear_orbit([1.0, 0.0], 30))


def test_identity_encoder_recovers_a_linear_system_exactly():
    model = DeepKoopman(encoder="identity", horizon=1, optimizer="lbfgs", dtype="float64",
                        epochs=30, validation=0.0, seed=0).fit(linear_orbit([1.0, 0.0], 30), dt=0.1)
    assert np.max(np.abs(model.koopman_matrix_ - A)) < 1e-9
    exact = np.linalg.eigvals(A)
    assert max(np.min(np.abs(model.eigenvalues_ - e)) for e in exact) < 1e-9
    x0 = np.array([-0.3, 2.0])                                     # an unseen start
    assert np.allclose(model.simulate(x0, 10).x, linear_orbit(x0, 11), atol=1e-8)


def test_stable_parametrisation_keeps_the_eigenvalues_in_the_unit_disc():
    growing = np.array([[1.05, 0.0], [0.0, 0.5]])
    X = np.empty((20, 2))
    X[0] = [1.0, 1.0]
    for k in range(19):
        X[k + 1] = growing @ X[k]
    free = DeepKoopman(encoder="identity", optimizer="lbfgs", dtype="float64", epochs=20,
                       validation=0.0, seed=0).fit(X)
    stable = DeepKoopman(encoder="identity", optimizer="lbfgs", dtype="float64", epochs=20,
                         validation=0.0, stable=True, seed=0).fit(X)
    assert np.max(np.abs(free.eigenvalues_)) == pytest.approx(1.05, abs=1e-6)
    assert np.max(np.abs(stable.eigenvalues_)) <= 1.0 + 1e-12
    assert np.min(np.abs(stable.eigenvalues_ - 0.5)) < 0.05        # the decaying mode survives


def test_seeded_cpu_training_is_bit_reproducible(lotka_volterra):
    runs, _ = lotka_volterra
    fit = lambda seed: DeepKoopman(hidden=(16,), latent_dim=4, epochs=30, seed=seed,  # noqa: E731
                                   batch_size=64).fit(runs, dt=0.1)
    a, b, c = fit(3), fit(3), fit(4)
    assert a.history_ == b.history_
    assert np.array_equal(a.predict(runs[0][:5]), b.predict(runs[0][:5]))
    assert a.history_ != c.history_
    torch.manual_seed(0)                                           # the global generator is
    expected = torch.rand(1).item()                                # untouched by a fit
    torch.manual_seed(0)
    fit(5)
    assert torch.rand(1).item() == expected


def test_deep_koopman_beats_persistence_on_held_out_data(lotka_volterra):
    runs, held_out = lotka_volterra
    model = DeepKoopman(hidden=(32, 32), latent_dim=6, horizon=5, epochs=400, patience=400,
                        learning_rate=5e-3, seed=1).fit(runs, dt=0.1)
    err_model = np.abs(model.predict(held_out[:-1]) - held_out[1:]).mean()
    err_persistence = np.abs(held_out[:-1] - held_out[1:]).mean()
    assert err_model < 0.5 * err_persistence


def test_early_stopping_keeps_the_best_weights(lotka_volterra):
    runs, _ = lotka_volterra
    model = DeepKoopman(hidden=(16,), latent_dim=4, epochs=300, patience=5, learning_rate=0.05,
                        dtype="float64", seed=4).fit(runs, dt=0.1)
    val = model.history_["validation"]
    assert len(val) < 300                                          # stopped early
    assert len(val) == model.best_epoch_ + 1 + 5
    assert val[model.best_epoch_] == min(val)
    from coursekit.koopman._base import trajectories
    from coursekit.koopman.nn.base import windows  # the kept weights are the best
    _, held = windows(trajectories(runs), model.horizon + 1, model.validation)
    with torch.no_grad():
        again = float(model._loss(torch, model.net_, torch.as_tensor(held)))
    assert again == pytest.approx(val[model.best_epoch_], rel=1e-12)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_save_and_load_give_identical_predictions(tmp_path, lotka_volterra, dtype):
    runs, held_out = lotka_volterra
    model = DeepKoopman(hidden=(8,), latent_dim=3, epochs=10, seed=2, dtype=dtype).fit(runs, dt=0.1)
    path = model.save(tmp_path / "deep_koopman.pt")
    torch.manual_seed(0)
    expected = torch.rand(1).item()
    torch.manual_seed(0)
    again = DeepKoopman.load(path)
    assert torch.rand(1).item() == expected                         # loading draws nothing
    assert again.get_params() == model.get_params()
    assert np.array_equal(again.predict(held_out), model.predict(held_out))
    assert np.array_equal(again.simulate(held_out[0], 20).x, model.simulate(held_out[0], 20).x)
    with pytest.raises(NotFittedError):
        DeepKoopman().save(tmp_path / "unfitted.pt")


def test_neural_learner_errors():
    with pytest.raises(InputError, match="optimizer"):
        DeepKoopman(optimizer="sgd")
    with pytest.raises(InputError, match="latent_dim must be 2"):
        DeepKoopman(encoder="identity", latent_dim=3).fit(linear_orbit([1.0, 0.0], 30))
    with pytest.raises(InputError, match="fewer than one training window"):
        DeepKoopman(horizon=40).fit(linear_orbit([1.0, 0.0], 30))
    with pytest.raises(InputError, match="diverged"):
        DeepKoopman(encoder="identity", learning_rate=1e80, epochs=20, validation=0.0, dtype="float64",
                    seed=0).fit(linear_orbit([1.0, 0.0], 30))


def test_valid_prediction_time_of_an_error_growing_at_the_lyapunov_rate():
    lam, e0, dt = 0.906, 1e-4, 0.01                                # Lorenz's largest exponent
    t = dt * np.arange(2000)
    truth = np.c_[np.sin(t), np.cos(t)]
    sigma = truth.std(axis=0)
    prediction = truth + (e0 * np.exp(lam * t))[:, None] * sigma
    expected = np.log(0.5 / e0)                                    # lambda t* where E = 0.5
    assert valid_prediction_time(prediction, truth, dt, lam) == pytest.approx(expected, abs=1e-9)
    assert valid_prediction_time(truth, truth, dt, lam) == pytest.approx(lam * t[-1])
    assert valid_prediction_time(truth + 1.0, truth, dt, lam, scale=[1.0, 1.0]) == 0.0
    assert np.allclose(normalised_error(prediction, truth)[:3], e0 * np.exp(lam * t[:3]))
    blown = truth.copy()
    blown[500:] = np.nan                                           # a forecast that blew up
    assert valid_prediction_time(blown, truth, dt, lam) == pytest.approx(lam * 500 * dt)
    with pytest.raises(InputError, match="one shape"):
        valid_prediction_time(truth[:, :1], truth, dt, lam)
