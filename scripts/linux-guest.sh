#!/bin/sh
# linux-guest.sh - an unmodified Debian armhf Linux kernel, its modules and
# busybox, for the Linux guest tests (DESIGN section 7).
#
# usage: scripts/linux-guest.sh [BUILD_DIR]
# Fetches Debian's linux-image-armmp and busybox-static for armhf through
# the private APT configuration scripts/deps.sh set up (the machine's dpkg
# architectures are left alone) and makes, in BUILD_DIR/linux:
#   vmlinuz         the zImage
#   initrd.gz       guests/linux/init and busybox
#   initrd-disk.gz  guests/linux/init-disk, busybox and the modules named in
#                   guests/linux/disk-modules with what they need: it mounts
#                   an ext4 root on /dev/vda (virtio-mmio virtio-blk)
#   root.ext4       that root: busybox, guests/linux/root (hyp7.disk= on
#                   the kernel command line picks its test), an empty /data
# and keeps the package's modules (modules/lib/modules/VERSION, with
# depmod's index) so that initrd-disk.gz can be remade without a fetch.
# Fetches only when vmlinuz, busybox or the modules are missing; remakes an
# image when one of its inputs is newer than it. HYP7_ROOT_MIB sets the size
# of root.ext4 in MiB (default 80: hyp7.disk=dd reads its first 64 MiB); the
# image is sparse and is made without root privileges (mke2fs -d).
set -eu
# depmod, modprobe, mke2fs, debugfs and e2fsck are in /sbin, which is not
# in an ordinary user's PATH on Debian.
PATH=$PATH:/usr/sbin:/sbin
BUILD=${1:-./build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
GUEST=$ROOT/guests/linux
SELF=$ROOT/scripts/linux-guest.sh
OUT=$BUILD/linux
ROOT_MIB=${HYP7_ROOT_MIB:-80}

say() { echo "linux-guest: $*"; }
die() { echo "linux-guest: error: $*" >&2; exit 1; }
case "$ROOT_MIB" in
'' | *[!0-9]*) die "HYP7_ROOT_MIB=$ROOT_MIB is not a whole number of MiB" ;;
esac
[ "$ROOT_MIB" -ge 8 ] || die "HYP7_ROOT_MIB=$ROOT_MIB is too small for an ext4 root (8 MiB at least)"

# stale OUTPUT INPUT...: OUTPUT is missing or older than an INPUT (a file,
# or a directory and everything in it).
stale() {
	target=$1
	shift
	[ -f "$target" ] || return 0
	[ -n "$(find "$@" -newer "$target" 2>/dev/null | head -n 1)" ]
}

# The applets of $OUT/busybox. It is an armhf binary, so it cannot be asked
# (busybox --list); its applet names are one NUL-separated, sorted table
# that starts with "[" and "[[".
busybox_applets() {
	tr '\0' '\n' <"$OUT/busybox" | awk '
		on && !/^[a-z0-9_.-]+$/ { exit }
		on && $0 != "busybox" { print }
		$0 == "[" { if ((getline) > 0 && $0 == "[[") { on = 1; print "["; print "[[" } }'
}

# The initramfs of the plain Linux guest: guests/linux/init and busybox.
make_initrd() {
	rm -rf "$OUT/initramfs"
	mkdir -p "$OUT/initramfs/bin" "$OUT/initramfs/proc"
	cp "$OUT/busybox" "$OUT/initramfs/bin/"
	cp "$GUEST/init" "$OUT/initramfs/init"
	(cd "$OUT/initramfs" && find . | cpio -o -H newc --quiet | gzip -9 >"$OUT/initrd.gz")
	rm -rf "$OUT/initramfs"
}

