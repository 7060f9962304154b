"""Compiled Couzin steps (private): one step of the 3D zonal model for every fish in parallel,
neighbours found by the cell list of :mod:`coursekit.numerics.neighbours` (or by the all-pairs
loop, the reference the tests compare with). See :mod:`coursekit.schooling.couzin` for the
model and its choices.

Every fish's new heading depends only on the old positions and headings and on its own
pre-drawn noise, so the result is the same on any number of threads.
"""

import numpy as np
from numba import prange

from coursekit._jit import njit
from coursekit.numerics.neighbours import build_cells, cell_range, cube_of


@njit
def _unit(x, y, z):
    n = np.sqrt(x * x + y * y + z * z)
    return x / n, y / n, z / n, n


@njit
def _perpendicular(dx, dy, dz):
    """Two unit vectors perpendicular to the unit vector ``d`` and to each other (built from
    the coordinate axis least aligned with ``d``)."""
    ax, ay, az = abs(dx), abs(dy), abs(dz)
    if ax <= ay and ax <= az:
        ex, ey, ez = 0.0, -dz, dy          # d x (1, 0, 0)
    elif ay <= az:
        ex, ey, ez = dz, 0.0, -dx          # d x (0, 1, 0)
    else:
        ex, ey, ez = -dy, dx, 0.0          # d x (0, 0, 1)
    ex, ey, ez, _ = _unit(ex, ey, ez)
    fx, fy, fz = dy * ez - dz * ey, dz * ex - dx * ez, dx * ey - dy * ex
    return ex, ey, ez, fx, fy, fz


@njit
def _consider(i, j, pos, vel, box, rr2, ro2, ra2, cos_half, blind_repulsion, acc):
    """Add neighbour ``j`` to fish ``i``'s zone sums ``acc``: repulsion (0:3, count 9),
    orientation (3:6, count 10), attraction (6:9, count 11)."""
    dx, dy, dz = pos[j, 0] - pos[i, 0], pos[j, 1] - pos[i, 1], pos[j, 2] - pos[i, 2]
    if box > 0:
        dx -= box * np.round(dx / box)
        dy -= box * np.round(dy / box)
        dz -= box * np.round(dz / box)
    r2 = dx * dx + dy * dy + dz * dz
    if r2 >= ra2 or r2 == 0.0:
        return
    r = np.sqrt(r2)
    ux, uy, uz = dx / r, dy / r, dz / r
    visible = ux * vel[i, 0] + uy * vel[i, 1] + uz * vel[i, 2] >= cos_half
    if r2 < rr2:
        if visible or not blind_repulsion:
            acc[0] -= ux
            acc[1] -= uy
            acc[2] -= uz
            acc[9] += 1.0
    elif not visible:
        return
    elif r2 < ro2:
        acc[3] += vel[j, 0]
        acc[4] += vel[j, 1]
        acc[5] += vel[j, 2]
        acc[10] += 1.0
    else:
        acc[6] += ux
        acc[7] += uy
        acc[8] += uz
        acc[11] += 1.0


@njit
def _desired(i, vel, acc):
    """The desired direction of fish ``i`` from its zone sums (module docstring of couzin)."""
    vx, vy, vz = vel[i, 0], vel[i, 1], vel[i, 2]
    if acc[9] > 0:
        dx, dy, dz = acc[0], acc[1], acc[2]
    elif acc[10] > 0 or acc[11] > 0:
        dx = dy = dz = 0.0
        for first, count in ((3, 10), (6, 11)):
            if acc[count] > 0:
                n = np.sqrt(acc[first] ** 2 + acc[first + 1] ** 2 + acc[first + 2] ** 2)
                if n > 0:
                    dx += acc[first] / n
                    dy += acc[first + 1] / n
                    dz += acc[first + 2] / n
        if acc[10] > 0 and acc[11] > 0:
            dx, dy, dz = 0.5 * dx, 0.5 * dy, 0.5 * dz
    else:
        return vx, vy, vz
    n = np.sqrt(dx * dx + dy * dy + dz * dz)
    if n < 1e-12:
        return vx, vy, vz
    return dx / n, dy / n, dz / n


