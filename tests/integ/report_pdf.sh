#!/bin/sh
# report_pdf.sh - the HTML report as an auditor prints it: a sample of
# 40 items (tests/unit/report_sample) through headless Chromium to an A4
# PDF and PNG pages; no item block or table row split across pages; the
# JSON report valid against doc/report.schema.json; one report in zh_CN
# (locale built privately with localedef, nothing in /etc).
. "$(dirname "$0")/../lib.sh"

S=$top_builddir/tests/unit/report_sample
SCHEMA=$top_srcdir/doc/report.schema.json
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
W=$T_TMP/w
mkdir -p "$W"

# chromium FILE.html FILE.pdf: a private profile, nothing from the net.
pdf() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
	    --disable-quic --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync \
	    --user-data-dir="$T_TMP/chrome" --no-pdf-header-footer \
	    --print-to-pdf="$2" "file://$1" >"$T_TMP/chrome.log" 2>&1
	[ -s "$2" ]
}

# Items whose id, title and last reference are not on one page.
split_items() {	# PDF NPAGES
	i=1
	while [ $i -le "$2" ]; do
		pdftotext -f $i -l $i "$1" "$W/p$i.txt" || return 1
		i=$((i + 1))
	done
	$PY - "$W" "$2" <<'PYEOF'
import glob, re, sys
w, n = sys.argv[1], int(sys.argv[2])
pages = [" ".join(open("%s/p%d.txt" % (w, i), encoding="utf-8").read()
    .split()) for i in range(1, n + 1)]
bad = []
for k in range(1, 41):
    l, j = ("BL", k) if k <= 20 else ("CN", k - 20)
    iid = "%s-%02d" % (l, j)
    title = "Sample control %d keeps the mail server hardened" % k
    if k == 4:
        title = '<script>alert("x")</script>'
    for p in pages:
        if re.search(r"(?<![-\w])%s(?![-\w])" % iid, p) and title not in p:
            bad.append(iid + ": id without its title")
        if "Ref-" + iid in p and (title not in p or iid + " " not in p):
            bad.append(iid + ": details split")
    if not any(("Ref-" + iid) in p for p in pages):
        bad.append(iid + ": missing")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PYEOF
}

if [ ! -x "$S" ]; then
	not_ok "tests/unit/report_sample is built"; done_testing; exit 1
fi

# The HTML file itself: self-contained.
"$S" html 40 "$W/r.html" "$W/audit.log" >"$MH_OUT" 2>"$MH_ERR"
check "report_sample writes the HTML" test -s "$W/r.html"
check "HTML: no element loads anything (src/href/url/import/script)" \
    $PY - "$W/r.html" <<'PYEOF'
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
tags = re.findall(r"<[^>]*>", h)
bad = [t for t in tags if re.search(r"(src|href)\s*=|<script|<link|<img|"
    r"<iframe|<object|<embed", t, re.I)]
bad += re.findall(r"url\(|@import|https?://", h)
print(bad[:5])
sys.exit(1 if bad else 0)
PYEOF
out_has "HTML: hostile title escaped" '&lt;script&gt;alert.&quot;x&quot;' \
    "$W/r.html"

missing=""
for t in chromium pdfinfo pdftoppm pdftotext; do
	command -v $t >/dev/null 2>&1 || missing="$missing $t"
done
if [ -n "$missing" ]; then
	skip "PDF checks: not installed:$missing (scripts/setup.sh testdeps)"
else
	if pdf "$W/r.html" "$W/r.pdf"; then
		ok "chromium --print-to-pdf renders the report"
		pages=$(pdfinfo "$W/r.pdf" | awk '/^Pages:/ { print $2 }')
		size=$(pdfinfo "$W/r.pdf" | awk '/^Page size:/ {
		    printf "%dx%d", $3 + 0.5, $5 + 0.5 }')
		diag "PDF: $pages pages, $size pts"
		check "40 items take several pages (8..40): $pages" \
		    test "${pages:-0}" -ge 8 -a "${pages:-0}" -le 40
		check "pages are A4 (595x842 pts): $size" test "$size" = 595x842
		pdftoppm -png -r 50 "$W/r.pdf" "$W/pg"
		npng=$(ls "$W"/pg-*.png 2>/dev/null | wc -l)
		check "pdftoppm: one PNG per page ($npng)" test "$npng" -eq "$pages"
		check "first and last page PNGs are not empty" test -s \
		    "$(ls "$W"/pg-*.png | head -1)" -a -s \
		    "$(ls "$W"/pg-*.png | tail -1)"
		if split_items "$W/r.pdf" "$pages" >"$MH_OUT" 2>&1; then
			ok "no item or table row is split across pages"
		else
			not_ok "no item or table row is split across pages"
			sed 's/^/#   /' "$MH_OUT"
		fi
		pdftotext "$W/r.pdf" "$W/all.txt"
		out_has "page footer with host and page numbers" \
		    "mailharden report — mail.example.com — page $pages / $pages" \
		    "$W/all.txt"
		out_has "audit chain and head hash in the PDF" \
		    'intact: 4 records verified' "$W/all.txt"
		out_has "signature lines in the PDF" 'Reviewed by' "$W/all.txt"
	else
		not_ok "chromium --print-to-pdf renders the report"
		sed 's/^/#   /' "$T_TMP/chrome.log" | tail -5
	fi
