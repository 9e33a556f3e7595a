#!/bin/sh
# checklist_msgs.sh - data/checklists/messages.c (the checklist texts for
# xgettext) is generated from data/checklists/*.conf; regenerate it into
# a temporary file and fail when the committed one is stale, so that no
# checklist text escapes translation.
. "$top_srcdir/tests/lib.sh"

gen=$T_TMP/messages.c
check "scripts/checklist-msgs.sh runs" \
    sh "$top_srcdir/scripts/checklist-msgs.sh" -o "$gen"
if cmp -s "$gen" "$top_srcdir/data/checklists/messages.c"; then
	ok "data/checklists/messages.c is up to date"
else
	not_ok "data/checklists/messages.c is stale: run scripts/checklist-msgs.sh"
	diff -u "$top_srcdir/data/checklists/messages.c" "$gen" | head -20 |
	    sed 's/^/# /'
fi
check "po/POTFILES.in lists data/checklists/messages.c" \
    grep -qx data/checklists/messages.c "$top_srcdir/po/POTFILES.in"

# Every title, rationale and remediation text of every bundled file is
# there: one known text of each file.
for t in 'Mail server hardening baseline' \
    'Mail logs are kept for at least 180 days' \
    'Exception: the MTA is not configured for local-only mode' \
    'The domain publishes a valid DMARC record' \
    'SPF ends with -all'; do
	check "messages.c has \"$t\"" grep -qF "N_(\"$t\");" "$gen"
done

# The generator joins adjacent literals, keeps escapes and skips
# comments; a changed text makes the comparison fail.
mkdir -p "$T_TMP/cl"
cat >"$T_TMP/cl/x.conf" <<'CONF'
# title = "not this";
checklist = { name = "x"; title = "A \"quoted\" "
  "title"; version = "1";
  items = ( { id = "X-1"; title = "One; two"; severity = "low";
    rationale = "R"; expect = "a.b";
    remediation = { text = "Fix"; postfix = "not a msgid"; }; } ); };
CONF
sh "$top_srcdir/scripts/checklist-msgs.sh" -o "$T_TMP/x.c" "$T_TMP/cl/x.conf"
check "adjacent literals are joined, escapes kept" \
    grep -qF 'N_("A \"quoted\" title");' "$T_TMP/x.c"
check "a ';' inside a string does not end the text" \
    grep -qF 'N_("One; two");' "$T_TMP/x.c"
check "commands and comments are not msgids" \
    sh -c "! grep -qE 'not a msgid|not this' '$T_TMP/x.c'"
check "four texts from the file" \
    test "$(grep -c '^N_(' "$T_TMP/x.c")" -eq 4
sed 's/One; two/One; three/' "$T_TMP/cl/x.conf" >"$T_TMP/cl/y.conf"
sh "$top_srcdir/scripts/checklist-msgs.sh" -o "$T_TMP/y.c" "$T_TMP/cl/y.conf"
check "a changed text changes the output" \
    sh -c "! cmp -s '$T_TMP/x.c' '$T_TMP/y.c'"
done_testing
