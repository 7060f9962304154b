r"""Time steppers for ordinary and stochastic differential equations, written once.

Every stepper advances a state ``x`` that may be a number, an array or a (nested) tuple of them
(see :mod:`coursekit.numerics.tree`) under a right-hand side ``f(t, x, args) -> dx/dt`` of the
same structure; ``args`` is passed through unchanged (the model parameters). The steppers are
:func:`coursekit._jit.inline` functions: a compiled kernel calls them with its right-hand side
named directly, and they are compiled into (and cached with) that kernel. Their plain-Python
bodies (``rk4_step.py_func``, or :func:`coursekit._jit.python`) run on NumPy arrays and PyTorch
tensors, so a model fitted by automatic differentiation integrates with the same code.

Methods (Hairer, Nørsett and Wanner 1993; Hairer, Lubich and Wanner 2006; Kloeden and Platen
1992):

* :func:`rk4_step` — classical fourth-order Runge–Kutta, global error :math:`O(h^4)`;
* :func:`dopri54_step` — the Dormand–Prince 5(4) embedded pair (fifth-order solution, an error
  estimate from the fourth-order one, first same as last), driven with step-size control by
  :func:`dopri54_solve`;
* :func:`verlet_step` — Störmer–Verlet (velocity Verlet) for :math:`\ddot q = a(q)`:
  symplectic, time-reversible, second order, energy error bounded over exponentially long times;
* :func:`yoshida4_step` — Yoshida's fourth-order symplectic composition of three Verlet steps
  with weights :math:`w_1 = 1/(2 - 2^{1/3})`, :math:`w_0 = 1 - 2 w_1`;
* :func:`euler_maruyama_step` — Euler–Maruyama for the Itô SDE
  :math:`dX = a(t, X)\,dt + b(t, X)\,dW` with diagonal noise: strong order 1/2, weak order 1;
* :func:`heun_step` — stochastic Heun (Stratonovich): weak order 2 for additive noise.

Drivers: :func:`rk4_solve` (fixed steps onto recording times, with finite and lower-bound
checks), :func:`sde_solve` (the same for SDEs, any stepper; :func:`euler_maruyama_solve` with
Euler–Maruyama), :func:`dopri54_solve` (adaptive),
:func:`step_plan` (the steps a fixed-step driver takes, for the result's ``stats``).
"""

from __future__ import annotations

import types
from typing import NamedTuple

import numpy as np

from coursekit import _validate as V
from coursekit._interrupt import POLL
from coursekit._jit import inline
from coursekit.errors import InputError
from coursekit.numerics.tree import (
    below,
    isfinite,
    lin,
    matcols,
    mul,
    normal_like,
    sq_sum_count,
    store,
    wsum,
)

__all__ = [
    "BELOW", "GROWTH", "HALTED", "MAX_EVENTS", "NEGATIVE", "NOT_FINITE", "OK", "OVERFLOW",
    "SINGULAR", "STEP_UNDERFLOW",
    "StepPlan", "dopri54_solve", "dopri54_step",
    "euler_maruyama_solve", "euler_maruyama_step", "heun_step", "rk4_solve", "rk4_step",
    "sde_solve", "step_plan", "variational", "verlet_step", "yoshida4_step",
]

#: Status codes of every compiled kernel in coursekit, in one list so that they never collide:
#: success; a non-finite state; a component below its lower bound; the adaptive step underflowed;
#: a tangent vector collapsed (Lyapunov spectra: a singular Jacobian on the orbit); a conserved
#: quantity grew (the KdV momentum: a numerical instability); the event budget of a stochastic
#: simulation ran out; a tau-leap would make a copy number negative; a copy number would leave
#: the range of a 64-bit integer; the user interrupted the run (:mod:`coursekit._interrupt`).
(OK, NOT_FINITE, BELOW, STEP_UNDERFLOW, SINGULAR, GROWTH, MAX_EVENTS, NEGATIVE, OVERFLOW,
 HALTED) = range(10)

# --- fixed-step methods --------------------------------------------------------------------------


