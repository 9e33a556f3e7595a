#!/bin/sh
# dkim.sh - "mailharden dkim keygen|show" in a temporary --keydir with a
# temporary --audit-log: RSA and Ed25519 keys that openssl reads, the
# printed TXT record carrying the same public key, modes 0600/0700,
# refusal without --force and a backup with it, symbolic links
# refused with nothing written, audit verify, undo removing what was
# created, bad input exit 2.
. "$(dirname "$0")/../lib.sh"

OPENSSL=$(command -v openssl 2>/dev/null)
KD=$T_TMP/keys
LOG=$T_TMP/audit.log
D=$KD/example.com

# value_of FILE: the plain record value (the line after "Value:").
value_of() { sed -n '/^  Value:$/{n;p;q;}' "$1"; }
# zone_of FILE: the quoted strings of the zone line, concatenated.
zone_of() {
	sed -n '/_domainkey\.example\.com\.	IN	TXT/,/; ----- DKIM key/p' \
	    "$1" | sed 's/;[^"]*$//' | grep -o '"[^"]*"' | tr -d '"\n'
}
hash_of() { sha256sum "$1" | cut -d' ' -f1; }

if [ "$(id -u)" -ne 0 ]; then
	expect_rc "not root: a dry run" 0 --audit-log "$LOG" dkim keygen \
	    --domain example.com --keydir "$KD" --yes
	out_has "dry-run banner" 'DRY RUN' "$MH_ERR"
	check "nothing written" test ! -e "$KD"
	skip "the remaining cases write files and need root"
	done_testing
	exit 0
fi

# ---- Ed25519 -------------------------------------------------------------
expect_rc "keygen ed25519" 0 --audit-log "$LOG" dkim keygen \
    --domain example.com --selector ed1 --type ed25519 --keydir "$KD" --yes
out_has "explains the RSA pairing" 'paired with an RSA key'
out_has "plan note on Ed25519" 'RFC 8463'
out_has "record is k=ed25519" '^v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}=$'
ED_VAL=$(value_of "$MH_OUT")
check "ed25519 private key exists" test -f "$D/ed1.private"
check "key mode 0600" test "$(stat -c %a "$D/ed1.private")" = 600
check "domain dir mode 0700" test "$(stat -c %a "$D")" = 700
check "key dir mode 0700" test "$(stat -c %a "$KD")" = 700
check "PKCS#8 PEM" grep -q -- '-----BEGIN PRIVATE KEY-----' "$D/ed1.private"
if [ -n "$OPENSSL" ]; then
	check "openssl reads the ed25519 key" "$OPENSSL" pkey \
	    -in "$D/ed1.private" -noout
	RAW=$("$OPENSSL" pkey -in "$D/ed1.private" -pubout -outform DER |
	    tail -c 32 | base64 -w0)
	check "p= is the raw 32-byte public key" \
	    test "${ED_VAL#v=DKIM1; k=ed25519; p=}" = "$RAW"
else
	skip "openssl(1) not installed: cannot cross-check the ed25519 key"
	skip "openssl(1) not installed"
fi

# ---- RSA -------------------------------------------------------------------
expect_rc "keygen rsa (default 2048)" 0 --audit-log "$LOG" dkim keygen \
    --domain Example.COM. --selector S1 --keydir "$KD" --yes
out_has "rsa 2048" 'DKIM record \(rsa, 2048 bits\)'
out_has "zone line with absolute owner" \
    '^s1\._domainkey\.example\.com\.	IN	TXT	\( "v=DKIM1; k=rsa; "$'
out_has "console host" '^  Host: +s1\._domainkey$'
VAL=$(value_of "$MH_OUT")
ZONE=$(zone_of "$MH_OUT")
check "zone strings concatenate to the plain value" test "$ZONE" = "$VAL"
check "every zone string <= 255 bytes" sh -c 'grep -o "\"[^\"]*\"" "$1" |
    awk "length(\$0) > 257 { bad = 1 } END { exit bad }"' sh "$MH_OUT"
check "the 2048-bit value needs two strings" \
    test "$(sed -n '/_domainkey\.example\.com\./,/-----/p' "$MH_OUT" |
    grep -c '^	  "')" -ge 2
