"""Checks that `optiscape sweep`, the numpy peer and the JAX peer computed the same sweep.

Reads the three CSVs (and, if given, the final theta of every cell from `optiscape run`, as
b2,b1,x,y rows, since the sweep's CSV has no theta), prints the largest difference per column
for each pair, and exits 1 if any is past its tolerance. Loss, update, distance and theta are
compared relatively, the growth rate absolutely: it is a slope, about 0 in bounded cells.
"""

import argparse
import csv
import math
import sys

# column: (kind, tolerance); "exact" columns must be equal as read.
COLUMNS = {
    "axes": ("exact", 0.0),
    "growth": ("abs", 1e-6),
    "final_update": ("rel", 1e-9),
    "final_loss": ("rel", 1e-9),
    "distance": ("rel", 1e-9),
    "diverged_at": ("exact", 0.0),
    "outcome": ("exact", 0.0),
    "x": ("rel", 1e-9),
    "y": ("rel", 1e-9),
}
GROWTH_THRESHOLD = 5e-3


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def num(s):
    return math.nan if s == "" else float(s)


def diff(kind, a, b):
    """The difference of two fields; inf when one is missing or they differ in kind."""
    if kind == "exact":
        return 0.0 if a == b else math.inf
    x, y = num(a), num(b)
    if math.isnan(x) or math.isnan(y):
        return 0.0 if math.isnan(x) and math.isnan(y) else math.inf
    if x == y:  # also equal infinities
        return 0.0
    if math.isinf(x) or math.isinf(y):
        return math.inf
    d = abs(x - y)
    return d if kind == "abs" else d / max(abs(x), abs(y))


def compare(name_a, rows_a, name_b, rows_b, axes, results):
    """Appends (column, pair, largest difference, cells that differ at all, index of the
    worst cell) for every column both have; `axes` are the two axis columns, checked exactly."""
    if len(rows_a) != len(rows_b):
        sys.exit(f"compare: {name_a} has {len(rows_a)} cells, {name_b} {len(rows_b)}")
    for col, (kind, _) in COLUMNS.items():
        names = axes if col == "axes" else [col]
        if not all(k in rows_a[0] and k in rows_b[0] for k in names):
            continue
        worst, where, differ = -1.0, 0, 0
        for i, (ra, rb) in enumerate(zip(rows_a, rows_b)):
            if col == "axes":
                d = 0.0 if all(num(ra[k]) == num(rb[k]) for k in axes) else math.inf
            elif col == "outcome" and ra[col] != rb[col] and near_threshold(ra, rb):
                d = 0.0  # growth within tolerance of the threshold may fall either side
            else:
                d = diff(kind, ra[col], rb[col])
            differ += d != 0.0
            if d > worst:
                worst, where = d, i
        results.append((col, f"{name_a}~{name_b}", worst, differ, where))


def near_threshold(ra, rb):
    tol = COLUMNS["growth"][1]
    return all(abs(num(r["growth"]) - GROWTH_THRESHOLD) <= tol for r in (ra, rb))


def main():
    p = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    p.add_argument("cli")
    p.add_argument("numpy")
    p.add_argument("jax")
    p.add_argument("--cli-theta", help="b2,b1,x,y per cell from `optiscape run`")
    a = p.parse_args()
    cli, npy, jx = read(a.cli), read(a.numpy), read(a.jax)
    axes = list(cli[0])[:2]
    results = []
    compare("cli", cli, "numpy", npy, axes, results)
    compare("cli", cli, "jax", jx, axes, results)
    compare("numpy", npy, "jax", jx, axes, results)
    if a.cli_theta:
        # Keyed by the axis values: the runs may have finished in any order.
        theta = {}
        with open(a.cli_theta) as f:
            for line in f:
                b2, b1, x, y = line.strip().split(",")
                theta[(float(b2), float(b1))] = {"x": x, "y": y}
        missing = [r for r in cli if (num(r[axes[0]]), num(r[axes[1]])) not in theta]
        if missing:
            sys.exit(f"compare: {len(missing)} cells have no theta from `optiscape run`")
        runs = [theta[(num(r[axes[0]]), num(r[axes[1]]))] for r in cli]
        compare("cli run", runs, "numpy", npy, axes, results)
        compare("cli run", runs, "jax", jx, axes, results)

    pairs = list(dict.fromkeys(r[1] for r in results))
    table = {(col, pair): (worst, differ, i) for col, pair, worst, differ, i in results}
    print("largest difference per column (in brackets: cells not bit for bit equal)")
    print(f"{'column':<13} {'tolerance':<14}" + "".join(f" {p:>20}" for p in pairs))
    failures = []
    for col, (kind, tol) in COLUMNS.items():
        tol_text = "equal" if kind == "exact" else f"{tol:g} {'rel' if kind == 'rel' else 'abs'}"
        line = f"{col:<13} {tol_text:<14}"
        for pair in pairs:
            if (col, pair) not in table:
                line += f" {'-':>20}"
                continue
            worst, differ, i = table[(col, pair)]
            line += f" {f'{worst:.2e} ({differ})':>20}"
            if worst > tol:
                where = ",".join(f"{k}={cli[i][k]}" for k in axes)
                failures.append(f"{col} {pair}: {worst:.3e} > {tol:g} at {where}")
        print(line)
    for f in failures:
        print("FAIL " + f)
    failed = bool(failures)
    print(f"{len(cli)} cells: " + ("all agree" if not failed else "DISAGREEMENT"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