@inline
def rk4_step(f, t, x, h, args):
    """One classical Runge–Kutta step of size ``h`` from ``(t, x)``.

    Parameters
    ----------
    f : callable
        Right-hand side ``f(t, x, args)``, returning a tree shaped like ``x``.
    t : float
        Time at the start of the step.
    x : tree
        State at ``t``.
    h : float
        Step size.
    args : any
        Passed to ``f`` unchanged.

    Returns
    -------
    tree
        The state at ``t + h``.

    Examples
    --------
    >>> from coursekit._jit import python
    >>> step = python(rk4_step)
    >>> step(lambda t, x, a: (-x[0],), 0.0, (1.0,), 0.1, None)[0]   # exp(-0.1) = 0.904837418
    0.9048375
    """
    k1 = f(t, x, args)
    k2 = f(t + 0.5 * h, lin(x, 0.5 * h, (1.0,), (k1,)), args)
    k3 = f(t + 0.5 * h, lin(x, 0.5 * h, (1.0,), (k2,)), args)
    k4 = f(t + h, lin(x, h, (1.0,), (k3,)), args)
    return lin(x, h / 6.0, (1.0, 2.0, 2.0, 1.0), (k1, k2, k3, k4))


@inline
def verlet_step(accel, t, q, v, a, h, args):
    """One Störmer–Verlet (velocity Verlet, kick–drift–kick) step for ``q'' = accel(t, q)``.

    Parameters
    ----------
    accel : callable
        Acceleration ``accel(t, q, args)``, a tree shaped like ``q``.
    t : float
        Time at the start of the step.
    q, v : tree
        Positions and velocities at ``t``.
    a : tree
        ``accel(t, q, args)`` (returned by the previous step: one evaluation per step).
    h : float
        Step size.
    args : any
        Passed to ``accel``.

    Returns
    -------
    (tree, tree, tree)
        Positions, velocities and acceleration at ``t + h``.

    Examples
    --------
    >>> from coursekit._jit import python
    >>> q, v, a = python(verlet_step)(lambda t, q, p: (-q[0],), 0.0, (1.0,), (0.0,), (-1.0,),
    ...                               0.1, None)
    >>> round(q[0], 6), round(v[0], 6)   # cos(0.1) = 0.995004, -sin(0.1) = -0.099833
    (0.995, -0.09975)
    """
    v_half = lin(v, 0.5 * h, (1.0,), (a,))
    q_new = lin(q, h, (1.0,), (v_half,))
    a_new = accel(t + h, q_new, args)
    return q_new, lin(v_half, 0.5 * h, (1.0,), (a_new,)), a_new


@inline
def yoshida4_step(accel, t, q, v, a, h, args):
    """One fourth-order symplectic step: Verlet steps of ``w1 h``, ``w0 h``, ``w1 h`` (Yoshida
    1990), with ``w1 = 1/(2 - 2^(1/3))`` and ``w0 = 1 - 2 w1`` (negative).

    Parameters
    ----------
    accel : callable
        Acceleration ``accel(t, q, args)``.
    t : float
        Time at the start of the step.
    q, v, a : tree
        Positions, velocities and acceleration at ``t``.
    h : float
        Step size.
    args : any
        Passed to ``accel``.

    Returns
    -------
    (tree, tree, tree)
        Positions, velocities and acceleration at ``t + h``.

    Examples
    --------
    >>> from coursekit._jit import python
    >>> q, v, a = python(yoshida4_step)(lambda t, q, p: (-q[0],), 0.0, (1.0,), (0.0,),
    ...                                 (-1.0,), 0.1, None)
    >>> bool(abs(q[0] - np.cos(0.1)) < 1e-6)
    True
    """
    w1 = 1.0 / (2.0 - 2.0 ** (1.0 / 3.0))
    w0 = 1.0 - 2.0 * w1
    q, v, a = verlet_step(accel, t, q, v, a, w1 * h, args)
    q, v, a = verlet_step(accel, t + w1 * h, q, v, a, w0 * h, args)
    return verlet_step(accel, t + (w1 + w0) * h, q, v, a, w1 * h, args)


@inline
def euler_maruyama_step(drift, diffusion, t, x, h, z, args):
    """One Euler–Maruyama step of ``dX = drift dt + diffusion dW`` (Itô, diagonal noise).

    Parameters
    ----------
    drift, diffusion : callable
        ``drift(t, x, args)`` and ``diffusion(t, x, args)``, trees shaped like ``x``.
    t : float
        Time at the start of the step.
    x : tree
        State at ``t``.
    h : float
        Step size.
    z : tree
        Independent standard normal numbers shaped like ``x`` (e.g. from
        :func:`coursekit.numerics.tree.normal_like`); the Wiener increment is ``sqrt(h) z``.
    args : any
        Passed to ``drift`` and ``diffusion``.

    Returns
    -------
    tree
        The state at ``t + h``.

    Examples
    --------
    >>> from coursekit._jit import python
    >>> x = python(euler_maruyama_step)(lambda t, x, a: (1.0,), lambda t, x, a: (2.0,), 0.0,
    ...                                 (0.0,), 0.25, (1.0,), None)
    >>> float(x[0])   # 0 + 0.25 * 1 + sqrt(0.25) * 2 * 1
    1.25
    """
    deterministic = lin(x, h, (1.0,), (drift(t, x, args),))
    return lin(deterministic, np.sqrt(h), (1.0,), (mul(diffusion(t, x, args), z),))


