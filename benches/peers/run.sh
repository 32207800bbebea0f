#!/usr/bin/env bash
# Times one stability sweep (Adam on Rosenbrock, beta2 x beta1) three ways: `optiscape sweep`,
# the numpy peer and the JAX peer; prints median seconds and million steps/s, then checks
# that all three computed the same numbers. Outputs go to benches/peers/out/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$here/out"
venv="$here/.venv"
py="$venv/bin/python"
repeats=5
cores="$(nproc)"

lr=0.001 eps=1e-8 steps=500
xaxis=beta2:0.5:0.9999:64 yaxis=beta1:0.5:0.9999:64
cells=$((64 * 64))
run_args=(--optimizer adam --landscape rosenbrock --lr "$lr" --eps "$eps" --steps "$steps")
peer_args=(--lr "$lr" --eps "$eps" --steps "$steps" --x "$xaxis" --y "$yaxis")

mkdir -p "$out"

# The venv is reinstalled only when requirements.txt changed since it was last installed.
if [[ ! -x "$py" ]]; then
    echo "creating $venv" >&2
    python3 -m venv "$venv"
fi
if ! cmp -s "$here/requirements.txt" "$venv/installed-requirements.txt"; then
    "$py" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
    cp "$here/requirements.txt" "$venv/installed-requirements.txt"
fi

echo "building optiscape (release)" >&2
# Cargo says where it put the binary, wherever the target directory is configured to be.
cli=$(cd "$repo" && cargo build --quiet --release --bin optiscape --message-format=json-render-diagnostics |
    grep -o '"executable":"[^"]*"' | tail -n 1 | cut -d'"' -f4)
[[ -x "$cli" ]] || { echo "run.sh: no optiscape binary from cargo build" >&2; exit 1; }

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Wall time of the whole process, as a user of the CLI waits for it.
time_cli() {
    local threads=$1 file=$2 start end
    : >"$file"
    for _ in $(seq "$repeats"); do
        start=$EPOCHREALTIME
        "$cli" sweep "${run_args[@]}" --x "$xaxis" --y "$yaxis" --threads "$threads" >"$out/cli.csv"
        end=$EPOCHREALTIME
        awk -v a="$start" -v b="$end" 'BEGIN { printf "%.6f\n", b - a }' >>"$file"
    done
}

echo "timing optiscape sweep, --threads 1 and --threads $cores ($repeats runs each)" >&2
time_cli 1 "$out/times-cli-1.txt"
time_cli "$cores" "$out/times-cli-all.txt"

# The peers time their own sweeps in-process (no interpreter start, imports or CSV writing).
echo "timing the numpy peer ($repeats runs)" >&2
rm -f "$out/times-numpy.txt" "$out/times-jax.txt"
"$py" "$here/sweep_numpy.py" "${peer_args[@]}" --repeat "$repeats" \
    --times "$out/times-numpy.txt" --out "$out/numpy.csv" 2>/dev/null
echo "timing the jax peer (1 compiling run, then $repeats runs)" >&2
"$py" "$here/sweep_jax.py" "${peer_args[@]}" --repeat "$repeats" \
    --times "$out/times-jax.txt" --out "$out/jax.csv" 2>/dev/null

cli_1=$(median <"$out/times-cli-1.txt")
cli_all=$(median <"$out/times-cli-all.txt")
numpy_t=$(awk '$1 == "run" { print $2 }' "$out/times-numpy.txt" | median)
jax_t=$(awk '$1 == "run" { print $2 }' "$out/times-jax.txt" | median)
jax_first=$(awk '$1 == "first" { print $2 }' "$out/times-jax.txt")

echo
echo "Adam on Rosenbrock, $xaxis x $yaxis = $cells cells x $steps steps, median of $repeats"
# Other work on the machine slows every row; the load says how busy it was.
echo "$cores cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-34s %10s %14s %14s\n' "implementation" "seconds" "M steps/s" "time / CLI($cores)"
row() {
    awk -v name="$1" -v t="$2" -v n="$((cells * steps))" -v base="$cli_all" \
        'BEGIN { printf "%-34s %10.4f %14.2f %14.2f\n", name, t, n / t / 1e6, t / base }'
}
row "optiscape sweep --threads 1" "$cli_1"
row "optiscape sweep --threads $cores" "$cli_all"
row "numpy (1 core, in-process)" "$numpy_t"
row "jax jit(vmap(scan)) (in-process)" "$jax_t"
row "jax first call (with compile)" "$jax_first"
echo "(the CLI's times are whole processes, start to exit, CSV written; the peers' are the"
echo " sweep alone, inside an already started Python)"

# The sweep's CSV has no theta: read every cell's last point from `optiscape run`.
echo
echo "reading each cell's final theta from optiscape run ($cells runs)" >&2
theta_of() {
    local last x y
    # A run that diverges exits 1 after printing its last good point, as the sweep keeps it.
    last=$("$cli" run "${run_args[@]}" --beta2 "$1" --beta1 "$2" | tail -n 1) || true
    IFS=, read -r _ x y _ <<<"$last"
    echo "$1,$2,$x,$y"
}
export -f theta_of
export cli
export run_args_flat="${run_args[*]}"
tail -n +2 "$out/cli.csv" | cut -d, -f1,2 | tr , ' ' |
    xargs -P "$cores" -n 2 bash -c 'run_args=($run_args_flat); theta_of "$@"' _ >"$out/cli-theta.csv"

"$py" "$here/compare.py" "$out/cli.csv" "$out/numpy.csv" "$out/jax.csv" --cli-theta "$out/cli-theta.csv"
