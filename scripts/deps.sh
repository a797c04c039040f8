#!/bin/sh
# deps.sh - make sure the build/test tools are installed and that the armhf
# libfdt (headers + static library) is unpacked under the build directory.
#
# Idempotent and quiet when everything is already there (CI runs it on a
# fresh Debian bookworm clone as root; developers run it through make).
set -u

usage() {
	cat <<'EOF'
usage: scripts/deps.sh [BUILD_DIR]

Installs the host packages hyp7 needs (cross compiler, QEMU, U-Boot, dtc,
check, ...) with apt-get if any is missing, then fetches Debian's armhf
libfdt-dev through a private APT configuration (the host's dpkg
architectures are never changed) and unpacks it into BUILD_DIR/libfdt-armhf.
BUILD_DIR defaults to ./build. Does nothing when everything is present.
EOF
}

case "${1:-}" in -h|--help) usage; exit 0 ;; esac
BUILD=${1:-./build}
mkdir -p "$BUILD" 2>/dev/null || { echo "deps: error: cannot create $BUILD" >&2; exit 1; }

say() { echo "deps: $*"; }
die() { echo "deps: error: $*" >&2; exit 1; }

# Run privileged commands directly as root, through sudo otherwise.
if [ "$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi

PKGS="gcc-arm-linux-gnueabihf binutils-arm-linux-gnueabihf qemu-system-arm
u-boot-qemu u-boot-tools device-tree-compiler libfdt-dev check pkg-config
gdb-multiarch make gcc cpio"

# --- 1. host packages -------------------------------------------------------
# One dpkg-query call for all packages keeps the "all present" case fast.
# $PKGS is split into words on purpose (here and for apt-get install).
# shellcheck disable=SC2086
installed=$(dpkg-query -W -f='${Package} ${Status}\n' $PKGS 2>/dev/null |
	awk '$NF == "installed" { print $1 }')
missing=
for p in $PKGS; do
	echo "$installed" | grep -qx "$p" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	command -v apt-get >/dev/null 2>&1 ||
		die "apt-get not found; install by hand:$missing"
	if [ -n "$SUDO" ] && ! command -v sudo >/dev/null 2>&1; then
		die "not root and no sudo; as root run: apt-get install$missing"
	fi
	say "installing$missing"
	# A broken index for one suite must not stop us: the install below
	# tells whether what we need could be found.
	$SUDO apt-get update -q >/dev/null 2>&1 ||
		say "apt-get update reported errors (continuing)"
	# shellcheck disable=SC2086
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends $PKGS >"$BUILD/deps-apt.log" 2>&1 || {
		tail -n 20 "$BUILD/deps-apt.log" >&2
		die "apt-get install failed (log above); fix APT sources and rerun"
	}
fi

# --- 2. libfdt for armhf ----------------------------------------------------
LIBFDT="$BUILD/libfdt-armhf"
[ -f "$LIBFDT/usr/lib/arm-linux-gnueabihf/libfdt.a" ] &&
	[ -f "$LIBFDT/usr/include/libfdt.h" ] && exit 0

BUILD=$(cd "$BUILD" && pwd)
LIBFDT="$BUILD/libfdt-armhf"
APTDIR="$BUILD/apt-armhf"
mkdir -p "$APTDIR/state/lists/partial" "$APTDIR/cache/archives/partial" \
	"$APTDIR/dl" || die "cannot create $APTDIR"
: >"$APTDIR/state/status"

# Private APT configuration: armhf only, own state and cache, the machine's
# own sources (Dir::Etc is left alone). Hooks the host's apt.conf.d may
# register (appstream, packagekit, docker-clean) are cleared: they are for
# the host's own APT state, not this one. Sandbox user root: apt-get
# download as root otherwise warns that _apt cannot write to the directory.
cat >"$APTDIR/apt.conf" <<EOF
APT::Architecture "armhf";
APT::Architectures { "armhf"; };
Dir::State "$APTDIR/state";
Dir::State::status "$APTDIR/state/status";
Dir::Cache "$APTDIR/cache";
APT::Sandbox::User "root";
#clear APT::Update::Post-Invoke;
#clear APT::Update::Post-Invoke-Success;
#clear DPkg::Post-Invoke;
EOF
# -c (not APT_CONFIG): read after the host's apt.conf.d, so the #clear
# lines above win, while host settings such as a proxy still apply.
apt_armhf() { apt-get -q -c "$APTDIR/apt.conf" "$@"; }

say "fetching armhf libfdt-dev into $LIBFDT"
# Tolerate a failing suite (e.g. a security index with a size mismatch):
# success is judged by the download below.
apt_armhf update >"$APTDIR/update.log" 2>&1 ||
	say "apt-get update (armhf) reported errors, see $APTDIR/update.log (continuing)"
rm -f "$APTDIR"/dl/*.deb
(cd "$APTDIR/dl" && apt_armhf download libfdt-dev) >"$APTDIR/download.log" 2>&1 || {
	cat "$APTDIR/update.log" "$APTDIR/download.log" | tail -n 20 >&2
	die "could not download armhf libfdt-dev (log above); check the APT sources in /etc/apt and the network, then rerun"
}
deb=$(find "$APTDIR/dl" -name "libfdt-dev_*_armhf.deb" | head -n 1)
[ -n "$deb" ] || die "apt-get download produced no libfdt-dev_*_armhf.deb in $APTDIR/dl"
rm -rf "$LIBFDT"
dpkg -x "$deb" "$LIBFDT" || die "dpkg -x $deb failed"
if [ ! -f "$LIBFDT/usr/lib/arm-linux-gnueabihf/libfdt.a" ] ||
	[ ! -f "$LIBFDT/usr/include/libfdt.h" ]; then
	die "$deb does not hold usr/lib/arm-linux-gnueabihf/libfdt.a and usr/include/libfdt.h"
fi
say "unpacked $(basename "$deb")"
