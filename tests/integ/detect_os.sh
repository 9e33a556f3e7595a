#!/bin/sh
# detect_os.sh - "mailharden detect --root" over every OS fixture in
# tests/data/os: id, version, family, package manager and init must come
# out right; broken trees give rc 0 with UNKNOWN/ERROR facts and a
# reason; the text output names the OS; the live run tells the truth
# about PID 1.
. "$(dirname "$0")/../lib.sh"

OS=$DATA/os

# want FIXTURE NAME EXPECTED: one fact of the last run.
want() {
	_got=$(fact "$MH_OUT" "os.$2")
	if [ "$_got" = "known $3" ]; then ok "$1: os.$2 = $3"
	else not_ok "$1: os.$2 = '$_got', want 'known $3'"; fi
}

# row FIXTURE ID VERSION FAMILY PKG_MANAGER INIT
row() {
	mh detect --json --root "$OS/$1"
	if [ "$MH_RC" -ne 0 ]; then
		not_ok "$1: detect rc=$MH_RC"
		sed 's/^/#   err: /' "$MH_ERR" | head -5
		return
	fi
	want "$1" id "$2"
	want "$1" version_id "$3"
	want "$1" family "$4"
	want "$1" pkg_manager "$5"
	want "$1" init "$6"
}

row centos7		centos		7	rhel	yum	systemd
row centos-stream9	centos		9	rhel	dnf	systemd
row rhel9		rhel		9.4	rhel	dnf	systemd
row rocky9		rocky		9.4	rhel	dnf	systemd
row almalinux9		almalinux	9.4	rhel	dnf	systemd
row oraclelinux9	ol		9.3	rhel	dnf	systemd
row amzn2023		amzn		2023	rhel	dnf	systemd
row alinux2		alinux		2.1903	rhel	yum	systemd
row alinux3		alinux		3	rhel	dnf	systemd
row anolis8		anolis		8.8	rhel	dnf	systemd
row openeuler2203	openeuler	22.03	rhel	dnf	systemd
row tencentos3		tencentos	3.1	rhel	dnf	systemd
row kylin-v10		kylin		V10	rhel	dnf	systemd
row uos20		uos		20	rhel	dnf	systemd
row uos20-desktop	uos		20	debian	apt	systemd
row debian11		debian		11	debian	apt	systemd
row debian12		debian		12	debian	apt	systemd
row ubuntu2004		ubuntu		20.04	debian	apt	systemd
row ubuntu2204		ubuntu		22.04	debian	apt	systemd
row ubuntu2404		ubuntu		24.04	debian	apt	systemd
row opensuse-leap15	opensuse-leap	15.5	suse	zypper	systemd
row alpine3		alpine		3.19.1	alpine	apk	openrc
row arch		arch		rolling	arch	pacman	systemd
# Fallback-only trees: no os-release at all.
row fallback-centos6	centos		6.10	rhel	yum	other
row fallback-debian6	debian		6.0.10	debian	apt	sysvinit
row fallback-sles11	sles		11.4	suse	zypper	sysvinit
row fallback-ubuntu-lsb	ubuntu		22.04	debian	apt	systemd
row fallback-alpine	alpine		3.18.4	alpine	apk	openrc

# Names and lists, with evidence pointing at the file and the line.
mh detect --json --root "$OS/rocky9"
want rocky9 name "Rocky Linux 9.4 (Blue Onyx)"
want rocky9 id_like "rhel,centos,fedora"
check "rocky9: os.id evidence is the os-release line" \
    [ "$(json_get "$MH_OUT" '[e["source"]+" "+e["text"] for f in d["facts"]
	if f["name"]=="os.id" for e in f["evidence"]][0]')" = \
	'/etc/os-release ID="rocky"' ]
check "rocky9: os.pkg_manager evidence is the binary" \
    [ "$(json_get "$MH_OUT" '[e["source"] for f in d["facts"]
	if f["name"]=="os.pkg_manager" for e in f["evidence"]][0]')" = \
	/usr/bin/dnf ]
out_lacks "rocky9: PID 1 is not looked at under --root" '/proc/1/comm'

