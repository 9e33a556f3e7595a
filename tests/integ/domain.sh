#!/bin/sh
# domain.sh - "mailharden domain show|set": pre-fill from a --root
# fixture with the source of every value, set through the plan engine
# into a temporary --config with a temporary --audit-log (audit verify,
# undo), options overriding the file, bad input exits 2 and writes
# nothing.
. "$(dirname "$0")/../lib.sh"

FIX=$DATA/net/postfix
CONF=$T_TMP/etc/mailharden/mailharden.conf
LOG=$T_TMP/audit.log

expect_rc "show with no file" 0 --root "$FIX" --config "$CONF" domain show
out_has "domain detected from the FQDN" '^  Mail domain\(s\) +example\.com'
out_has "says it was detected" 'detected: host\.fqdn minus its first label'
out_has "host name detected" 'Mail host name +mail\.example\.com'
out_has "says the file is not there" 'not there yet'
out_has "default selector" 'DKIM selector +mail'
out_has "DMARC rollout advice" 'p=none'

expect_rc "show --json" 0 --root "$FIX" --config "$CONF" domain show --json
check "json: domain from detection" test "$(json_get "$MH_OUT" \
    'd["settings"]["domains"]["source"]+" "+d["settings"]["domains"]["value"][0]')" = \
    "detection example.com"

expect_rc "set writes the file" 0 --root "$FIX" --config "$CONF" \
    --audit-log "$LOG" domain set --domain 'Example.ORG.' \
    --hostname mx.example.org --ipv4 8.8.4.4 --ipv6 2a00:1450::1 \
    --selector S2024 --dmarc-policy quarantine \
    --dmarc-rua mailto:dmarc@example.org --yes
out_has "shows the change" 'Mail domain\(s\) +\(not set\) -> example\.org'
out_has "shows the plan" 'write: +.*mailharden\.conf'
check "file written" test -f "$CONF"
check "file mode 0644" test "$(stat -c %a "$CONF")" = 644
check "dir mode 0755" test "$(stat -c %a "$(dirname "$CONF")")" = 755
check "file has the domain" grep -q 'domains = \[ "example.org" \];' "$CONF"
check "file has the selector lower-cased" grep -q 'dkim_selector = "s2024";' "$CONF"

expect_rc "show reads the file" 0 --root "$FIX" --config "$CONF" domain show
out_has "value from the file with its line" 'settings file: .*mailharden\.conf:[0-9]+'
out_has "IPv4 from the file" 'Public IPv4 +8\.8\.4\.4'

expect_rc "an option overrides the file" 0 --root "$FIX" --config "$CONF" \
    domain show --ipv4 8.8.8.8
out_has "option named as the source" '\(option: --ipv4\)'

expect_rc "audit verify" 0 --audit-log "$LOG" audit verify
out_has "chain intact" 'intact'

expect_rc "IDN domain" 0 --config "$T_TMP/idn.conf" --audit-log "$LOG" \
    domain set --domain '例子.中国' --yes
check "stored as A-labels" grep -q 'xn--fsqu00a.xn--fiqs8s' "$T_TMP/idn.conf"

cp "$CONF" "$T_TMP/before"
for bad in "--ipv4 192.168.1.10|private" "--ipv4 2a00::1|IPv6 address" \
    "--domain bad_name.com|'_'" "--domain localhost|only one label" \
    "--dmarc-policy block|none, quarantine, reject" \
    "--dmarc-rua not-an-address|name@domain" \
    "--ipv6 2001:db8::1|documentation"; do
	opt=${bad%%|*}
	why=${bad#*|}
	# shellcheck disable=SC2086
	expect_rc "bad $opt exits 2" 2 --config "$CONF" --audit-log "$LOG" \
	    domain set $opt --yes
	out_has "reason for $opt" "$why" "$MH_ERR"
done
check "nothing written by bad input" cmp -s "$CONF" "$T_TMP/before"

printf 'hostname = "a.example.com";\nhostname = "b.example.com";\n' \
    >"$T_TMP/dup.conf"
expect_rc "duplicate key in the file exits 2" 2 --config "$T_TMP/dup.conf" \
    domain show
out_has "file:line reason" 'dup\.conf:2:' "$MH_ERR"
printf 'domains = [ "example.com" ];\nipv4 = "10.0.0.1";\n' >"$T_TMP/priv.conf"
expect_rc "private address in the file exits 2" 2 \
    --config "$T_TMP/priv.conf" domain show
out_has "names the line and the class" 'priv\.conf:2: .*private' "$MH_ERR"
expect_rc "--allow-private accepts it" 0 --config "$T_TMP/priv.conf" \
    domain show --allow-private

ln -s "$CONF" "$T_TMP/link.conf"
expect_rc "a symlinked --config is refused" 2 --config "$T_TMP/link.conf" \
    --audit-log "$LOG" domain set --domain example.net --yes
out_has "says why" 'symbolic link' "$MH_ERR"

expect_rc "dry run writes nothing" 0 --config "$T_TMP/dry.conf" \
    --audit-log "$LOG" --dry-run domain set --domain example.net --yes
check "no file after dry run" test ! -e "$T_TMP/dry.conf"
out_has "says DRY RUN" 'DRY RUN'

expect_rc "undo --last" 0 --audit-log "$LOG" undo --last --yes
expect_rc "undo --last again (the first set)" 0 --audit-log "$LOG" undo --last --yes
check "undo removed the file" test ! -e "$CONF"
expect_rc "audit verify after undo" 0 --audit-log "$LOG" audit verify

expect_rc "set with no value is a usage error" 2 --config "$CONF" domain set
expect_rc "domain --help" 0 domain --help
out_has "help has examples" 'Examples:'
done_testing
