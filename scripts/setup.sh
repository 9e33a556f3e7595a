#!/bin/sh
# setup.sh - install dependencies, build, run the wizard or the test suite.
#
#   scripts/setup.sh run     build dependencies, build, start the wizard
#   scripts/setup.sh test    build + test dependencies, sanitizer build,
#                            the whole test suite (the README's second line)
#   scripts/setup.sh deps    build dependencies only
#   scripts/setup.sh testdeps  build and test dependencies only
#
# Knows apt (Debian/Ubuntu) for everything and dnf (RHEL family) for the
# build dependencies.  Runs as root; nothing is changed on the host but
# installed packages.  Daemons pulled in by test packages are not started.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

APT_BUILD="build-essential autoconf automake autopoint gettext pkg-config
 libncurses-dev libcdk5-dev libcurl4-openssl-dev libc-ares-dev libconfig-dev
 libssl-dev libidn2-dev"
APT_TEST="check tmux iproute2 openssh-server iptables nftables ufw firewalld dbus procps
 python3 python3-dnslib postfix libsasl2-modules sasl2-bin openssl swaks
 libnet-ssleay-perl libio-socket-ssl-perl faketime hyperfine locales
 clang libclang-rt-14-dev poppler-utils chromium fonts-noto-cjk
 util-linux time python3-jsonschema"
DNF_BUILD="gcc make autoconf automake gettext-devel pkgconf-pkg-config
 ncurses-devel cdk-devel libcurl-devel c-ares-devel libconfig-devel
 openssl-devel libidn2-devel"

say() { printf '%s\n' "setup: $*" >&2; }

apt_install() {
	export DEBIAN_FRONTEND=noninteractive
	# Keep daemons from starting while packages are installed: only
	# when the machine has no policy of its own, and removed after.
	prc=/usr/sbin/policy-rc.d
	made_prc=no
	if [ ! -e "$prc" ]; then
		printf '#!/bin/sh\nexit 101\n' > "$prc"
		chmod 755 "$prc"
		made_prc=yes
	fi
	missing=""
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		    grep -q 'install ok installed' || missing="$missing $p"
	done
	rc=0
	if [ -n "$missing" ]; then
		say "installing:$missing"
		apt-get update -qq || rc=$?
		[ $rc -eq 0 ] && { apt-get install -y -qq --no-install-recommends \
		    $missing >/dev/null || rc=$?; }
	fi
	[ "$made_prc" = yes ] && rm -f "$prc"
	return $rc
}

install_deps() {	# $1 = build | test
	if command -v apt-get >/dev/null 2>&1; then
		if [ "$1" = test ]; then
			apt_install $APT_BUILD $APT_TEST
		else
			apt_install $APT_BUILD
		fi
	elif command -v dnf >/dev/null 2>&1; then
		[ "$1" = test ] && say "test dependencies are only scripted for apt; installing build dependencies"
		dnf install -y $DNF_BUILD
	else
		say "neither apt-get nor dnf found; install by hand: $APT_BUILD"
		exit 3
	fi
}

configure_build() {	# extra configure arguments
	[ -x configure ] && [ configure -nt configure.ac ] || autoreconf -fi >/dev/null 2>&1 ||
	    { autoreconf -fi; exit 3; }
	./configure -q "$@"
	make -s -j"$(nproc 2>/dev/null || echo 2)"
}

case "${1:-}" in
deps)	install_deps build ;;
testdeps) install_deps test ;;
run)
	install_deps build
	configure_build
	say "starting the wizard (not root: dry run)"
	exec ./src/mailharden
	;;
test)
	install_deps test
	configure_build --enable-sanitizers --enable-werror
	exec tests/run-all.sh
	;;
*)
	echo "usage: scripts/setup.sh run|test|deps|testdeps" >&2
	exit 2
	;;
esac
