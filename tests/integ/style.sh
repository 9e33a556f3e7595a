#!/bin/sh
# style.sh - the project's own rules: checksrc over the tree, the
# curses-free core (by symbols, not by discipline), no shell-outs, and
# every translatable file listed for gettext.
. "$(dirname "$0")/../lib.sh"

cd "$top_srcdir" || exit 1
out=$T_TMP/checksrc
if ./scripts/checksrc.sh >"$out" 2>&1; then
	ok "checksrc: tree is clean"
else
	not_ok "checksrc: tree is clean"
	sed 's/^/#   /' "$out" | head -40
fi

# The checker must be able to fail: plant one violation of each rule.
bad=$T_TMP/src/core/bad.c
mkdir -p "$(dirname "$bad")"
{
	printf '#include <curses.h>\n'
	printf 'void f(char *d) { sprintf(d, "x"); }\n'
	printf '/* %s */\n' "$(printf '%090d' 0)"
	printf 'int x; \n'
} >"$bad"
n=$(cd "$T_TMP" && "$top_srcdir/scripts/checksrc.sh" src/core/bad.c | wc -l)
check "checksrc reports planted CURSES, BANNED, LONGLINE, TRAILSPACE ($n)" \
    test "$n" -eq 4

lib=$top_builddir/src/core/libmhcore.a
if [ -f "$lib" ]; then
	syms=$(nm -u "$lib" 2>/dev/null | grep -E \
	    '\b(initscr|newwin|wgetch|endwin|wrefresh|stdscr|initCDKScreen|[a-z]+CDK[A-Z][a-zA-Z]*)\b' |
	    sort -u | head -5)
	check "libmhcore.a uses no curses/CDK symbol${syms:+: $syms}" \
	    test -z "$syms"
else
	not_ok "libmhcore.a exists at $lib"
fi

hits=$(grep -rnE '(^|[^_a-zA-Z0-9])(system|popen|execvp|execlp)[[:space:]]*\(' \
    src | grep -v 'checksrc: allow' |
    grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/?\*|//)' | head -5)
check "no system()/popen()/PATH-searching exec in src${hits:+: $hits}" \
    test -z "$hits"

execs=$(grep -rlE '(^|[^_a-zA-Z0-9])(execve|fork)[[:space:]]*\(' src | sort)
check "only src/core/exec.c creates processes ($execs)" \
    test "$execs" = "src/core/exec.c"

missing=""
for f in $(grep -rlE '(^|[^a-zA-Z0-9_])N?_\("' src --include='*.c' | sort); do
	grep -qx "$f" po/POTFILES.in || missing="$missing $f"
done
check "every file with _() strings is in po/POTFILES.in${missing:+:$missing}" \
    test -z "$missing"

if command -v msgfmt >/dev/null 2>&1 && command -v xgettext >/dev/null 2>&1; then
	pot=$T_TMP/mh.pot
	xgettext --keyword=_ --keyword=N_ --keyword=P_:1,2 --from-code=UTF-8 -o "$pot" \
	    -f po/POTFILES.in 2>/dev/null
	merged=$T_TMP/zh.po
	msgmerge -q -o "$merged" po/zh_CN.po "$pot" 2>/dev/null
	stats=$(msgfmt --statistics -o /dev/null "$merged" 2>&1)
	case "$stats" in
	*untranslated*|*fuzzy*)
		not_ok "zh_CN.po covers every string: $stats" ;;
	*)	ok "zh_CN.po covers every string: $stats" ;;
	esac
else
	skip "zh_CN coverage: msgfmt/xgettext not installed"
fi
done_testing