P=${VAL#v=DKIM1; k=rsa; p=}
check "rsa key mode 0600" test "$(stat -c %a "$D/s1.private")" = 600
check "txt file written" grep -q '^s1._domainkey	IN	TXT	( "v=DKIM1; k=rsa; "' \
    "$D/s1.txt"
check "txt comment like opendkim-genkey" \
    grep -q '; ----- DKIM key s1 for example.com' "$D/s1.txt"
if [ -n "$OPENSSL" ]; then
	check "openssl reads the rsa key" "$OPENSSL" pkey \
	    -in "$D/s1.private" -noout
	SPKI=$("$OPENSSL" pkey -in "$D/s1.private" -pubout -outform DER |
	    base64 -w0)
	check "p= is the key's SubjectPublicKeyInfo" test "$P" = "$SPKI"
	check "openssl: 2048 bits" sh -c "'$OPENSSL' pkey -in '$D/s1.private' \
	    -text -noout | grep -q 'Private-Key: (2048 bit'"
else
	skip "openssl(1) not installed"
	skip "openssl(1) not installed"
	skip "openssl(1) not installed"
fi
H1=$(hash_of "$D/s1.private")

expect_rc "show prints the same record" 0 dkim show --domain example.com \
    --selector s1 --keydir "$KD"
check "show value = keygen value" test "$(value_of "$MH_OUT")" = "$VAL"
expect_rc "show --json" 0 dkim show --domain example.com --selector s1 \
    --keydir "$KD" --json
check "json value" test "$(json_get "$MH_OUT" 'd["value"]')" = "$VAL"
check "json strings <= 255 and concatenate" test "$(json_get "$MH_OUT" \
    'all(len(s) <= 255 for s in d["strings"]) and "".join(d["strings"]) == d["value"]')" = True

# ---- existing key --------------------------------------------------------
expect_rc "second keygen refused without --force" 2 --audit-log "$LOG" \
    dkim keygen --domain example.com --selector s1 --keydir "$KD" --yes
out_has "says why" 'already exists.*--force' "$MH_ERR"
check "key unchanged" test "$(hash_of "$D/s1.private")" = "$H1"

expect_rc "keygen --force replaces" 0 --audit-log "$LOG" dkim keygen \
    --domain example.com --selector s1 --keydir "$KD" --force --yes
out_has "plan says the old key is kept" 'old key is kept as'
check "new key differs" test "$(hash_of "$D/s1.private")" != "$H1"
BAK=$(ls "$D"/s1.private.mailharden-*.bak 2>/dev/null | head -1)
H2=$(hash_of "$D/s1.private")
check "backup kept" test -n "$BAK"
check "backup is the old key" test "$(hash_of "$BAK")" = "$H1"
check "backup mode 0600" test "$(stat -c %a "$BAK")" = 600

# ---- 1024 and bad sizes ----------------------------------------------------
expect_rc "1024 bits with a warning" 0 --audit-log "$LOG" dkim keygen \
    --domain example.com --selector small --bits 1024 --keydir "$KD" --yes
out_has "RFC 8301 warning" '1024-bit RSA is the minimum' "$MH_ERR"
out_has "1024 record" 'DKIM record \(rsa, 1024 bits\)'
expect_rc "keygen --json" 0 --audit-log "$LOG" dkim keygen --json \
    --domain example.com --selector j1 --type ed25519 --keydir "$KD" --yes
check "json on stdout only" test "$(json_get "$MH_OUT" \
    'd["key_type"]+" "+d["name"]+" "+str(len(d["strings"]))')" = \
    "ed25519 j1._domainkey.example.com 1"
out_has "plan on stderr with --json" 'write the DKIM private key' "$MH_ERR"
expect_rc "512 bits refused" 2 dkim keygen --domain example.com \
    --selector tiny --bits 512 --keydir "$KD" --yes
out_has "says RFC 8301" 'RFC 8301' "$MH_ERR"
expect_rc "2000 bits refused" 2 dkim keygen --domain example.com \
    --selector odd --bits 2000 --keydir "$KD" --yes
expect_rc "--bits with ed25519 refused" 2 dkim keygen --domain example.com \
    --selector e2 --type ed25519 --bits 2048 --keydir "$KD" --yes
expect_rc "unknown --type" 2 dkim keygen --domain example.com --type dsa \
    --keydir "$KD" --yes
check "nothing written for refused sizes" sh -c \
    "! ls '$D' | grep -Eq '^(tiny|odd|e2)\.'"

# ---- domain and selector from the settings file ----------------------------
printf 'domains = [ "example.info" ];\ndkim_selector = "conf1";\n' \
    >"$T_TMP/mh.conf"
expect_rc "domain and selector from --config" 0 --config "$T_TMP/mh.conf" \
    --audit-log "$LOG" dkim keygen --type ed25519 --keydir "$T_TMP/cf" --yes
check "key at the configured name" test -f "$T_TMP/cf/example.info/conf1.private"
expect_rc "show with --config" 0 --config "$T_TMP/mh.conf" dkim show \
    --keydir "$T_TMP/cf"
out_has "show names the configured selector" '^  Host: +conf1\._domainkey$'
expect_rc "undo --last (the configured key)" 0 --audit-log "$LOG" \
    undo --last --yes
check "configured key removed" test ! -e "$T_TMP/cf"

# ---- dry run, no terminal --------------------------------------------------
expect_rc "--dry-run writes nothing" 0 --audit-log "$LOG" --dry-run \
    dkim keygen --domain example.net --keydir "$KD" --yes
out_has "says dry run" 'DRY RUN: no key was saved'
check "dry run: no directory" test ! -e "$KD/example.net"
expect_rc "--dry-run over an existing key" 0 --audit-log "$LOG" --dry-run \
    dkim keygen --domain example.com --selector s1 --keydir "$KD" --force \
    --yes
out_has "says dry run (existing dir)" 'DRY RUN: no key was saved'
check "dry run: key unchanged" test "$(hash_of "$D/s1.private")" = "$H2"
check "dry run: no new backup" test "$(ls "$D" | grep -c '^s1\.private\..*\.bak$')" -eq 1
expect_rc "no terminal, no --yes" 2 --audit-log "$LOG" dkim keygen \
    --domain example.net --keydir "$KD"
check "no terminal: no directory" test ! -e "$KD/example.net"

# ---- symbolic links --------------------------------------------------------
mkdir -m 0700 -p "$T_TMP/sl/example.org"
ln -s "$T_TMP/victim" "$T_TMP/sl/example.org/s1.private"
expect_rc "symlink at the key path refused" 3 --audit-log "$LOG" \
    dkim keygen --domain example.org --selector s1 --keydir "$T_TMP/sl" \
    --force --yes
out_has "says symbolic link" 'symbolic link' "$MH_ERR"
check "symlink target not created" test ! -e "$T_TMP/victim"
check "no txt written" test ! -e "$T_TMP/sl/example.org/s1.txt"
mkdir -m 0700 -p "$T_TMP/sl2" "$T_TMP/real"
ln -s "$T_TMP/real" "$T_TMP/sl2/example.org"
expect_rc "symlink at the directory refused" 3 --audit-log "$LOG" \
    dkim keygen --domain example.org --selector s1 --keydir "$T_TMP/sl2" \
    --yes
out_has "says symbolic link (dir)" 'symbolic link' "$MH_ERR"
check "nothing written through the dir link" \
    test -z "$(ls -A "$T_TMP/real")"
expect_rc "show refuses a symlinked key" 3 dkim show --domain example.org \
    --selector s1 --keydir "$T_TMP/sl"

# ---- bad input -------------------------------------------------------------
for bad in 'exa mple.com' '-bad.example' 'com' "$(printf 'a%.0s' $(seq 70)).com"; do
	expect_rc "bad domain '$bad' exits 2" 2 --audit-log "$LOG" \
	    dkim keygen --domain "$bad" --keydir "$T_TMP/bad" --yes
done
for bad in 'a.b' 's/1' '-s' '' '../x'; do
	expect_rc "bad selector '$bad' exits 2" 2 --audit-log "$LOG" \
	    dkim keygen --domain example.com --selector "$bad" \
	    --keydir "$T_TMP/bad" --yes
done
check "bad input: nothing written" test ! -e "$T_TMP/bad"
expect_rc "no domain exits 2" 2 --config "$T_TMP/none.conf" dkim keygen \
    --keydir "$T_TMP/bad" --yes
out_has "says to give the domain" 'give the domain' "$MH_ERR"
expect_rc "no action exits 2" 2 dkim --domain example.com
expect_rc "show of a missing key exits 3" 3 dkim show --domain example.com \
    --selector nope --keydir "$KD"

# ---- audit and undo ----------------------------------------------------------
expect_rc "audit verify" 0 --audit-log "$LOG" audit verify
check "audit log has the key file hash" grep -q \
    "s1.private" "$LOG"
check "audit log holds no key material" sh -c \
    "! grep -q 'PRIVATE KEY' '$LOG'"
expect_rc "undo --last (the json key)" 0 --audit-log "$LOG" undo --last --yes
check "json key removed" test ! -e "$D/j1.private"
expect_rc "undo --last (the 1024-bit key)" 0 --audit-log "$LOG" \
    undo --last --yes
check "small key removed" test ! -e "$D/small.private"
expect_rc "undo --last (the --force)" 0 --audit-log "$LOG" undo --last --yes
check "old key back" test "$(hash_of "$D/s1.private")" = "$H1"
expect_rc "undo --last (the rsa key)" 0 --audit-log "$LOG" undo --last --yes
check "rsa key removed" test ! -e "$D/s1.private"
check "rsa txt removed" test ! -e "$D/s1.txt"
check "ed25519 key still there" test -f "$D/ed1.private"
expect_rc "undo --last (the ed25519 key and dirs)" 0 --audit-log "$LOG" \
    undo --last --yes
check "key directory removed" test ! -e "$KD"
expect_rc "audit verify after undo" 0 --audit-log "$LOG" audit verify

done_testing
