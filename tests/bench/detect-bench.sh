#!/bin/sh
# detect-bench.sh - the System step's speed, measured side by side in one
# run (this machine is shared and noisy: compare within the run, not
# across runs).  Not a timed test: it prints numbers, it does not fail
# on them.
#
#   tests/bench/detect-bench.sh [BINARY] [RUNS]
#
# Prints, each as median of RUNS (default 21):
#   - `mailharden --version` wall time (process start + libraries: the floor)
#   - `mailharden detect` wall time, and its ratio to the floor and to the
#     50 ms target
#   - peak RSS of detect (target 16 MB)
#   - start to first complete wizard screen under tmux at 80x24 (target
#     100 ms), and tmux's own start-to-first-screen for `true` as floor
# Use a build without sanitizers (ASan multiplies time and memory).
set -u
BIN=${1:-src/mailharden}
RUNS=${2:-21}
[ -x "$BIN" ] || { echo "no binary at $BIN (give the path)"; exit 2; }
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
if nm "$BIN" 2>/dev/null | grep -q __asan_init; then
	echo "warning: $BIN is built with ASan; numbers are not representative"
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"; [ -n "${SOCK:-}" ] && tmux -S "$SOCK" kill-server 2>/dev/null' EXIT

now_ns() { date +%s%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# time_cmd N CMD...: median wall ms over N runs.
time_cmd() {
	n=$1; shift
	i=0
	while [ $i -lt "$n" ]; do
		t0=$(now_ns); "$@" >/dev/null 2>&1; t1=$(now_ns)
		echo $(( (t1 - t0) / 1000 ))
		i=$((i + 1))
	done | median
}

ver_us=$(time_cmd "$RUNS" "$BIN" --version)
det_us=$(time_cmd "$RUNS" "$BIN" detect --json)
rss_kb=$( (i=0; while [ $i -lt 5 ]; do
	/usr/bin/time -f %M "$BIN" detect --json 2>&1 >/dev/null | tail -1
	i=$((i + 1)); done) | median)

first_screen() {	# $1 = command, $2 = marker regex; prints microseconds
	SOCK=$TMP/sock
	t0=$(now_ns)
	tmux -S "$SOCK" -f /dev/null new-session -d -x 80 -y 24 -s b "$1"
	n=0
	while [ $n -lt 2000 ]; do
		if tmux -S "$SOCK" capture-pane -p -t b 2>/dev/null |
		    grep -Eq "$2"; then
			break
		fi
		n=$((n + 1))
	done
	t1=$(now_ns)
	tmux -S "$SOCK" kill-server 2>/dev/null
	echo $(( (t1 - t0) / 1000 ))
}
ui_us=$(i=0; while [ $i -lt 9 ]; do
	first_screen "env TERM=xterm-256color LANG=C.UTF-8 $BIN --dry-run" \
	    'Quit' ; i=$((i + 1)); done | median)
floor_us=$(i=0; while [ $i -lt 9 ]; do
	first_screen "sh -c 'echo READY; sleep 5'" 'READY'
	i=$((i + 1)); done | median)

awk -v v="$ver_us" -v d="$det_us" -v r="$rss_kb" -v u="$ui_us" \
    -v f="$floor_us" -v runs="$RUNS" 'BEGIN {
	printf "mailharden System step benchmark (medians; %d runs of each CLI case, 9 of each screen case)\n", runs
	printf "  --version (start-up floor)       %8.1f ms\n", v / 1000
	printf "  detect --json                    %8.1f ms   %.2fx the floor, %.2fx the 50 ms target\n", d / 1000, d / v, d / 50000
	printf "  detect peak RSS                  %8.1f MB   %.2fx the 16 MB target\n", r / 1024, r / 16384
	printf "  tmux: shell prints a line        %8.1f ms   (tmux floor)\n", f / 1000
	printf "  tmux: first complete wizard screen %6.1f ms   %.2fx the tmux floor, %.2fx the 100 ms target\n", u / 1000, u / f, u / 100000
}'