# The disk initramfs: guests/linux/init-disk, busybox, and the modules of
# guests/linux/disk-modules in the order modprobe would load them, from the
# kernel package's own dependency data (modules.dep and the softdeps in
# modules.softdep, which is how ext4 gets its crc32c). Its
# /lib/modules/load says, one module a line, need|soft|builtin NAME PATH.
make_initrd_disk() {
	kver=$(ls "$OUT/modules/lib/modules")
	mdir=$OUT/modules/lib/modules/$kver
	stage=$OUT/initramfs-disk
	rm -rf "$stage"
	mkdir -p "$stage/bin" "$stage/dev" "$stage/proc" "$stage/sys" "$stage/newroot" \
		"$stage/lib/modules/$kver"
	cp "$OUT/busybox" "$stage/bin/"
	cp "$GUEST/init-disk" "$stage/init"
	chmod 755 "$stage/init"
	wanted=$(sed 's/#.*//' "$GUEST/disk-modules")
	[ -n "$wanted" ] || die "$GUEST/disk-modules names no module"
	# The hard dependencies: modules.dep lists each module's closure.
	hard=$(for m in $wanted; do
		awk -v m="$m" '{
			n = $1; sub(/:$/, "", n); sub(/.*\//, "", n); sub(/\.ko(\.[a-z]+)?$/, "", n)
			gsub(/-/, "_", n)
			if (n == m) { sub(/:$/, "", $1); for (i = 1; i <= NF; i++) print $i }
		}' "$mdir/modules.dep"
	done)
	: >"$stage/lib/modules/load"
	# -C /dev/null: the host's /etc/modprobe.d is not the guest's. Not in a
	# pipeline, so that die stops the script and not a subshell.
	: >"$stage/show-depends.all"
	for m in $wanted; do
		modprobe -C /dev/null -d "$OUT/modules" -S "$kver" --show-depends "$m" \
			>>"$stage/show-depends.all" 2>"$stage/modprobe.err" ||
			die "modprobe --show-depends $m: $(cat "$stage/modprobe.err") (is $m a module of kernel $kver? see $GUEST/disk-modules)"
	done
	awk '!seen[$0]++' "$stage/show-depends.all" >"$stage/show-depends"
	rm "$stage/show-depends.all" "$stage/modprobe.err"
	while read -r verb arg _; do
		case "$verb" in
		builtin)
			echo "builtin $arg -" >>"$stage/lib/modules/load"
			continue ;;
		insmod) ;;
		*) die "unexpected modprobe --show-depends line: $verb $arg" ;;
		esac
		rel=${arg#"$mdir"/}
		name=$(basename "$rel" | sed 's/\.ko\(\.[a-z]*\)\{0,1\}$//; s/-/_/g')
		kind=soft
		echo "$hard" | grep -qxF "$rel" && kind=need
		dst=$stage/lib/modules/$kver/$rel
		mkdir -p "$(dirname "$dst")"
		# busybox insmod takes plain .ko files only.
		case "$rel" in
		*.ko) cp "$arg" "$dst" ;;
		*.ko.xz)
			command -v xz >/dev/null ||
				die "$rel is xz-compressed and xz is not installed (add xz-utils to scripts/deps.sh)"
			dst=${dst%.xz}
			xz -dc "$arg" >"$dst" ;;
		*.ko.zst)
			command -v zstd >/dev/null ||
				die "$rel is zstd-compressed and zstd is not installed (add zstd to scripts/deps.sh)"
			dst=${dst%.zst}
			zstd -qdc "$arg" >"$dst" ;;
		*.ko.gz)
			dst=${dst%.gz}
			gzip -dc "$arg" >"$dst" ;;
		*) die "$rel: not a kernel module" ;;
		esac
		echo "$kind $name ${dst#"$stage/lib/modules/"}" >>"$stage/lib/modules/load"
	done <"$stage/show-depends"
	rm "$stage/show-depends"
	(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -9 >"$OUT/initrd-disk.gz")
	rm -rf "$stage"
}

