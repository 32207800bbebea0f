"""Adam on Rosenbrock over a grid of hyperparameters in JAX, float64: one cell's whole run is a
lax.scan over the steps, and jax.jit(jax.vmap(...)) runs every cell at once; writes one CSV
row per cell with the columns of `optiscape sweep`, plus the final theta as x,y.

It follows the project's own arithmetic: Rosenbrock's value and gradient as src/landscape's
dual numbers evaluate them, Adam as src/optim/level.rs computes torch.optim.Adam, divergence
as src/sim/mod.rs, and the growth rate of ln|u|_inf over the second half of the steps taken as
src/sweep/measure.rs. The first call compiles; it is timed and reported on its own.
"""

import os
import sys
import time

# XLA's CPU code generator always fuses a*b + c into one FMA, which rounds once where the core
# rounds twice; capping the instruction set below AVX2 leaves it no FMA instruction to use.
# On this sweep such last-bit differences grow to ~5e-5 in the final loss within 500 steps.
if "xla_cpu_max_isa" not in os.environ.get("XLA_FLAGS", ""):
    os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "") + " --xla_cpu_max_isa=AVX").strip()

import jax  # noqa: E402

jax.config.update("jax_enable_x64", True)

import jax.numpy as jnp  # noqa: E402  (after x64 is on, so arrays default to float64)
import numpy as np  # noqa: E402

import common  # noqa: E402


def make_sweep(eps, steps, start):
    """A compiled function from per-cell (lr, beta1, beta2) arrays to per-cell measures."""

    def cell(lr, gamma, beta):
        w = 1.0 - gamma
        near = w < 0.5  # torch.lerp works from the nearer end
        one_minus_w = 1.0 - w
        one_minus_beta = 1.0 - beta

        def step(carry, t):
            tx, ty, loss, gx, gy, mx, my, vx, vy, alive, taken, diverged_at = carry
            tf = t.astype(jnp.float64)
            c1 = 1.0 - jnp.power(gamma, tf)
            c2 = jnp.sqrt(1.0 - jnp.power(beta, tf))
            mx = jnp.where(near, mx + w * (gx - mx), gx - (gx - mx) * one_minus_w)
            my = jnp.where(near, my + w * (gy - my), gy - (gy - my) * one_minus_w)
            vx = vx * beta + one_minus_beta * gx * gx
            vy = vy * beta + one_minus_beta * gy * gy
            dx = jnp.sqrt(vx) / c2 + eps
            dy = jnp.sqrt(vy) / c2 + eps
            rx, ry = mx / dx, my / dy
            neg_step = -(lr / c1)
            nx = tx + (neg_step * mx) / dx
            ny = ty + (neg_step * my) / dy
            nloss, ngx, ngy = common.rosenbrock(nx, ny)
            ok = (jnp.abs(nx) <= common.DIVERGENCE_BOUND) & (jnp.abs(ny) <= common.DIVERGENCE_BOUND)
            ok = ok & jnp.isfinite(nloss) & jnp.isfinite(ngx) & jnp.isfinite(ngy) & alive
            # |u|_inf = max(|m/d|)/c1, bit for bit, since c1 > 0 and rounding is monotone;
            # written as (m/d)/c1 XLA would turn it into m/(d*c1), which rounds differently.
            # A non-finite update coordinate is recorded as 0, as the core records it.
            rx = jnp.where(jnp.isfinite(rx), rx, 0.0)
            ry = jnp.where(jnp.isfinite(ry), ry, 0.0)
            norm = jnp.where(ok, jnp.maximum(jnp.abs(rx), jnp.abs(ry)) / c1, 0.0)
            # A cell that fails keeps its last good point.
            keep = lambda new, old: jnp.where(ok, new, old)  # noqa: E731
            carry = (
                keep(nx, tx), keep(ny, ty), keep(nloss, loss), keep(ngx, gx), keep(ngy, gy),
                mx, my, vx, vy, ok, taken + ok.astype(jnp.int64),
                jnp.where(alive & ~ok, t, diverged_at),
            )
            return carry, norm

        x0, y0 = jnp.float64(start[0]), jnp.float64(start[1])
        loss0, gx0, gy0 = common.rosenbrock(x0, y0)
        zero = jnp.float64(0.0)
        init = (x0, y0, loss0, gx0, gy0, zero, zero, zero, zero,
                jnp.bool_(True), jnp.int64(0), jnp.int64(-1))
        ts = jnp.arange(1, steps + 1, dtype=jnp.int64)
        (tx, ty, loss, *_, taken, diverged_at), norms = jax.lax.scan(step, init, ts)
        final_update, growth = growth_rate(norms, taken)
        return {
            "growth": growth,
            "final_update": final_update,
            "final_loss": loss,
            "diverged_at": diverged_at,
            "theta_x": tx,
            "theta_y": ty,
        }

    return jax.jit(jax.vmap(cell))


def growth_rate(norms, taken):
    """Least-squares slope of ln|u_n|_inf over n in (M/2, M], M the steps taken; -inf if the
    last update is exactly 0, NaN (no value) with fewer than two points."""
    k = jnp.arange(norms.shape[0])
    start = taken // 2
    use = (k >= start) & (k < taken) & (norms > 0.0) & jnp.isfinite(norms)
    xs = (k - start).astype(jnp.float64)
    ys = jnp.where(use, jnp.log(jnp.where(use, norms, 1.0)), 0.0)
    count = use.sum()
    mx = jnp.where(use, xs, 0.0).sum() / count
    my = ys.sum() / count
    dx = jnp.where(use, xs - mx, 0.0)
    slope = (dx * jnp.where(use, ys - my, 0.0)).sum() / (dx * dx).sum()
    last = norms[jnp.maximum(taken - 1, 0)]
    final_update = jnp.where(taken > 0, last, 0.0)
    slope = jnp.where(count >= 2, slope, jnp.nan)
    slope = jnp.where((taken > 0) & (last == 0.0), -jnp.inf, slope)
    return final_update, slope


def main():
    a = common.parse_args(__doc__)
    cols, xs, ys = common.cell_hypers(a)
    lr, gamma, beta = (jnp.asarray(np.array(cols[k])) for k in common.KEYS)
    run = make_sweep(a.eps, a.steps, a.start)

    def timed(label):
        t0 = time.perf_counter()
        out = jax.block_until_ready(run(lr, gamma, beta))
        common.report(a, label, time.perf_counter() - t0)
        return out

    res = timed("first")
    for _ in range(a.repeat):
        res = timed("run")
    common.emit(a, xs, ys, {k: np.asarray(v) for k, v in res.items()})


if __name__ == "__main__":
    sys.exit(main())
