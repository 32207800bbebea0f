"""Adam on Rosenbrock over a grid of hyperparameters, every cell advanced in lockstep as float64
numpy arrays; writes one CSV row per cell with the columns of `optiscape sweep`, plus the final
theta as x,y.

It follows the project's own arithmetic operation for operation: Rosenbrock's value and
gradient as src/landscape's dual numbers evaluate them, Adam as src/optim/level.rs computes
torch.optim.Adam, divergence as src/sim/mod.rs, and the growth rate of ln|u|_inf over the
second half of the steps taken as src/sweep/measure.rs.
"""

import math
import sys
import time

import numpy as np

import common


def corrections(decays, steps):
    """1 - decay**t for t = 1..steps, one row per step, with the C library's pow as Rust's
    powf uses (numpy's vector pow may differ in the last bit)."""
    unique = sorted(set(decays))
    table = np.array([[1.0 - math.pow(d, t) for d in unique] for t in range(1, steps + 1)])
    where = np.searchsorted(np.array(unique), np.array(decays))
    return table[:, where]


def sweep(lr, gamma, beta, eps, steps, start):
    n = gamma.size
    bc1 = corrections(gamma.tolist(), steps)
    bc2 = corrections(beta.tolist(), steps)
    sqrt_bc2 = np.sqrt(bc2)
    w = 1.0 - gamma
    near = w < 0.5  # torch.lerp works from the nearer end
    one_minus_w = 1.0 - w
    one_minus_beta = 1.0 - beta

    tx = np.full(n, start[0])
    ty = np.full(n, start[1])
    loss, gx, gy = common.rosenbrock(tx, ty)
    mx, my, vx, vy = (np.zeros(n) for _ in range(4))
    norms = np.zeros((steps, n))
    alive = np.ones(n, dtype=bool)
    taken = np.zeros(n, dtype=np.int64)
    diverged_at = np.full(n, -1, dtype=np.int64)

    for t in range(1, steps + 1):
        mx = np.where(near, mx + w * (gx - mx), gx - (gx - mx) * one_minus_w)
        my = np.where(near, my + w * (gy - my), gy - (gy - my) * one_minus_w)
        vx = vx * beta + one_minus_beta * gx * gx
        vy = vy * beta + one_minus_beta * gy * gy
        c1, c2 = bc1[t - 1], sqrt_bc2[t - 1]
        dx = np.sqrt(vx) / c2 + eps
        dy = np.sqrt(vy) / c2 + eps
        ux = mx / dx / c1
        uy = my / dy / c1
        neg_step = -(lr / c1)
        nx = tx + (neg_step * mx) / dx
        ny = ty + (neg_step * my) / dy
        nloss, ngx, ngy = common.rosenbrock(nx, ny)

        ok = (np.abs(nx) <= common.DIVERGENCE_BOUND) & (np.abs(ny) <= common.DIVERGENCE_BOUND)
        ok &= np.isfinite(nloss) & np.isfinite(ngx) & np.isfinite(ngy)
        ok &= alive
        # A non-finite update is recorded as 0, as the core records it.
        ux = np.where(np.isfinite(ux), ux, 0.0)
        uy = np.where(np.isfinite(uy), uy, 0.0)
        norms[t - 1] = np.where(ok, np.maximum(np.abs(ux), np.abs(uy)), 0.0)
        if ok.all():
            tx, ty, loss, gx, gy = nx, ny, nloss, ngx, ngy
        else:
            # Cells that fail now, or did before, keep their last good point.
            diverged_at[alive & ~ok] = t
            tx, ty = np.where(ok, nx, tx), np.where(ok, ny, ty)
            loss, gx, gy = np.where(ok, nloss, loss), np.where(ok, ngx, gx), np.where(ok, ngy, gy)
            alive = ok
        taken += ok

    final_update, growth = growth_rate(norms, taken)
    return {
        "growth": growth,
        "final_update": final_update,
        "final_loss": loss,
        "diverged_at": diverged_at,
        "theta_x": tx,
        "theta_y": ty,
    }


def growth_rate(norms, taken):
    """Least-squares slope of ln|u_n|_inf over n in (M/2, M], M the steps a cell took; -inf if
    its last update is exactly 0, NaN (no value) with fewer than two points."""
    steps, n = norms.shape
    k = np.arange(steps)[:, None]
    start = (taken // 2)[None, :]
    inside = (k >= start) & (k < taken[None, :])
    use = inside & (norms > 0.0) & np.isfinite(norms)
    xs = (k - start).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        ys = np.where(use, np.log(np.where(use, norms, 1.0)), 0.0)
        count = use.sum(axis=0)
        mx = np.where(use, xs, 0.0).sum(axis=0) / count
        my = ys.sum(axis=0) / count
        dx = np.where(use, xs - mx, 0.0)
        slope = (dx * np.where(use, ys - my, 0.0)).sum(axis=0) / (dx * dx).sum(axis=0)
    last = norms[np.maximum(taken - 1, 0), np.arange(n)]
    final_update = np.where(taken > 0, last, 0.0)
    slope = np.where(count >= 2, slope, np.nan)
    slope = np.where((taken > 0) & (last == 0.0), -np.inf, slope)
    return final_update, slope


def main():
    a = common.parse_args(__doc__)
    cols, xs, ys = common.cell_hypers(a)
    lr, gamma, beta = (np.array(cols[k]) for k in common.KEYS)
    res = None
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        with np.errstate(all="ignore"):
            res = sweep(lr, gamma, beta, a.eps, a.steps, a.start)
        common.report(a, "run", time.perf_counter() - t0)
    common.emit(a, xs, ys, res)


if __name__ == "__main__":
    sys.exit(main())
