#!/usr/bin/env bash
# Interactive round trips, one request in flight, coach serve beside the peer harness's C LIMIT (issue 11):
#   Benchmarks/interactive.sh [PATH/TO/coach] [RUNS]       (default .build/release/coach, 3 runs each)
# Needs a release build (swift build -c release) and ../shared/bench (the peer harness: its workload, its
# adapter and its LIMIT, built here with gcc). Each server gets the harness's walk stream (10,000 interleaved
# conversations, 108,766 requests; coach gets it through the harness's adapter), one request at a time; the
# median of RUNS runs of p50/p99/p99.9 is printed per server. Compare within one run: the machine is noisy.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
coach=$(readlink -f "${1:-$here/.build/release/coach}")
runs=${2:-3}
bench=$(readlink -f "${BENCH:-$here/../shared/bench}")
bin=$here/.build/release/coach-bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[[ -x $bin ]] || { echo "interactive.sh: build coach-bench first: swift build -c release" >&2; exit 2; }
python3 "$bench/workload.py" --dialog "$bench/dialog.json" --sessions "${SESSIONS:-10000}" --seed 1 --out "$work/walk.canon" >/dev/null
python3 "$bench/adapt_subject.py" --requests < "$work/walk.canon" > "$work/walk.coach"
python3 "$bench/peers/gen_limit.py" "$bench/dialog.json" > "$work/limit_dialog.h"
gcc -O2 -I "$work" -o "$work/limit" "$bench/peers/limit.c"
cp -r "$bench/coach-dialogs" "$work/dialogs"
run() {  # label, stream, command
  for i in $(seq "$runs"); do "$bin" --interactive "$2" --command "$3"; done | python3 -c '
import re, sys, statistics
rows = [tuple(map(float, re.findall(r"p50 ([\d.]+) us, p99 ([\d.]+) us, p99.9 ([\d.]+) us, max ([\d.]+) ms", l)[0])) for l in sys.stdin]
m = [statistics.median(c) for c in zip(*rows)]
print("| %s | %.1f | %.1f | %.1f | %.2f |" % (sys.argv[1], *m))' "$1"
}
echo "| server | p50 µs | p99 µs | p99.9 µs | max ms |"
echo "|---|--:|--:|--:|--:|"
run "LIMIT (C)" "$work/walk.canon" "$work/limit"
run "coach, transcripts off" "$work/walk.coach" "$coach serve --dialogs $work/dialogs --no-transcripts"
run "coach, transcripts on" "$work/walk.coach" "d=\$(mktemp -d -p $work); exec $coach serve --dialogs $work/dialogs --max-open 16000 --transcripts \$d"
