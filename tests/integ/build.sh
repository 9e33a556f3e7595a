#!/bin/sh
# build.sh - configure's promises: a missing dependency stops it with the
# Debian and the RHEL-family package names; the installed layout.
. "$(dirname "$0")/../lib.sh"

# pkg-config that finds no module at all: ncurses is asked first.  The
# script runs from a copy of what configure needs, so that a configured
# source tree (an in-tree build) does not stop it first.
mkdir -p "$T_TMP/cfg/src"
cp "$top_srcdir/configure" "$top_srcdir/config.h.in" "$T_TMP/cfg/"
cp -r "$top_srcdir/build-aux" "$T_TMP/cfg/"
cp "$top_srcdir/src/main.c" "$T_TMP/cfg/src/"
rc=0
(cd "$T_TMP/cfg" && PKG_CONFIG_LIBDIR=$T_TMP/none PKG_CONFIG_PATH= \
    ./configure -q >"$MH_OUT" 2>"$MH_ERR") || rc=$?
check "configure without ncurses fails (rc=$rc)" test "$rc" -ne 0
out_has "names the Debian package" 'apt-get install libncurses-dev' "$MH_ERR"
out_has "names the RHEL-family package" 'dnf install ncurses-devel' "$MH_ERR"

# make install into a staging directory: binary, data, man page, catalog.
dest=$T_TMP/dest
if make -C "$top_builddir" -s install DESTDIR="$dest" >"$MH_OUT" 2>&1; then
	ok "make install DESTDIR=... succeeds"
else
	not_ok "make install DESTDIR=... succeeds"
	sed 's/^/#   /' "$MH_OUT" | tail -20
fi
found() { [ -n "$(find "$dest" -path "$1" 2>/dev/null | head -1)" ]; }
check "installs sbin/mailharden" found '*/sbin/mailharden'
check "installs share/mailharden/clouds.conf" found '*/share/mailharden/clouds.conf'
check "installs man8/mailharden.8" found '*/man8/mailharden.8'
check "installs the zh_CN catalog" found '*/zh_CN/LC_MESSAGES/mailharden.mo'
done_testing
