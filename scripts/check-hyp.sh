#!/bin/sh
# Checks the combined HYP object: HYP code may reference only HYP symbols
# (and the linker's HYP section bounds), and may not use VFP/NEON
# registers, which HCPTR can trap and which hold the guest's state, except
# in the lazy switch's own save and restore (hyp/vfp.S); its vector runs
# no branch before it invalidates the branch predictor.
# usage: check-hyp.sh hyp.o NM OBJDUMP
set -e
obj=$1 nm=$2 objdump=$3
allowed='^(__hyp_text_start|__hyp_text_end)$'
undefined=$($nm -u "$obj" | awk '{print $2}' | grep -Ev "$allowed" || true)
if [ -n "$undefined" ]; then
	echo "check-hyp: error: HYP code references symbols outside hyp/: $undefined" >&2
	exit 1
fi
vfp=$($objdump -d "$obj" | awk '
	/^[0-9a-f]+ <.*>:$/ { fn = $2 }
	/\t(v[a-z0-9.]+|fmxr|fmrx)\t/ && fn !~ /^<__vfp_(save|restore)>:$/ { print fn, $0 }')
if [ -n "$vfp" ]; then
	echo "check-hyp: error: HYP code uses VFP/NEON instructions:" >&2
	echo "$vfp" >&2
	exit 1
fi
# Against branch-target injection, HYP's vector must invalidate the branch
# predictor (ICIALLU) before it executes a single branch (hyp/entry.S).
vector=$($objdump -d "$obj" | awk '
	/^[0-9a-f]+ <__hyp_vector>:$/ { on = 1; next }
	on && /^$/ { exit }
	on { print }')
before=$(printf '%s\n' "$vector" | awk '/\tmcr\t15, 0, r[0-9]+, cr7, cr5, \{0\}/ { found = 1; exit }
	{ print } END { if (!found) print "no ICIALLU" }')
branch=$(printf '%s\n' "$before" | grep -E '	(b[a-z]*|pop	.*pc|ldr	pc|mov	pc)[ 	]|no ICIALLU' || true)
if [ -n "$branch" ]; then
	echo "check-hyp: error: __hyp_vector branches before it invalidates the branch predictor:" >&2
	echo "$branch" >&2
	exit 1
fi
