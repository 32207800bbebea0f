"""What the two Python peers share: the command line, the grid and the CSV rows.

The grid is spaced as `optiscape sweep` spaces it (src/sweep/mod.rs, Axis::value): evenly in
log10(lr) for the learning rate and in log10(1 - v) for a decay, both ends exact, x fastest.
"""

import argparse
import math
import sys

import numpy as np

# Rosenbrock's default start in the core.
START = (-1.2, 1.0)
MINIMUM = (1.0, 1.0)
# Above this growth rate of ln|u|_inf per step a cell "grows" (src/sweep/measure.rs).
GROWTH_THRESHOLD = 5e-3
# A coordinate past this, or anything non-finite, ends a run (src/sim/mod.rs).
DIVERGENCE_BOUND = 1e12

KEYS = ("lr", "beta1", "beta2")
# The sweep's columns, then theta under the names `optiscape run` gives it.
HEADER_TAIL = "growth,final_update,final_loss,diverged_at,distance,outcome,x,y"


def rosenbrock(x, y):
    """(1 - x)^2 + 100 (y - x^2)^2 and its gradient, for numpy or jax arrays alike, rounded
    step by step as the core's dual numbers (src/landscape/scalar.rs) round them:
    d/dx = -2(1 - x) + (x b)(-400), d/dy = 200 b, with b = y - x^2."""
    a = 1.0 - x
    b = y - x * x
    loss = a * a + (b * b) * 100.0
    gx = -2.0 * a + (x * b) * -400.0
    gy = b * 200.0
    return loss, gx, gy


class Axis:
    def __init__(self, spec):
        key, lo, hi, n = spec.split(":")
        if key not in KEYS:
            raise argparse.ArgumentTypeError(f"axis key must be one of {KEYS}, got {key!r}")
        self.key, self.lo, self.hi, self.n = key, float(lo), float(hi), int(n)

    def _scaled(self, v):
        return math.log10(v) if self.key == "lr" else math.log10(1.0 - v)

    def _unscaled(self, s):
        return math.pow(10.0, s) if self.key == "lr" else 1.0 - math.pow(10.0, s)

    def value(self, i):
        # Same expression, same libm calls as the core, so the values match bit for bit.
        if i == 0 or self.n <= 1:
            return self.lo
        if i + 1 >= self.n:
            return self.hi
        a, b = self._scaled(self.lo), self._scaled(self.hi)
        t = i / (self.n - 1)
        return self._unscaled(a + (b - a) * t)

    def values(self):
        return [self.value(i) for i in range(self.n)]


def pair(s):
    x, y = s.split(",")
    return float(x), float(y)


def parse_args(doc):
    p = argparse.ArgumentParser(description=doc.strip().splitlines()[0])
    p.add_argument("--x", type=Axis, default=Axis("beta2:0.5:0.9999:64"), help="KEY:LO:HI:N")
    p.add_argument("--y", type=Axis, default=Axis("beta1:0.5:0.9999:64"), help="KEY:LO:HI:N")
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--beta1", type=float, default=0.9)
    p.add_argument("--beta2", type=float, default=0.999)
    p.add_argument("--eps", type=float, default=1e-8)
    p.add_argument("--steps", type=int, default=500)
    p.add_argument("--start", type=pair, default=START, help="X,Y; default Rosenbrock's own")
    p.add_argument("--repeat", type=int, default=1, help="time the sweep this many times")
    p.add_argument("--times", help="append one line per timed run to this file")
    p.add_argument("--out", help="write the CSV here instead of stdout")
    a = p.parse_args()
    if a.x.key == a.y.key:
        p.error("--x and --y must sweep different keys")
    return a


def cell_hypers(a):
    """Per-cell (lr, beta1, beta2) lists in the grid's order, x fastest."""
    xs, ys = a.x.values(), a.y.values()
    cols = {k: [] for k in KEYS}
    for yv in ys:
        for xv in xs:
            h = {"lr": a.lr, "beta1": a.beta1, "beta2": a.beta2, a.x.key: xv, a.y.key: yv}
            for k in KEYS:
                cols[k].append(h[k])
    return cols, xs, ys


def fmt(v):
    # Empty for a measure that does not exist, as the CLI writes it.
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return repr(float(v))


def write_csv(a, xs, ys, res, out):
    """res: dict of per-cell sequences growth, final_update, final_loss, diverged_at (<0: none),
    theta_x, theta_y."""
    out.write(f"{a.x.key},{a.y.key},{HEADER_TAIL}\n")
    i = 0
    for yv in ys:
        for xv in xs:
            g = float(res["growth"][i])
            d = int(res["diverged_at"][i])
            tx, ty = float(res["theta_x"][i]), float(res["theta_y"][i])
            # numpy's hypot is the C library's, as Rust's; math.hypot is Python's own.
            dist = float(np.hypot(tx - MINIMUM[0], ty - MINIMUM[1]))
            if d >= 0:
                outcome = "diverged"
            elif not math.isnan(g) and g > GROWTH_THRESHOLD:
                outcome = "grows"
            else:
                outcome = "bounded"
            row = [xv, yv, g, float(res["final_update"][i]), float(res["final_loss"][i])]
            out.write(",".join(fmt(v) for v in row))
            out.write(f",{d if d >= 0 else ''},{fmt(dist)},{outcome},{fmt(tx)},{fmt(ty)}\n")
            i += 1


def report(a, label, seconds):
    line = f"{label} {seconds:.6f}"
    print(f"{sys.argv[0]}: {line} s", file=sys.stderr)
    if a.times:
        with open(a.times, "a") as f:
            f.write(line + "\n")


def emit(a, xs, ys, res):
    if a.out:
        with open(a.out, "w") as f:
            write_csv(a, xs, ys, res, f)
    else:
        write_csv(a, xs, ys, res, sys.stdout)