# The ext4 root disk. mke2fs -d copies the owners of the staged files, so
# when run without root privileges debugfs makes every inode root's.
make_root() {
	stage=$OUT/rootfs
	rm -rf "$stage"
	mkdir -p "$stage/bin" "$stage/sbin" "$stage/dev" "$stage/proc" "$stage/sys" \
		"$stage/tmp" "$stage/data" "$stage/root"
	chmod 1777 "$stage/tmp"
	chmod 700 "$stage/root"
	cp "$OUT/busybox" "$stage/bin/busybox"
	chmod 755 "$stage/bin/busybox"
	applets=$(busybox_applets)
	if ! echo "$applets" | grep -qx switch_root || ! echo "$applets" | grep -qx cttyhack; then
		die "cannot read the applet list out of $OUT/busybox"
	fi
	for a in $applets; do ln -s busybox "$stage/bin/$a"; done
	ln -s ../bin/busybox "$stage/sbin/init"
	cp -R "$GUEST/root/." "$stage/"
	chmod 755 "$stage/etc/init.d/rcS" "$stage/etc/init.d/hyp7-disk"
	img=$OUT/root.ext4.tmp
	rm -f "$img"
	truncate -s "${ROOT_MIB}M" "$img"
	# 4 KiB blocks and 256-byte inodes (a file this small would get 1 KiB
	# and 128 by default, whose times end in 2038); inode tables and journal
	# written now, so the guest's ext4lazyinit does not write behind a test.
	mke2fs -q -F -t ext4 -b 4096 -I 256 -m 0 -L hyp7-root \
		-E lazy_itable_init=0,lazy_journal_init=0,root_owner=0:0 \
		-d "$stage" "$img" >"$OUT/mke2fs.log" 2>&1 ||
		die "mke2fs failed: $(cat "$OUT/mke2fs.log")"
	if [ "$(id -u)" -ne 0 ]; then
		(cd "$stage" && find . -mindepth 1) | sed 's|^\.||' |
			awk '{ print "set_inode_field " $0 " uid 0"; print "set_inode_field " $0 " gid 0" }' \
				>"$OUT/chown.debugfs"
		debugfs -w -f "$OUT/chown.debugfs" "$img" >"$OUT/debugfs.log" 2>&1 ||
			die "debugfs could not give the files to root: see $OUT/debugfs.log"
		rm -f "$OUT/chown.debugfs" "$OUT/debugfs.log"
	fi
	e2fsck -fn "$img" >"$OUT/e2fsck.log" 2>&1 || die "e2fsck finds root.ext4 broken: see $OUT/e2fsck.log"
	mv "$img" "$OUT/root.ext4"
	rm -rf "$stage" "$OUT/mke2fs.log" "$OUT/e2fsck.log"
	say "root.ext4: $ROOT_MIB MiB ($(du -k "$OUT/root.ext4" | cut -f1) KiB on disk)"
}

# Remakes whatever is older than its inputs.
make_images() {
	if stale "$OUT/initrd.gz" "$GUEST/init" "$OUT/busybox" "$SELF"; then
		make_initrd
		say "initrd.gz made"
	fi
	if stale "$OUT/initrd-disk.gz" "$GUEST/init-disk" "$GUEST/disk-modules" \
		"$OUT/busybox" "$OUT/modules" "$SELF"; then
		make_initrd_disk
		say "initrd-disk.gz made, modules: $(gzip -dc "$OUT/initrd-disk.gz" |
			cpio -i --quiet --to-stdout lib/modules/load | awk '{ printf " %s", $2 }')"
	fi
	if stale "$OUT/root.ext4" "$GUEST/root" "$OUT/busybox" "$SELF" ||
		[ "$(stat -c %s "$OUT/root.ext4")" -ne $((ROOT_MIB * 1048576)) ]; then
		make_root
	fi
}

tools_needed() {
	for t in cpio depmod modprobe mke2fs debugfs e2fsck; do
		command -v "$t" >/dev/null || die "$t not found: run scripts/deps.sh"
	done
}

if [ -f "$OUT/vmlinuz" ] && [ -f "$OUT/busybox" ] &&
	[ -n "$(find "$OUT/modules/lib/modules" -mindepth 2 -maxdepth 2 -name modules.dep 2>/dev/null)" ]; then
	OUT=$(cd "$OUT" && pwd)
	tools_needed
	make_images
	exit 0
fi

"$ROOT/scripts/deps.sh" "$BUILD"
CONF=$(cd "$BUILD/apt-armhf" && pwd)/apt.conf
[ -f "$CONF" ] || die "no private APT configuration at $CONF (scripts/deps.sh makes it)"
tools_needed

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
# The package ships no modules.dep (its postinst runs depmod): make it.
kver=$(ls "$OUT/x/lib/modules")
[ "$(echo "$kver" | wc -l)" -eq 1 ] || die "$kernel holds modules for more than one kernel: $kver"
rm -rf "$OUT/modules"
mkdir -p "$OUT/modules/lib"
mv "$OUT/x/lib/modules" "$OUT/modules/lib/modules"
depmod -b "$OUT/modules" "$kver" || die "depmod -b $OUT/modules $kver failed"
rm -rf "$OUT/x" "$OUT/dl"
make_images
say "$(basename "$(ls "$OUT"/vmlinuz)"), initrd.gz, initrd-disk.gz and root.ext4 ready in $OUT (kernel $kver)"