# Broken trees: rc 0, the OS facts UNKNOWN or ERROR with a reason.
bad() {
	mh detect --json --root "$OS/$1"
	if [ "$MH_RC" -ne 0 ]; then not_ok "$1: rc=$MH_RC, want 0"; return; fi
	_st=$(fact "$MH_OUT" os.id)
	_re=$(json_get "$MH_OUT" '[f.get("reason") or "" for f in d["facts"]
	    if f["name"]=="os.id"][0]')
	case "$_st" in
	"$2 "*)
		if printf '%s' "$_re" | grep -q -- "$3"; then
			ok "$1: os.id $2 ($_re)"
		else not_ok "$1: reason '$_re' lacks '$3'"; fi ;;
	*)	not_ok "$1: os.id is '$_st', want $2" ;;
	esac
	for _f in family pkg_manager init; do
		case "$(fact "$MH_OUT" "os.$_f")" in
		known*)	not_ok "$1: os.$_f should not be known" ;;
		unknown*|error*) ok "$1: os.$_f not known" ;;
		*)	not_ok "$1: os.$_f missing" ;;
		esac
	done
}
bad bad-empty		unknown	"no os-release"
bad bad-binary		error	"NUL"
bad bad-garbage		error	"malformed"
bad bad-oversized	error	"larger than"
bad bad-unterminated	error	"malformed"
bad bad-idchars		error	"not a valid id"
bad bad-notfile		error	"not a regular file"

# A truly empty directory and a root that does not exist at all.
mkdir "$T_TMP/empty"
bad_empty_dir() {
	mh detect --json --root "$T_TMP/empty"
	check "empty dir: rc 0" [ "$MH_RC" -eq 0 ]
	check "empty dir: os.id unknown" \
	    [ "$(fact "$MH_OUT" os.id)" = "unknown " ]
}
bad_empty_dir

# An unreadable os-release (only meaningful when not root).
cp -R "$OS/rocky9" "$T_TMP/unreadable"
rm -f "$T_TMP/unreadable/etc/os-release"
cp "$OS/rocky9/usr/lib/os-release" "$T_TMP/unreadable/etc/os-release"
chmod 000 "$T_TMP/unreadable/etc/os-release"
if [ "$(id -u)" -eq 0 ]; then
	skip "unreadable os-release: running as root, permissions do not apply"
else
	mh detect --json --root "$T_TMP/unreadable"
	check "unreadable os-release: rc 0" [ "$MH_RC" -eq 0 ]
	# /usr/lib/os-release is still there and readable.
	check "unreadable os-release: falls back to /usr/lib/os-release" \
	    [ "$(fact "$MH_OUT" os.id)" = "known rocky" ]
fi
chmod 644 "$T_TMP/unreadable/etc/os-release"

# Text output shows the OS name, the id and the family.
mh detect --root "$OS/kylin-v10"
check "text: rc 0" [ "$MH_RC" -eq 0 ]
out_has "text: shows the OS name" \
    'Kylin Linux Advanced Server V10 \(Sword\)'
out_has "text: shows the family" '^ +Family +rhel$'
mh detect --root "$OS/bad-binary"
out_has "text: a broken os-release is an ERROR" '^ +System +ERROR'
out_has "text: ... and says why" 'contains NUL bytes'

# Live: the installed init and what PID 1 really is.
mh detect --json
if [ "$MH_RC" -ne 0 ]; then
	not_ok "live detect rc=$MH_RC"
elif [ ! -r /proc/1/comm ]; then
	skip "live: /proc/1/comm is not readable here"
else
	comm=$(cat /proc/1/comm)
	ev=$(json_get "$MH_OUT" '" | ".join(e["text"] for f in d["facts"]
	    if f["name"]=="os.init" for e in f["evidence"]
	    if e["source"]=="/proc/1/comm")')
	check "live: os.init evidence names PID 1 ($comm)" \
	    sh -c 'printf "%s" "$1" | grep -qF "PID 1 is \"$2\""' _ "$ev" "$comm"
	init=$(fact "$MH_OUT" os.init)
	case "$init:$comm" in
	"known systemd:systemd"|"known openrc:init"|\
	"known openrc:openrc-init"|"known sysvinit:init")
		out_lacks "live: PID 1 ($comm) is the installed init ($init)" \
		    'not running' ;;
	"known systemd:"*|"known openrc:"*|"known sysvinit:"*)
		check "live: says the installed init is not PID 1 ($comm)" \
		    sh -c 'printf "%s" "$1" | grep -q "not running"' _ "$ev" ;;
	*)	ok "live: os.init is '$init', PID 1 is $comm" ;;
	esac
fi

done_testing
