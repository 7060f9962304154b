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
    the coordinate axis least aligned with ``d``: ``e = axis x d``, ``f = d x e``)."""
    ax, ay, az = abs(dx), abs(dy), abs(dz)
    if ax <= ay and ax <= az:
        ex, ey, ez = 0.0, -dz, dy          # (1, 0, 0) x d
    elif ay <= az:
        ex, ey, ez = dz, 0.0, -dx          # (0, 1, 0) x d
    else:
        ex, ey, ez = -dy, dx, 0.0          # (0, 0, 1) x d
    ex, ey, ez, _ = _unit(ex, ey, ez)
    fx, fy, fz = dy * ez - dz * ey, dz * ex - dx * ez, dx * ey - dy * ex
    return ex, ey, ez, fx, fy, fz


@njit
def _desired(vx, vy, vz, rep, ori, att, n_rep, n_ori, n_att, normalise, include_self):
    """The desired direction of a fish with heading ``v`` from its zone sums (repulsion,
    orientation, attraction: 3-tuples and counts; see the module docstring of couzin)."""
    if include_self:                        # the focal fish in its own orientation sum
        ori = (ori[0] + vx, ori[1] + vy, ori[2] + vz)
        n_ori += 1
    if n_rep > 0:
        dx, dy, dz = rep
    elif n_ori > 0 or n_att > 0:
        dx = dy = dz = 0.0
        for total, count in ((ori, n_ori), (att, n_att)):
            if count > 0:
                n = np.sqrt(total[0] ** 2 + total[1] ** 2 + total[2] ** 2) if normalise else 1.0
                if n > 0:
                    dx += total[0] / n
                    dy += total[1] / n
                    dz += total[2] / n
        # (the paper's factor 1/2 when both zones are occupied drops out: d is normalised)
    else:
        return vx, vy, vz
    n = np.sqrt(dx * dx + dy * dy + dz * dz)
    if n < 1e-12:
        return vx, vy, vz
    return dx / n, dy / n, dz / n


@njit
def _deflect(dx, dy, dz, g1, g2):
    """The unit vector ``d`` moved by the tangent-plane vector ``(g1, g2)``: a rotation by the
    angle ``hypot(g1, g2)`` towards the direction ``atan2(g2, g1)`` around ``d``."""
    angle = np.sqrt(g1 * g1 + g2 * g2)
    if angle == 0.0:
        return dx, dy, dz
    ex, ey, ez, fx, fy, fz = _perpendicular(dx, dy, dz)
    wx = (g1 * ex + g2 * fx) / angle
    wy = (g1 * ey + g2 * fy) / angle
    wz = (g1 * ez + g2 * fz) / angle
    c, s = np.cos(angle), np.sin(angle)
    out = _unit(c * dx + s * wx, c * dy + s * wy, c * dz + s * wz)
    return out[0], out[1], out[2]


@njit
def _limit(vx, vy, vz, dx, dy, dz, max_turn):
    """Turn the heading ``v`` towards ``d`` by at most ``max_turn``, in their plane."""
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
def headings(pos, vel, box, r_r, r_o, r_a, cos_half, blind_repulsion, max_turn, noise,
             use_cells, normalise, include_self, noise_first):
    """New unit headings of all fish (one step), in parallel over fish; ``noise`` (N, 2) holds
    each fish's tangent-plane noise.

    Fish ``i`` looks at the fish ``order[b:e]`` of each of its ranges: the 27 cubes around it
    (cell list), or one range holding everybody (all pairs). A neighbour ``j`` closer than
    ``r_r`` repels (even unseen, unless ``blind_repulsion``; at exactly the same point it counts
    with no direction); a seen neighbour in ``[r_r, r_o)`` orients, one in ``[r_o, r_a)``
    attracts."""
    n = pos.shape[0]
    out = np.empty_like(vel)
    rr2, ro2, ra2 = r_r * r_r, r_o * r_o, r_a * r_a
    if use_cells:
        order, keys, starts, origin, side, shape = build_cells(pos, r_a, box)
    else:
        order, keys, starts = np.arange(n), np.empty(0, np.int64), np.empty(1, np.int64)
        origin, side, shape = np.zeros(3), np.ones(3), np.zeros(5, np.int64)
    for i in prange(n):
        ranges = np.empty((27, 2), np.int64)
        n_ranges = 0
        if use_cells:
            cx, cy, cz = cube_of(pos[i], origin, side, shape)
            for ox in range(-1, 2):
                for oy in range(-1, 2):
                    for oz in range(-1, 2):
                        b, e = cell_range(keys, starts, cx + ox, cy + oy, cz + oz, shape)
                        if e > b:
                            ranges[n_ranges, 0], ranges[n_ranges, 1] = b, e
                            n_ranges += 1
        else:
            ranges[0, 0], ranges[0, 1] = 0, n
            n_ranges = 1
        px, py, pz = pos[i, 0], pos[i, 1], pos[i, 2]
        vx, vy, vz = vel[i, 0], vel[i, 1], vel[i, 2]
        rx = ry = rz = ox_ = oy_ = oz_ = ax = ay = az = 0.0
        n_rep = n_ori = n_att = 0
        for r in range(n_ranges):
            for k in range(ranges[r, 0], ranges[r, 1]):
                j = order[k]
                if j == i:
                    continue
                dx, dy, dz = pos[j, 0] - px, pos[j, 1] - py, pos[j, 2] - pz
                if box > 0:
                    dx -= box * np.round(dx / box)
                    dy -= box * np.round(dy / box)
                    dz -= box * np.round(dz / box)
                r2 = dx * dx + dy * dy + dz * dz
                if r2 >= ra2:
                    continue
                if r2 == 0.0:                     # same point: repelled, no direction
                    if rr2 > 0:
                        n_rep += 1
                    continue
                dist = np.sqrt(r2)
                visible = dx * vx + dy * vy + dz * vz >= cos_half * dist
                if r2 < rr2:
                    if visible or not blind_repulsion:
                        rx -= dx / dist
                        ry -= dy / dist
                        rz -= dz / dist
                        n_rep += 1
                elif not visible:
                    continue
                elif r2 < ro2:
                    ox_ += vel[j, 0]
                    oy_ += vel[j, 1]
                    oz_ += vel[j, 2]
                    n_ori += 1
                else:
                    ax += dx / dist
                    ay += dy / dist
                    az += dz / dist
                    n_att += 1
        dx, dy, dz = _desired(vx, vy, vz, (rx, ry, rz), (ox_, oy_, oz_), (ax, ay, az), n_rep,
                              n_ori, n_att, normalise, include_self)
        if noise_first:
            dx, dy, dz = _deflect(dx, dy, dz, noise[i, 0], noise[i, 1])
            dx, dy, dz = _limit(vx, vy, vz, dx, dy, dz, max_turn)
        else:
            dx, dy, dz = _limit(vx, vy, vz, dx, dy, dz, max_turn)
            dx, dy, dz = _deflect(dx, dy, dz, noise[i, 0], noise[i, 1])
        out[i, 0], out[i, 1], out[i, 2] = dx, dy, dz
    return out


@njit(nogil=True)
def advance(pos, vel, box, r_r, r_o, r_a, cos_half, blind_repulsion, max_turn, step, noise,
            use_cells, normalise, include_self, noise_first):
    """``noise.shape[0]`` steps: new headings, then every fish moves ``step`` along its new
    heading (wrapped into a periodic box). Returns the new ``(pos, vel)``."""
    for s in range(noise.shape[0]):
        vel = headings(pos, vel, box, r_r, r_o, r_a, cos_half, blind_repulsion, max_turn,
                       noise[s], use_cells, normalise, include_self, noise_first)
        pos = pos + step * vel
        if box > 0:
            pos = pos - box * np.floor(pos / box)
    return pos, vel