@inline
def heun_step(drift, diffusion, t, x, h, z, args):
    r"""One stochastic Heun step of ``dX = drift dt + diffusion ∘ dW`` (Stratonovich, diagonal
    noise): the trapezoidal rule with the predictor's noise reused,

    .. math::

        \tilde x = x + a(t, x) h + b(t, x)\sqrt h z, \qquad
        x' = x + \tfrac12[a(t, x) + a(t + h, \tilde x)] h
               + \tfrac12[b(t, x) + b(t + h, \tilde x)] \sqrt h z .

    Second order without noise; for additive noise (``diffusion`` independent of ``x``, where
    Itô and Stratonovich agree) strong order 1 and weak order 2 (Kloeden and Platen 1992),
    against Euler–Maruyama's weak order 1.

    Parameters
    ----------
    drift, diffusion : callable
        ``drift(t, x, args)`` and ``diffusion(t, x, args)``, trees shaped like ``x``.
    t : float
        Time at the start of the step.
    x : tree
        State at ``t``.
    h : float
        Step size.
    z : tree
        Independent standard normal numbers shaped like ``x``.
    args : any
        Passed to ``drift`` and ``diffusion``.

    Returns
    -------
    tree
        The state at ``t + h``.

    Examples
    --------
    >>> from coursekit._jit import python
    >>> x = python(heun_step)(lambda t, x, a: (-x[0],), lambda t, x, a: (0.0,), 0.0, (1.0,),
    ...                       0.1, (0.0,), None)
    >>> round(float(x[0]), 12)                  # 1 - h + h^2 / 2, the trapezoidal rule
    0.905
    """
    a0 = drift(t, x, args)
    b0 = diffusion(t, x, args)
    kick = mul(b0, z)
    guess = lin(lin(x, h, (1.0,), (a0,)), np.sqrt(h), (1.0,), (kick,))
    a1 = drift(t + h, guess, args)
    b1 = diffusion(t + h, guess, args)
    half = lin(x, h, (0.5, 0.5), (a0, a1))
    return lin(half, np.sqrt(h), (0.5, 0.5), (kick, mul(b1, z)))


def variational(f, jac):
    """The right-hand side of the variational equations of ``x' = f(t, x, args)``.

    For the state ``z = (x, Q)``, with ``Q`` a tuple of tangent vectors (columns),
    ``z' = (f(t, x), J(x) Q)`` where ``J = jac(x, args)`` is the Jacobian as a tuple of rows.
    Integrated with :func:`rk4_step`, the tangent stages use ``J`` at the matching stage points
    of the state (Benettin et al. 1980), which is what Lyapunov exponents need.

    Parameters
    ----------
    f : callable
        ``f(t, x, args)``, the right-hand side (compiled, or plain Python).
    jac : callable
        ``jac(x, args)``, its Jacobian as a tuple of rows.

    Returns
    -------
    callable
        ``rhs(t, z, args)``, compiled inline when ``f`` and ``jac`` are compiled.

    Raises
    ------
    InputError
        If ``f`` or ``jac`` is not callable.

    Examples
    --------
    >>> from coursekit._jit import python
    >>> rhs = variational(lambda t, x, a: (-2.0 * x[0],), lambda x, a: ((-2.0,),))
    >>> python(rhs)(0.0, ((1.0,), ((1.0,),)), None)
    ((-2.0,), ((-2.0,),))
    """

    if not (callable(f) and callable(jac)):
        raise InputError("variational(f, jac) needs two functions: f(t, x, args) and "
                         "jac(x, args)")

    def rhs(t, z, args):
        x, Q = z
        return f(t, x, args), matcols(jac(x, args), Q)

    if isinstance(f, types.FunctionType) or isinstance(jac, types.FunctionType):
        return rhs
    return inline(rhs)


# --- the Dormand–Prince 5(4) pair ----------------------------------------------------------------

