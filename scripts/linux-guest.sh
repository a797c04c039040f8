#!/bin/sh
# linux-guest.sh - an unmodified Debian armhf Linux kernel and a busybox
# initramfs, for the Linux guest test (DESIGN section 7).
#
# usage: scripts/linux-guest.sh [BUILD_DIR]
# Fetches Debian's linux-image-armmp and busybox-static for armhf through
# the private APT configuration scripts/deps.sh set up (the machine's dpkg
# architectures are left alone), and makes BUILD_DIR/linux/vmlinuz (the
# zImage) and BUILD_DIR/linux/initrd.gz (guests/linux/init and busybox).
# Does nothing when both are there.
set -eu
BUILD=${1:-./build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$BUILD/linux
[ -f "$OUT/vmlinuz" ] && [ -f "$OUT/initrd.gz" ] && exit 0

say() { echo "linux-guest: $*"; }
die() { echo "linux-guest: error: $*" >&2; exit 1; }
"$ROOT/scripts/deps.sh" "$BUILD"
CONF=$(cd "$BUILD/apt-armhf" && pwd)/apt.conf
[ -f "$CONF" ] || die "no private APT configuration at $CONF (scripts/deps.sh makes it)"
command -v cpio >/dev/null || die "cpio not found: run scripts/deps.sh"

mkdir -p "$OUT/dl"
OUT=$(cd "$OUT" && pwd)
# linux-image-armmp depends on the current versioned kernel package.
kernel=$(apt-cache -c "$CONF" depends linux-image-armmp 2>/dev/null |
	sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-armmp\)$/\1/p' | head -n 1)
[ -n "$kernel" ] || die "cannot find the armhf kernel package (apt-cache depends linux-image-armmp)"
say "fetching $kernel and busybox-static (armhf)"
(cd "$OUT/dl" && apt-get -q -c "$CONF" download "$kernel" busybox-static >download.log 2>&1) ||
	die "apt-get download failed; see $OUT/dl/download.log"
rm -rf "$OUT/x" "$OUT/initramfs"
for deb in "$OUT"/dl/*.deb; do dpkg -x "$deb" "$OUT/x"; done
cp "$OUT"/x/boot/vmlinuz-* "$OUT/vmlinuz"
mkdir -p "$OUT/initramfs/bin" "$OUT/initramfs/proc"
cp "$OUT/x/bin/busybox" "$OUT/initramfs/bin/"
cp "$ROOT/guests/linux/init" "$OUT/initramfs/init"
(cd "$OUT/initramfs" && find . | cpio -o -H newc --quiet | gzip -9 >"$OUT/initrd.gz")
rm -rf "$OUT/x" "$OUT/initramfs" "$OUT/dl"
say "$(basename "$(ls "$OUT"/vmlinuz)") and initrd.gz ready in $OUT"
