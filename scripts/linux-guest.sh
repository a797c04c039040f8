#!/bin/sh
# linux-guest.sh - an unmodified Debian armhf Linux kernel and a busybox
# initramfs, for the Linux guest test (DESIGN section 7).
#
# usage: scripts/linux-guest.sh [BUILD_DIR]
# Fetches Debian's linux-image-armmp and busybox-static for armhf through
# the private APT configuration scripts/deps.sh set up (the machine's dpkg
# architectures are left alone), and makes BUILD_DIR/linux/vmlinuz (the
# zImage) and BUILD_DIR/linux/initrd.gz (guests/linux/init and busybox).
# Does nothing when both are there and the initrd is newer than the init.
set -eu
BUILD=${1:-./build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$BUILD/linux

# The initramfs: guests/linux/init and busybox.
make_initrd() {
	rm -rf "$OUT/initramfs"
	mkdir -p "$OUT/initramfs/bin" "$OUT/initramfs/proc"
	cp "$OUT/busybox" "$OUT/initramfs/bin/"
	cp "$ROOT/guests/linux/init" "$OUT/initramfs/init"
	(cd "$OUT/initramfs" && find . | cpio -o -H newc --quiet | gzip -9 >"$OUT/initrd.gz")
	rm -rf "$OUT/initramfs"
}

if [ -f "$OUT/vmlinuz" ] && [ -f "$OUT/busybox" ]; then
	[ -f "$OUT/initrd.gz" ] && [ "$OUT/initrd.gz" -nt "$ROOT/guests/linux/init" ] && exit 0
	make_initrd
	echo "linux-guest: initrd.gz rebuilt with the new guests/linux/init"
	exit 0
fi

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
rm -rf "$OUT/x"
for deb in "$OUT"/dl/*.deb; do dpkg -x "$deb" "$OUT/x"; done
cp "$OUT"/x/boot/vmlinuz-* "$OUT/vmlinuz"
cp "$OUT/x/bin/busybox" "$OUT/busybox"
make_initrd
rm -rf "$OUT/x" "$OUT/dl"
say "$(basename "$(ls "$OUT"/vmlinuz)") and initrd.gz ready in $OUT"