@inline
def dopri54_step(f, t, x, h, k1, args):
    """One Dormand–Prince 5(4) step: the fifth-order solution and the error estimate.

    The coefficients are those of Dormand and Prince (1980), as tabulated by Hairer, Nørsett
    and Wanner (1993, Table II.5.2); the error weights are the fifth-order minus the embedded
    fourth-order weights.

    Parameters
    ----------
    f : callable
        Right-hand side ``f(t, x, args)``.
    t : float
        Time at the start of the step.
    x : tree
        State at ``t``.
    h : float
        Step size.
    k1 : tree
        ``f(t, x, args)`` (the previous step's last stage: first same as last).
    args : any
        Passed to ``f``.

    Returns
    -------
    (tree, tree, tree)
        The state at ``t + h``, the local error estimate, and ``f(t + h, x_new, args)``.

    Examples
    --------
    >>> from coursekit._jit import python
    >>> x, err, k = python(dopri54_step)(lambda t, x, a: (-x[0],), 0.0, (1.0,), 0.1, (-1.0,),
    ...                                  None)
    >>> bool(abs(x[0] - np.exp(-0.1)) < 1e-9), bool(abs(err[0]) < 1e-7)
    (True, True)
    """
    k2 = f(t + h / 5, lin(x, h, (1 / 5,), (k1,)), args)
    k3 = f(t + 3 * h / 10, lin(x, h, (3 / 40, 9 / 40), (k1, k2)), args)
    k4 = f(t + 4 * h / 5, lin(x, h, (44 / 45, -56 / 15, 32 / 9), (k1, k2, k3)), args)
    k5 = f(t + 8 * h / 9, lin(x, h, (19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729),
                              (k1, k2, k3, k4)), args)
    k6 = f(t + h, lin(x, h, (9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656),
                      (k1, k2, k3, k4, k5)), args)
    x_new = lin(x, h, (35 / 384, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84),
                (k1, k3, k4, k5, k6))
    k7 = f(t + h, x_new, args)
    err = wsum(h, (71 / 57600, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40),
               (k1, k3, k4, k5, k6, k7))
    return x_new, err, k7


# --- drivers -------------------------------------------------------------------------------------


class StepPlan(NamedTuple):
    """The steps of a fixed-step run (see :func:`step_plan`).

    Attributes
    ----------
    n_steps : int
        Total number of steps.
    dt : float
        The longest step taken (0 when none).

    Examples
    --------
    >>> step_plan(np.array([0.0, 1.0]), 0.3).n_steps
    4
    """

    n_steps: int
    dt: float


def step_plan(t_eval: np.ndarray, dt: float) -> StepPlan:
    """The steps a fixed-step driver takes from ``t = 0`` through the recording times.

    Each interval between consecutive recording times (and from 0 to the first) is split into
    the fewest equal steps not longer than ``dt``; so every recording time falls on a step, and
    with recording times a whole number of ``dt`` apart every step is exactly ``dt``.

    Parameters
    ----------
    t_eval : ndarray
        Non-decreasing recording times, ``>= 0``.
    dt : float
        The largest allowed step.

    Returns
    -------
    StepPlan
        ``(n_steps, dt)``: the total number of steps and the longest step actually used.

    Raises
    ------
    InputError
        For recording times that are not valid or a step that is not positive.

    Examples
    --------
    >>> step_plan(np.array([0.0, 1.0, 1.5]), 0.3)
    StepPlan(n_steps=6, dt=0.25)
    """
    t_eval = V.times("t_eval", t_eval)
    dt = V.positive("dt", dt)
    spans = np.diff(t_eval, prepend=0.0)
    spans = spans[spans > 0]
    if spans.size == 0:
        return StepPlan(0, 0.0)
    n = np.maximum(np.ceil(spans / dt - 1e-9), 1.0)
    return StepPlan(int(n.sum()), float(np.max(spans / n)))