fi

# JSON against the schema (and the schema catches a broken document).
"$S" json 40 "$W/r.json" "$W/audit-j.log" >"$MH_OUT" 2>"$MH_ERR"
if $PY -c 'import jsonschema' 2>/dev/null; then
	check "JSON report valid against doc/report.schema.json" $PY -c '
import json, sys, jsonschema
s = json.load(open(sys.argv[1])); d = json.load(open(sys.argv[2]))
jsonschema.Draft202012Validator.check_schema(s)
jsonschema.Draft202012Validator(s).validate(d)
assert d["schema"] == "mailharden.report/1" and len(d["items"]) == 40
' "$SCHEMA" "$W/r.json"
	check "the schema rejects a bad verdict" $PY -c '
import json, sys, jsonschema
s = json.load(open(sys.argv[1])); d = json.load(open(sys.argv[2]))
d["items"][0]["verdict"] = "OK"
try:
    jsonschema.Draft202012Validator(s).validate(d)
except jsonschema.ValidationError:
    sys.exit(0)
sys.exit(1)
' "$SCHEMA" "$W/r.json"
else
	skip "JSON Schema: python3-jsonschema not installed"
fi

# zh_CN: a private locale and catalog.
loc=$T_TMP/loc
mo=$T_TMP/mo/zh_CN/LC_MESSAGES
mkdir -p "$loc" "$mo"
if ! command -v localedef >/dev/null 2>&1 ||
    ! command -v msgfmt >/dev/null 2>&1; then
	skip "zh_CN report: localedef or msgfmt not installed"
elif ! localedef -i zh_CN -f UTF-8 "$loc/zh_CN.UTF-8" >/dev/null 2>&1; then
	skip "zh_CN report: cannot build the zh_CN.UTF-8 locale (locales)"
else
	msgfmt -o "$mo/mailharden.mo" "$top_srcdir/po/zh_CN.po"
	ZH="LOCPATH=$loc LC_ALL=zh_CN.UTF-8 MAILHARDEN_LOCALEDIR=$T_TMP/mo"
	env $ZH "$S" html 40 "$W/zh.html" "$W/audit-zh.log" zh_CN \
	    >"$MH_OUT" 2>"$MH_ERR"
	check "zh_CN HTML written" test -s "$W/zh.html"
	out_has "zh_CN HTML says lang=zh-CN" '<html lang="zh-CN">' \
	    "$W/zh.html"
	env $ZH "$S" text 40 "$W/zh.txt" "$W/audit-zt.log" zh_CN \
	    >"$MH_OUT" 2>"$MH_ERR"
	check "zh_CN text: every line within 80 display columns" $PY -c '
import sys, unicodedata
bad = [l for l in open(sys.argv[1], encoding="utf-8").read().split("\n")
    if sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
    for c in l.lstrip("\f")) > 80]
print(bad[:3]); sys.exit(1 if bad else 0)' "$W/zh.txt"
	heading=$(env $ZH TEXTDOMAINDIR=$T_TMP/mo gettext -d mailharden \
	    "Mail server security report" 2>/dev/null)
	if [ -n "$missing" ]; then
		skip "zh_CN PDF: not installed:$missing"
	elif pdf "$W/zh.html" "$W/zh.pdf"; then
		ok "zh_CN report renders to PDF"
		pdftotext "$W/zh.pdf" "$W/zh-all.txt"
		out_has "zh_CN PDF carries the CJK text" '网络安全法' \
		    "$W/zh-all.txt"
		if [ -n "$heading" ] &&
		    [ "$heading" != "Mail server security report" ]; then
			out_has "zh_CN PDF heading is translated" "$heading" \
			    "$W/zh-all.txt"
		else
			skip "zh_CN heading: not in po/zh_CN.po yet"
		fi
		pdftoppm -png -r 50 -f 1 -l 1 "$W/zh.pdf" "$W/zh"
		check "zh_CN first page PNG" test -s "$(ls "$W"/zh-*.png | head -1)"
	else
		not_ok "zh_CN report renders to PDF"
	fi
fi
done_testing
