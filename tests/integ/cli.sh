#!/bin/sh
# cli.sh - global options, help, exit codes and the detect command's
# output contract (text fits 80 columns, JSON parses, errors are one line
# with exit 2, stdout failure is exit 3).
. "$(dirname "$0")/../lib.sh"

one_line_err() {	# the reason is one line plus the "Try" hint
	[ "$(wc -l <"$MH_ERR")" -eq 2 ] && grep -q "^Try 'mailharden" "$MH_ERR"
}

expect_rc "--help" 0 --help
out_has "--help lists the detect command" '^  detect '
out_has "--help explains exit status" 'Exit status: 0 all good, 1 findings'
out_has "--help names --root" '--root DIR'
expect_rc "detect --help" 0 detect --help
out_has "detect --help says nothing is changed" 'Nothing is changed'
expect_rc "--version" 0 --version
out_has "--version names the tool" '^mailharden [0-9]+\.[0-9]+'
out_has "--version names c-ares" 'c-ares 1\.'
out_has "--version names libconfig" 'libconfig 1\.'
out_has "--version names ncurses" 'ncurses 6'

expect_rc "unknown option" 2 --frobnicate
check "unknown option: one-line reason + hint" one_line_err
out_has "unknown option is named" "unknown option '--frobnicate'" "$MH_ERR"
expect_rc "unknown short option" 2 -Z
expect_rc "option without its value" 2 detect --root
out_has "missing value is named" "'--root' needs a value" "$MH_ERR"
expect_rc "unknown command" 2 frob
out_has "unknown command is named" "unknown command 'frob'" "$MH_ERR"
expect_rc "unexpected argument to detect" 2 detect extra
out_has "detect hint points at detect --help" "mailharden detect --help" "$MH_ERR"
expect_rc "--root that does not exist" 2 detect --root "$T_TMP/nope"
: >"$T_TMP/afile"
expect_rc "--root that is a file" 2 detect --root "$T_TMP/afile"
out_has "--root file: says not a directory" 'not a directory' "$MH_ERR"
expect_rc "--datadir that does not exist" 2 --datadir "$T_TMP/nope" detect
for bad in 1.2.3 1.2.3.4:0 1.2.3.4:65536 1.2.3.4:x '::1]:53' '[::1' \
    '[1.2.3.4]:53' example.org '' 1.2.3.4:53:1; do
	expect_rc "--dns-server '$bad' rejected" 2 --dns-server "$bad" detect \
	    --root "$T_TMP"
done
for good in 127.0.0.1 127.0.0.1:5353 ::1 '[::1]:5353'; do
	expect_rc "--dns-server '$good' accepted" 0 --dns-server "$good" \
	    detect --root "$T_TMP"
done

# Without a terminal and without a command there is no wizard.
expect_rc "no command, no terminal" 2
out_has "no terminal: says to give a command" 'no terminal' "$MH_ERR"

# Global options work before and after the command.
expect_rc "global option after the command" 0 detect --json --root "$T_TMP"
cp "$MH_OUT" "$T_TMP/after.json"
expect_rc "global option before the command" 0 --root "$T_TMP" --json detect
check "before/after give the same facts" sh -c \
    "json_norm() { /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print([(f[\"name\"],f[\"state\"],f[\"value\"]) for f in d[\"facts\"]])' \"\$1\"; };
     [ \"\$(json_norm $T_TMP/after.json)\" = \"\$(json_norm $MH_OUT)\" ]"

# JSON contract.
expect_rc "detect --json on this machine" 0 detect --json -v
check "detect --json parses" /usr/bin/python3 -c \
    'import json,sys; json.load(open(sys.argv[1]))' "$MH_OUT"
check "schema is mailharden.detect/1" \
    test "$(json_get "$MH_OUT" 'd["schema"]')" = "mailharden.detect/1"
check "every fact has name/type/state/evidence" /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["facts"], "no facts"
for f in d["facts"]:
    assert set(("name", "type", "state", "value", "evidence")) <= set(f), f
    assert f["state"] in ("known", "unknown", "error"), f
    if f["state"] == "known":
        assert f["value"] is not None, f
    else:
        assert f["value"] is None and f.get("reason"), f
' "$MH_OUT"
check "known facts carry evidence" /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
bare = [f["name"] for f in d["facts"] if f["state"] == "known" and not f["evidence"]]
assert not bare, bare
' "$MH_OUT"

# Text output: grouped, and no line wider than 80 columns.
expect_rc "detect (text) on this machine" 0 detect -v
fits80() { LC_ALL=C.UTF-8 awk 'length($0) > 80 { print; bad = 1 }
    END { exit bad }' "$1"; }
check "detect text fits 80 columns" fits80 "$MH_OUT"
out_has "detect text has the Operating system group" '^Operating system$'
out_has "detect -v shows evidence arrows" '<- '
expect_rc "detect --root (empty tree) still exits 0" 0 detect --root "$T_TMP"
out_has "empty tree: UNKNOWN with a reason" 'UNKNOWN \('

# Output failure is a runtime failure (exit 3), not success.
if [ -w /dev/full ]; then
	rc=0
	"$MH_BIN" detect --root "$T_TMP" >/dev/full 2>"$MH_ERR" || rc=$?
	check "detect > /dev/full exits 3 (rc=$rc)" test "$rc" -eq 3
else
	skip "/dev/full not writable"
fi

# Not root: a dry-run banner, and stdout stays clean JSON.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	rc=0
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    "$MH_BIN" detect --json >"$MH_OUT" 2>"$MH_ERR" </dev/null || rc=$?
	check "as nobody: detect exits 0 (rc=$rc)" test "$rc" -eq 0
	out_has "as nobody: DRY RUN banner on stderr" 'DRY RUN' "$MH_ERR"
	check "as nobody: stdout is still JSON" /usr/bin/python3 -c \
	    'import json,sys; json.load(open(sys.argv[1]))' "$MH_OUT"
else
	skip "not root or no setpriv: cannot test the non-root banner"
fi
done_testing