@inline
def rk4_solve(f, x0, t_eval, dt, args, out, lower, halt):
    """Fixed-step RK4 from ``x0`` at ``t = 0``, recording the state at each of ``t_eval``.

    Steps as :func:`step_plan` describes. The run stops early, with a status, as soon as the
    state stops being finite or some component falls below ``lower`` (``-inf`` to never
    check).

    Parameters
    ----------
    f : callable
        Right-hand side ``f(t, x, args)``.
    x0 : flat tuple or 1-D array
        State at ``t = 0``.
    t_eval : ndarray, shape (n_times,)
        Recording times.
    dt : float
        Largest step.
    args : any
        Passed to ``f``.
    out : ndarray, shape (n_times, n_state)
        Filled row by row with the recorded states.
    lower : float
        Lower bound of every component.
    halt : ndarray, shape (1,)
        Interrupt flag (:mod:`coursekit._interrupt`), checked every ``POLL`` steps.

    Returns
    -------
    (int, int, float)
        Status (``OK``, ``NOT_FINITE``, ``BELOW`` or ``HALTED``), the number of rows of
        ``out`` filled, and the time reached (the time of failure).

    Examples
    --------
    >>> from coursekit._jit import python
    >>> out = np.empty((2, 1))
    >>> status, filled, t = python(rk4_solve)(_decay, (1.0,), np.array([0.0, 1.0]), 0.01, None,
    ...                                       out, -np.inf, np.zeros(1, np.uint8))
    >>> status == OK, filled, float(t)
    (True, 2, 1.0)
    >>> bool(abs(out[1, 0] - np.exp(-1.0)) < 1e-10)
    True
    """
    x = x0
    t = 0.0
    for j in range(t_eval.shape[0]):
        span = t_eval[j] - t
        if span > 0.0:
            n = max(int(np.ceil(span / dt - 1e-9)), 1)
            h = span / n
            for i in range(n):
                x = rk4_step(f, t + i * h, x, h, args)
                if not isfinite(x):
                    return NOT_FINITE, j, t + (i + 1) * h
                if below(x, lower):
                    return BELOW, j, t + (i + 1) * h
                if i & (POLL - 1) == 0 and halt[0]:
                    return HALTED, j, t + (i + 1) * h
            t = t_eval[j]
        store(out[j], x)
    return OK, t_eval.shape[0], t


@inline
def euler_maruyama_solve(drift, diffusion, x0, t_eval, dt, args, rng, out, halt):
    """Euler–Maruyama from ``x0`` at ``t = 0``, recording the state at each of ``t_eval``
    (:func:`sde_solve` with :func:`euler_maruyama_step`).

    Steps as :func:`step_plan` describes; each step draws one standard normal number per state
    component from ``rng`` (:func:`coursekit.numerics.tree.normal_like`), in order.

    Parameters
    ----------
    drift, diffusion : callable
        ``drift(t, x, args)`` and ``diffusion(t, x, args)``.
    x0 : flat tuple
        State at ``t = 0``.
    t_eval : ndarray
        Recording times.
    dt : float
        Largest step.
    args : any
        Passed to ``drift`` and ``diffusion``.
    rng : numpy.random.Generator
        The noise source (advanced in place).
    out : ndarray, shape (n_times, n_state)
        Filled with the recorded states.
    halt : ndarray, shape (1,)
        Interrupt flag (:mod:`coursekit._interrupt`), checked every ``POLL`` steps.

    Returns
    -------
    (int, int, float)
        Status (``OK``, ``NOT_FINITE`` or ``HALTED``), rows filled, time reached.

    Examples
    --------
    >>> from coursekit._jit import python
    >>> out = np.empty((2, 1))
    >>> r = python(euler_maruyama_solve)(lambda t, x, a: (0.0,), lambda t, x, a: (1.0,), (0.0,),
    ...                                 np.array([0.0, 1.0]), 0.25, None,
    ...                                 np.random.default_rng(3), out, np.zeros(1, np.uint8))
    >>> bool(np.isclose(out[1, 0], 0.5 * np.random.default_rng(3).standard_normal(4).sum()))
    True
    """
    return sde_solve(euler_maruyama_step, drift, diffusion, x0, t_eval, dt, args, rng, out,
                     halt)


