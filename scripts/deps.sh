#!/bin/sh
# deps.sh - make sure the build/test tools are installed and that the armhf
# libfdt (headers + static library) is unpacked under the build directory.
#
# Idempotent and quiet when everything is already there. CI runs it through
# `make test` in a fresh Debian root that holds only git, make,
# ca-certificates and sudo (.ci/run), so every package named below must be
# enough on its own: apt-get runs with --no-install-recommends, and a
# package that is only recommended by another is not installed.
set -u

usage() {
	cat <<'EOF'
usage: scripts/deps.sh [BUILD_DIR]

Installs the host packages hyp7 needs (cross compiler, QEMU, U-Boot, dtc,
check, ...) with apt-get if any is missing, then fetches Debian's armhf
libfdt-dev through a private APT configuration (the host's dpkg
architectures are never changed) and unpacks it into BUILD_DIR/libfdt-armhf.
BUILD_DIR defaults to ./build. Does nothing when everything is present.
When set-up cannot work (no apt-get, no root and no sudo, a package the
archive lacks, no network to the archive), it says what is missing and how
to fix it, and exits 1 before installing anything.
EOF
}

case "${1:-}" in -h|--help) usage; exit 0 ;; esac
BUILD=${1:-./build}
mkdir -p "$BUILD" 2>/dev/null || { echo "deps: error: cannot create $BUILD" >&2; exit 1; }

say() { echo "deps: $*"; }
die() { echo "deps: error: $*" >&2; exit 1; }

# Dies with the network named as the cause when APT's log ($1) says it could
# not reach a mirror; $2 says what that prevented.
archive_unreachable() {
	pattern='(Could not resolve|Temporary failure resolving|Failed to fetch|Unable to connect|Connection failed|Connection timed out|Network is unreachable)'
	grep -qE "$pattern" "$1" || return 0
	grep -E "$pattern" "$1" | head -n 3 >&2
	die "cannot reach the package archive (APT, above), $2. Check the network and any proxy set in /etc/apt, then run: sudo apt-get update && scripts/deps.sh"
}

# What each package is for, and what is deliberately left out:
#  gcc-arm-linux-gnueabihf, binutils-arm-linux-gnueabihf: the target build.
#    Not libc6-dev-armhf-cross (only a Recommends): hyp7 and its guests are
#    freestanding and compile with -nostdinc against the compiler's own
#    headers, so no C library header is needed, or can creep in.
#  qemu-system-arm: every test. Not ipxe-qemu (a Recommends, the option ROM
#    of virt's default NIC): every QEMU command line says -nic none.
#  u-boot-qemu: the bootz/bootm tests. u-boot-tools: mkimage, mkenvimage.
#  device-tree-compiler: dtc and fdtput, for host and broken DTBs.
#  gcc, libc6-dev, check, pkg-config, libfdt-dev: the host unit tests, which
#    are ordinary hosted programs; gcc only recommends libc6-dev.
#  make, cpio: the build, the Linux guest's initramfs.
#  kmod, e2fsprogs: the Linux guest's disk (scripts/linux-guest.sh): depmod
#    and modprobe --show-depends pick the modules of its initramfs out of
#    the kernel package, mke2fs -d, debugfs and e2fsck make its ext4 root
#    without root privileges. Neither is in a minimal Debian root.
#  gdb-multiarch: `scripts/qemu-run --gdb` sessions.
PKGS="gcc-arm-linux-gnueabihf binutils-arm-linux-gnueabihf qemu-system-arm
u-boot-qemu u-boot-tools device-tree-compiler libfdt-dev check pkg-config
gdb-multiarch make gcc libc6-dev cpio kmod e2fsprogs"

# --- 1. host packages -------------------------------------------------------
# One dpkg-query call for all packages keeps the "all present" case fast.
# $PKGS is split into words on purpose (here and for apt-get).
# shellcheck disable=SC2086
installed=$(dpkg-query -W -f='${Package} ${Status}\n' $PKGS 2>/dev/null |
	awk '$NF == "installed" { print $1 }')
missing=
for p in $PKGS; do
	echo "$installed" | grep -qx "$p" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	command -v apt-get >/dev/null 2>&1 ||
		die "apt-get not found: hyp7's set-up needs Debian bookworm (or a derivative with APT). Install by hand:$missing"
	# Privileged commands run directly as root, through sudo otherwise.
	SUDO=
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null 2>&1 ||
			die "not root and sudo not found. As root, run: apt-get install sudo && adduser $(id -un 2>/dev/null || echo "\$USER") sudo (then log in again), or as root: apt-get install --no-install-recommends$missing"
		if ! sudo -n true 2>/dev/null && ! [ -t 0 ]; then
			die "sudo wants a password and there is no terminal to ask for it. Run: sudo -v (then rerun), or as root: apt-get install --no-install-recommends$missing"
		fi
		SUDO=sudo
	fi
	say "installing$missing"
	# A broken index for one suite must not stop us: what counts is whether
	# every missing package has a candidate afterwards.
	$SUDO apt-get update -q >"$BUILD/deps-update.log" 2>&1 ||
		say "apt-get update reported errors (see $BUILD/deps-update.log; continuing)"
	absent=
	for p in $missing; do
		apt-cache show --no-all-versions "$p" >/dev/null 2>&1 || absent="$absent $p"
	done
	if [ -n "$absent" ]; then
		archive_unreachable "$BUILD/deps-update.log" "so$absent cannot be installed"
		die "the package archive has no$absent. Add Debian bookworm's main component to /etc/apt/sources.list.d/debian.sources, run sudo apt-get update, then scripts/deps.sh"
	fi
	# shellcheck disable=SC2086
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends $missing >"$BUILD/deps-apt.log" 2>&1 || {
		archive_unreachable "$BUILD/deps-apt.log" "so$missing could not be downloaded"
		tail -n 20 "$BUILD/deps-apt.log" >&2
		die "apt-get install failed (log above, all of it in $BUILD/deps-apt.log); fix what it says, then rerun scripts/deps.sh"
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
