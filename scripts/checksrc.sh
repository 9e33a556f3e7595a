#!/bin/sh
# checksrc.sh - the project's style checker.  Prints "file:line: rule:
# text" for each finding and exits 1 when there is any.
#   - lines longer than 80 columns (tabs at 8)
#   - trailing white space
#   - banned functions: system popen sprintf vsprintf strcpy strcat gets atoi
#   - curses/CDK headers outside src/tui/
# A line may carry "/* checksrc: allow RULE */" to be exempt.
# Usage: checksrc.sh [FILE...]   (default: every .c/.h under src/ tests/)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -eq 0 ]; then
	set -- $(cd "$top" && find src tests -name '*.[ch]' | sort)
	cd "$top"
fi
awk '
function report(rule, msg) {
	if ($0 ~ ("checksrc: allow " rule)) return
	printf "%s:%d: %s: %s\n", FILENAME, FNR, rule, msg
	bad = 1
}
function width(s,   i, c, w) {
	w = 0
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c == "\t") w += 8 - (w % 8); else w++
	}
	return w
}
FNR == 1 { incomment = 0; tui = (FILENAME ~ /(^|\/)src\/tui\//) }
{
	if (width($0) > 80) report("LONGLINE", "longer than 80 columns")
	if ($0 ~ /[ \t]+$/) report("TRAILSPACE", "trailing white space")
	code = $0
	gsub(/"([^"\\]|\\.)*"/, "\"\"", code)	# strings
	gsub(/\/\*.*\*\//, "", code)		# one-line comments
	if (incomment) {
		if (code ~ /\*\//) { sub(/.*\*\//, "", code); incomment = 0 }
		else next
	}
	if (code ~ /\/\*/) { sub(/\/\*.*/, "", code); incomment = 1 }
	if (code ~ /(^|[^_a-zA-Z0-9.>])(system|popen|sprintf|vsprintf|strcpy|strcat|gets|atoi)[ \t]*\(/)
		report("BANNED", "banned function")
	if (!tui && code ~ /^#[ \t]*include[ \t]*[<"](n?curses|cdk\/cdk|cdk|term|panel|menu|form)\.h[>"]/)
		report("CURSES", "curses/CDK header outside src/tui/")
}
END { exit bad }
' "$@"