@njit
def _turn(vx, vy, vz, dx, dy, dz, deflect, azimuth, max_turn):
    """Rotate ``d`` by the angle ``deflect`` towards the direction ``azimuth`` around it (the
    noise), then turn the heading ``v`` towards it by at most ``max_turn``."""
    if deflect != 0.0:
        ex, ey, ez, fx, fy, fz = _perpendicular(dx, dy, dz)
        c, s = np.cos(azimuth), np.sin(azimuth)
        wx, wy, wz = c * ex + s * fx, c * ey + s * fy, c * ez + s * fz
        cg, sg = np.cos(deflect), np.sin(deflect)
        dx, dy, dz, _ = _unit(cg * dx + sg * wx, cg * dy + sg * wy, cg * dz + sg * wz)
    dot = min(1.0, max(-1.0, vx * dx + vy * dy + vz * dz))
    if np.arccos(dot) <= max_turn:
        return dx, dy, dz
    ux, uy, uz = dx - dot * vx, dy - dot * vy, dz - dot * vz
    n = np.sqrt(ux * ux + uy * uy + uz * uz)
    if n < 1e-12:                                   # d opposite to v: any perpendicular
        ux, uy, uz, _, _, _ = _perpendicular(vx, vy, vz)
    else:
        ux, uy, uz = ux / n, uy / n, uz / n
    c, s = np.cos(max_turn), np.sin(max_turn)
    out = _unit(c * vx + s * ux, c * vy + s * uy, c * vz + s * uz)
    return out[0], out[1], out[2]


@njit(parallel=True, nogil=True)
def headings(pos, vel, box, r_r, r_o, r_a, cos_half, blind_repulsion, max_turn, deflect,
             azimuth, use_cells):
    """New unit headings of all fish (one step), in parallel over fish."""
    n = pos.shape[0]
    out = np.empty_like(vel)
    rr2, ro2, ra2 = r_r * r_r, r_o * r_o, r_a * r_a
    if use_cells:
        order, keys, starts, origin, side, shape = build_cells(pos, r_a, box)
    else:
        order, keys, starts = np.empty(0, np.int64), np.empty(0, np.int64), np.empty(1, np.int64)
        origin, side, shape = np.zeros(3), np.ones(3), np.zeros(5, np.int64)
    for i in prange(n):
        acc = np.zeros(12)
        if use_cells:
            cx, cy, cz = cube_of(pos[i], origin, side, shape)
            for ox in range(-1, 2):
                for oy in range(-1, 2):
                    for oz in range(-1, 2):
                        b, e = cell_range(keys, starts, cx + ox, cy + oy, cz + oz, shape)
                        for k in range(b, e):
                            _consider(i, order[k], pos, vel, box, rr2, ro2, ra2, cos_half,
                                      blind_repulsion, acc)
        else:
            for j in range(n):
                _consider(i, j, pos, vel, box, rr2, ro2, ra2, cos_half, blind_repulsion, acc)
        dx, dy, dz = _desired(i, vel, acc)
        out[i, 0], out[i, 1], out[i, 2] = _turn(vel[i, 0], vel[i, 1], vel[i, 2], dx, dy, dz,
                                                deflect[i], azimuth[i], max_turn)
    return out


@njit(nogil=True)
def advance(pos, vel, box, r_r, r_o, r_a, cos_half, blind_repulsion, max_turn, step,
            deflect, azimuth, use_cells):
    """``deflect.shape[0]`` steps: new headings, then every fish moves ``step`` along its
    new heading (wrapped into a periodic box). Returns the new ``(pos, vel)``."""
    for s in range(deflect.shape[0]):
        vel = headings(pos, vel, box, r_r, r_o, r_a, cos_half, blind_repulsion, max_turn,
                       deflect[s], azimuth[s], use_cells)
        pos = pos + step * vel
        if box > 0:
            pos = pos - box * np.floor(pos / box)
    return pos, vel