@inline
def sde_solve(step, drift, diffusion, x0, t_eval, dt, args, rng, out, halt):
    """Fixed steps of an SDE stepper (:func:`euler_maruyama_step`, :func:`heun_step`) from
    ``x0`` at ``t = 0``, recording the state at each of ``t_eval``; each step draws one
    standard normal number per state component from ``rng``, in order.

    Parameters
    ----------
    step : callable
        ``step(drift, diffusion, t, x, h, z, args)``.
    drift, diffusion, x0, t_eval, dt, args, rng, out, halt
        As in :func:`euler_maruyama_solve`; ``x0`` may be a flat tuple or a 1-D array.

    Returns
    -------
    (int, int, float)
        Status (``OK``, ``NOT_FINITE`` or ``HALTED``), rows filled, time reached.

    Examples
    --------
    >>> from coursekit._jit import python
    >>> out = np.empty((2, 1))
    >>> r = python(sde_solve)(python(heun_step), lambda t, x, a: (0.0,), lambda t, x, a: (1.0,),
    ...                       (0.0,), np.array([0.0, 1.0]), 0.25, None, np.random.default_rng(3),
    ...                       out, np.zeros(1, np.uint8))
    >>> bool(np.isclose(out[1, 0], 0.5 * np.random.default_rng(3).standard_normal(4).sum()))
    True
    """
    x = x0
    t = 0.0
    for j in range(t_eval.shape[0]):
        span = t_eval[j] - t
        if span > 0.0:
            n = max(int(np.ceil(span / dt - 1e-9)), 1)
            h = span / n
            for i in range(n):
                x = step(drift, diffusion, t + i * h, x, h, normal_like(rng, x), args)
                if not isfinite(x):
                    return NOT_FINITE, j, t + (i + 1) * h
                if i & (POLL - 1) == 0 and halt[0]:
                    return HALTED, j, t + (i + 1) * h
            t = t_eval[j]
        store(out[j], x)
    return OK, t_eval.shape[0], t


def _decay(t, x, args):
    """``dx/dt = -x`` (used by the examples)."""
    return (-x[0],)


@inline
def dopri54_solve(f, x0, t_eval, h0, rtol, atol, args, h_min, halt):
    """Adaptive Dormand–Prince 5(4) from ``x0`` at ``t = 0`` through the recording times.

    Step-size control by the weighted RMS error (:func:`~coursekit.numerics.tree.sq_sum_count`)
    with the standard controller ``h <- h min(5, max(0.2, 0.9 e^(-1/5)))``. A step never passes
    a recording time: the outputs are the numerical solution at those times, not interpolants.
    A step shortened to land on a recording time does not shrink the next one.

    Parameters
    ----------
    f : callable
        Right-hand side ``f(t, x, args)``.
    x0 : tree
        State at ``t = 0``.
    t_eval : ndarray
        Recording times (the first may be 0).
    h0 : float
        First trial step.
    rtol, atol : float
        Tolerances.
    args : any
        Passed to ``f``.
    h_min : float
        The run stops with ``STEP_UNDERFLOW`` if the step falls below this.
    halt : ndarray, shape (1,)
        Interrupt flag (:mod:`coursekit._interrupt`), checked at every step (``HALTED``).

    Returns
    -------
    (int, list, float, int, int, float, float)
        Status, the recorded states (a list of trees), the time reached, the numbers of
        accepted and rejected steps, and the shortest and longest accepted steps.

    Examples
    --------
    >>> from coursekit._jit import python
    >>> status, xs, t, acc, rej, h_min, h_max = python(dopri54_solve)(
    ...     _decay, (1.0,), np.array([0.0, 1.0]), 0.1, 1e-10, 1e-12, None, 1e-12, np.zeros(1, np.uint8))
    >>> status, bool(abs(xs[-1][0] - np.exp(-1.0)) < 1e-9)
    (0, True)
    """
    t = 0.0
    x = x0
    k1 = f(t, x, args)
    h = h0
    recorded = [x0]
    accepted = 0
    rejected = 0
    shortest = np.inf
    longest = 0.0
    j = 0
    if t_eval[0] > 0.0:
        recorded = recorded[:0]
    else:
        j = 1
    while j < t_eval.shape[0]:
        target = t_eval[j]
        if target <= t:
            recorded.append(x)
            j += 1
            continue
        if halt[0]:
            return HALTED, recorded, t, accepted, rejected, shortest, longest
        step = min(h, target - t)          # shortened to land on the recording time
        x_new, err, k7 = dopri54_step(f, t, x, step, k1, args)
        s, c = sq_sum_count(err, x, x_new, rtol, atol)
        e = np.sqrt(s / c)
        if not np.isfinite(e) or not isfinite(x_new):
            return NOT_FINITE, recorded, t, accepted, rejected, shortest, longest
        factor = 5.0 if e == 0.0 else min(5.0, max(0.2, 0.9 * e ** -0.2))
        if e <= 1.0:
            t = t + step
            if target - t <= 1e-12 * max(1.0, abs(target)):
                t = target
            x = x_new
            k1 = k7
            accepted += 1
            shortest = min(shortest, step)
            longest = max(longest, step)
            h = max(h, step * factor) if step < h else step * factor
        else:
            rejected += 1
            h = step * factor
            if h < h_min:
                return STEP_UNDERFLOW, recorded, t, accepted, rejected, shortest, longest
    return OK, recorded, t, accepted, rejected, shortest, longest
