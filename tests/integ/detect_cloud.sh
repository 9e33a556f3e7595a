#!/bin/sh
# detect_cloud.sh - cloud provider detection end to end: `mailharden
# detect --root` over the DMI fixtures in tests/data/dmi with the bundled
# data/clouds.conf, a broken clouds.conf via --datadir, and text output.
. "$(dirname "$0")/../lib.sh"

D=$DATA/dmi

# fixture  cloud.provider  cloud.port25
while read -r fx prov p25; do
	expect_rc "detect --json --root dmi/$fx" 0 detect --json --root "$D/$fx"
	got=$(fact "$MH_OUT" cloud.provider)
	check "$fx: cloud.provider = $prov (got '$got')" \
	    [ "$got" = "known $prov" ]
	got=$(fact "$MH_OUT" cloud.port25)
	check "$fx: cloud.port25 = $p25 (got '$got')" \
	    [ "$got" = "known $p25" ]
done <<'LIST'
aliyun aliyun blocked
tencent tencent blocked
huawei huawei varies
aws-nitro aws restricted
aws-xen aws restricted
gcp gcp blocked
azure azure varies
oracle oracle blocked
digitalocean digitalocean blocked
linode linode restricted
akamai linode restricted
vultr vultr blocked
hetzner hetzner blocked
ovh openstack varies
openstack openstack varies
cloudinit-only aws restricted
qemu-cloudid openstack varies
LIST

# Evidence names the DMI file, its value and the clouds.conf entry.
mh detect --json --root "$D/azure"
ev=$(json_get "$MH_OUT" '[e["source"] + " = " + e["text"] for f in d["facts"] if f["name"] == "cloud.provider" for e in f["evidence"]]')
case $ev in
*"/sys/class/dmi/id/chassis_asset_tag = 7783-7084-3265-9085-8269-3286-77"*"clouds.conf:"*)
	ok "azure: evidence has the asset tag file and the clouds.conf line" ;;
*)	not_ok "azure: evidence: $ev" ;;
esac

# Bare metal / on-prem virtualisation: DMI readable, no cloud.
for fx in qemu hyperv; do
	mh detect --json --root "$D/$fx"
	check "$fx: cloud.provider = none" \
	    [ "$(fact "$MH_OUT" cloud.provider)" = "known none" ]
	check "$fx: cloud.port25 unknown" \
	    [ "$(fact "$MH_OUT" cloud.port25)" = "unknown " ]
done
out_has "hyperv: evidence says what sys_vendor was" \
    'Microsoft Corporation'

# No DMI (container): UNKNOWN with the reason.
mh detect --json --root "$D/nodmi"
check "nodmi: cloud.provider unknown" \
    [ "$(fact "$MH_OUT" cloud.provider)" = "unknown " ]
out_has "nodmi: the reason says DMI is unreadable" 'DMI unreadable'

# A broken clouds.conf: rc 0, ERROR fact naming file:line, rest runs.
mkdir -p "$T_TMP/data"
printf 'version = 1;\nproviders = (\n  { id = "x"; name = ; }\n);\n' \
    >"$T_TMP/data/clouds.conf"
expect_rc "broken clouds.conf: detect still succeeds" 0 \
    detect --json --datadir "$T_TMP/data" --root "$D/aliyun"
check "broken clouds.conf: cloud.provider is an ERROR" \
    [ "$(fact "$MH_OUT" cloud.provider)" = "error " ]
out_has "broken clouds.conf: the reason names file:line" \
    "$T_TMP/data/clouds.conf:3: "
check "broken clouds.conf: other detectors still ran" \
    [ "$(fact "$MH_OUT" os.id)" != "absent" ]
printf 'version = 1;\nproviders = (\n  { id = "x"; name = "X";\n    port25 = { outbound = "shut"; note = "n"; unblock = "u"; relay = "r"; };\n    ptr = "p"; }\n);\n' \
    >"$T_TMP/data/clouds.conf"
mh detect --json --datadir "$T_TMP/data" --root "$D/aliyun"
out_has "bad outbound: the reason names file:line and the value" \
    'clouds\.conf:4: provider .x.: unknown outbound [\]"shut[\]"'
mh detect --datadir "$T_TMP/data" --root "$D/aliyun"
out_has "bad outbound: text output shows the ERROR" \
    '^  Provider id +ERROR \(.*clouds\.conf:4: provider'
out_has "bad outbound: text output shows port 25 as ERROR" \
    '^  Outbound port 25 +ERROR \(no provider table'


# Text output: the provider name and the port-25 line.
expect_rc "detect (text) --root dmi/gcp" 0 detect --root "$D/gcp"
out_has "text: provider name" '^  Provider +Google Cloud$'
out_has "text: outbound port 25 line" '^  Outbound port 25 +blocked$'
out_has "text: relay advice" 'relay on 587, 465 or 2525'

# Chinese locale: the zh texts of clouds.conf (the locale is built into
# a private directory; nothing on the system changes).
if [ -x /usr/bin/localedef ] && [ -f /usr/share/i18n/locales/zh_CN ] &&
    /usr/bin/localedef -i zh_CN -f UTF-8 "$T_TMP/loc/zh_CN.UTF-8" \
    >/dev/null 2>&1; then
	(LOCPATH=$T_TMP/loc LC_ALL=zh_CN.UTF-8 LANGUAGE= ; \
	    export LOCPATH LC_ALL LANGUAGE; mh detect --json --root "$D/aliyun")
	out_has "zh: cloud.name is the Chinese name" '"value": "阿里云"'
	out_has "zh: the unblock text is Chinese" '25端口解封'
	check "zh: cloud.port25 stays a token" \
	    [ "$(fact "$MH_OUT" cloud.port25)" = "known blocked" ]
	(LOCPATH=$T_TMP/loc LC_ALL=zh_CN.UTF-8 LANGUAGE= ; \
	    export LOCPATH LC_ALL LANGUAGE; mh detect --json --root "$D/gcp")
	out_has "zh: no zh text for gcp falls back to English" \
	    '"value": "Google Cloud"'
else
	skip "zh: localedef or the zh_CN locale source is missing"
fi

done_testing
