#!/bin/sh
# run-all.sh - the whole test suite, from a configured tree: unit,
# fuzz, integration and TUI tests (make check), then make distcheck.
# Prints the failing logs, and as its last line "N passed, N failed"
# summed over every test case that ran.
#   MH_SKIP_DISTCHECK=1   leave out distcheck (quicker local runs)
set -u
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
make -j"$jobs" check >make-check.out 2>&1
check_rc=$?
tail -n 20 make-check.out
num() { sed -n "s/^# $1: *\([0-9]*\)/\1/p" test-suite.log | head -1; }
pass=0; fail=0; skip=0
if [ -f test-suite.log ]; then
	pass=$(( $(num PASS) + $(num XFAIL) ))
	fail=$(( $(num FAIL) + $(num XPASS) + $(num ERROR) ))
	skip=$(num SKIP)
fi
if [ $check_rc -ne 0 ]; then
	# Show what failed, and the build output when nothing ran.
	grep -l -E '^(not ok|Bail out)|^# (FAIL|ERROR): *[1-9]' \
	    $(find tests -name '*.log' 2>/dev/null) 2>/dev/null |
	    while read -r log; do echo "=== $log"; tail -n 60 "$log"; done
	[ -f test-suite.log ] || { tail -n 60 make-check.out; fail=$((fail + 1)); }
	[ $fail -eq 0 ] && fail=1
fi
if [ "${MH_SKIP_DISTCHECK:-0}" != 1 ]; then
	if make -j"$jobs" distcheck >make-distcheck.out 2>&1; then
		echo "PASS: make distcheck"; pass=$((pass + 1))
	else
		tail -n 80 make-distcheck.out
		echo "FAIL: make distcheck"; fail=$((fail + 1))
	fi
fi
echo "${pass:-0} passed, ${fail:-0} failed, ${skip:-0} skipped"
[ "$fail" -eq 0 ]
