#!/bin/sh
# tui_zh.sh - the wizard in a zh_CN locale.  Debian's CDK cannot lay out
# CJK text, so the wizard shows English throughout (also the reasons the
# core makes), never '????'; the CLI in the same locale stays Chinese.
. "$(dirname "$0")/../lib.sh"

for t in tmux localedef msgfmt; do
	if ! command -v $t >/dev/null 2>&1; then
		skip "$t not installed"; done_testing; exit 0
	fi
done
loc=$T_TMP/loc
mo=$T_TMP/mo/zh_CN/LC_MESSAGES
mkdir -p "$loc" "$mo"
if ! localedef -i zh_CN -f UTF-8 "$loc/zh_CN.UTF-8" >/dev/null 2>&1; then
	skip "cannot build the zh_CN.UTF-8 locale here"; done_testing; exit 0
fi
msgfmt -o "$mo/mailharden.mo" "$top_srcdir/po/zh_CN.po"
ZH="LOCPATH=$loc LC_ALL=zh_CN.UTF-8 MAILHARDEN_LOCALEDIR=$T_TMP/mo"

env $ZH "$MH_BIN" detect --root "$DATA/dmi/aliyun" >"$MH_OUT" 2>&1
out_has "the CLI speaks Chinese in zh_CN" '云服务商'

S=$T_TMP/tmux.sock
T="tmux -S $S -f /dev/null"
stop() { $T kill-server 2>/dev/null; }
at_exit stop
$T new-session -d -x 80 -y 24 -s z \
    "env $ZH TERM=xterm-256color $MH_BIN --dry-run; echo EXIT=\$?; sleep 30"
screen() { $T capture-pane -p -t z; }
has() { screen | grep -q -- "$1"; }
if wait_until 100 has 'Fully qualified name'; then
	ok "the wizard's System view appears"
else
	not_ok "the wizard's System view appears"
	screen | sed 's/^/#   /'
fi
screen >"$T_TMP/screen"
out_lacks "no '????' where a translated reason would be" '\?\?\?\?' \
    "$T_TMP/screen"
out_has "core reasons are shown in English" 'UNKNOWN: [a-zA-Z]' "$T_TMP/screen"
$T send-keys -t z q
wait_until 50 has 'Quit' && $T send-keys -t z y
if wait_until 50 has 'EXIT=0'; then ok "quits with 0"; else not_ok "quits with 0"; fi
done_testing
