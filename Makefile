# hyp7: `make` builds, `make run` boots it in QEMU, `make test` runs every test.
# Both `run` and `test` install what they need first (scripts/deps.sh).

CROSS ?= arm-linux-gnueabihf-
CC := $(CROSS)gcc
LD := $(CROSS)ld
OBJCOPY := $(CROSS)objcopy
NM := $(CROSS)nm
OBJDUMP := $(CROSS)objdump
B := build

# Where the ELF is loaded by QEMU -kernel on virt: 2 MiB into RAM, leaving
# the start of RAM to the DTB that QEMU puts there for ELF images.
ELF_LOAD_PA ?= 0x40200000
# Where QEMU puts the DTB for an ELF image, which it enters with r2 = 0.
QEMU_ELF_DTB_PA ?= 0x40000000
# The UART used only to report a missing or broken DTB (QEMU virt's PL011).
EARLY_UART_PA ?= 0x09000000
# Where U-Boot's bootm copies the uImage to (any 4 KiB-aligned RAM address works).
UIMAGE_LOAD_PA ?= 0x40800000

LIBFDT_DIR := $(B)/libfdt-armhf
LIBFDT_A := $(LIBFDT_DIR)/usr/lib/arm-linux-gnueabihf/libfdt.a

# Freestanding: only the compiler's own headers (stdint.h, stddef.h, ...),
# never a C library's, so no libc6-dev-armhf-cross is needed and none can be
# picked up by accident. Expanded when used: the compiler may not be
# installed yet when make reads this file (deps.sh installs it).
GCC_INCLUDE = $(shell $(CC) -print-file-name=include)
CPPFLAGS = -nostdinc -isystem $(GCC_INCLUDE) -Iinclude -I$(B)/include -Iinclude/fdt-env -I$(LIBFDT_DIR)/usr/include -DELF_LOAD_PA=$(ELF_LOAD_PA) \
	-DEARLY_UART_PA=$(EARLY_UART_PA) \
	-DQEMU_ELF_DTB_PA=$(QEMU_ELF_DTB_PA) -DDEMO_GUEST_DIR=$(abspath $(B))/guests -MMD -MP
CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -marm -mcpu=cortex-a15 -mfloat-abi=hard \
	-mgeneral-regs-only -ffreestanding -fno-builtin -fno-common -fno-stack-protector \
	-fno-pic -fno-unwind-tables -fno-asynchronous-unwind-tables
ASFLAGS := -marm -mcpu=cortex-a15 -mfloat-abi=hard -g -Wa,--noexecstack
LDFLAGS := -nostdlib -static --no-undefined -z noexecstack --no-warn-rwx-segments
# 64-bit division and the like (integer-only helpers).
LIBGCC = $(shell $(CC) -mfloat-abi=hard -print-libgcc-file-name)

HOST_SRCS := boot/head.S boot/setup.c \
	$(filter-out arch-arm/asm-offsets.c,$(wildcard arch-arm/*.c arch-arm/*.S)) $(wildcard mmu/*.c) $(wildcard virt/*.c virt/*.S vdev/*.c vmm/*.c vmm/*.S) \
	$(wildcard vfp/*.c drivers/*.c)
HYP_ASM_SRCS := $(wildcard hyp/*.S)
HYP_C_SRCS := $(wildcard hyp/*.c)

obj = $(patsubst %,$(B)/obj/%.o,$(basename $(1)))
HOST_OBJS := $(call obj,$(HOST_SRCS))
HYP_OBJS := $(call obj,$(HYP_ASM_SRCS) $(HYP_C_SRCS))

.PHONY: all deps run test bench clean guests linux
all: guests $(B)/hyp7.elf $(B)/zImage $(B)/uImage $(B)/vexpress-a15.dtb

# The test guests (guests/); two of them ride in the image as demo guests.
guests: | $(LIBFDT_A)
	@$(MAKE) -s -C guests B=$(abspath $(B))/guests
DEMO_GUESTS := $(B)/guests/hello.bin $(B)/guests/hvc.bin
$(DEMO_GUESTS): guests ;
$(B)/obj/vmm/demo_guests.o: $(DEMO_GUESTS)

deps:
	@scripts/deps.sh $(B)

$(LIBFDT_A):
	@scripts/deps.sh $(B)

# Offsets for assembly, generated from the C structs (arch-arm/asm-offsets.c).
ASM_OFFSETS := $(B)/include/generated/asm-offsets.h
$(ASM_OFFSETS): arch-arm/asm-offsets.c include/arch/asm_offsets_list.h include/hyp7/vcpu.h \
		include/hyp7/vcpu_regs.h include/arch/cp15_ctx.h | $(LIBFDT_A)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -S $< -o $@.s
	{ echo "/* Generated from arch-arm/asm-offsets.c: do not edit. */"; \
	  sed -n 's/.*->\([A-Za-z0-9_]*\) #\(-\{0,1\}[0-9]*\).*/#define \1 \2/p' $@.s; } > $@
	@rm -f $@.s

$(HOST_OBJS) $(HYP_OBJS): | $(ASM_OFFSETS)

$(B)/obj/%.o: %.S | $(LIBFDT_A)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ASFLAGS) -c $< -o $@

$(B)/obj/%.o: %.c | $(LIBFDT_A)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

# The C library routines must not be turned back into calls to themselves.
$(B)/obj/arch-arm/lib.o: CFLAGS += -fno-tree-loop-distribute-patterns

# HYP's C code goes into the HYP sections (.text -> .hyp.text, ...).
$(B)/obj/hyp/%.o: hyp/%.c | $(LIBFDT_A)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MT $@ -MF $(@:.o=.d) -c $< -o $@.tmp
	$(OBJCOPY) --prefix-alloc-sections=.hyp $@.tmp $@
	@rm -f $@.tmp

# Everything HYP can execute is in hyp/: it may reference nothing outside
# it but the linker's section bounds, and must not touch VFP registers.
$(B)/hyp.o: $(HYP_OBJS) scripts/check-hyp.sh
	$(LD) -r $(HYP_OBJS) -o $@
	@scripts/check-hyp.sh $@ $(NM) $(OBJDUMP)

$(B)/hyp7.lds: boot/hyp7.lds.S include/arch/memory.h
	@mkdir -p $(B)
	$(CC) -E -P -x c $(CPPFLAGS) -D__ASSEMBLER__ $< -o $@

$(B)/hyp7.elf: $(HOST_OBJS) $(B)/hyp.o $(B)/hyp7.lds $(LIBFDT_A)
	$(LD) $(LDFLAGS) -T $(B)/hyp7.lds $(HOST_OBJS) $(B)/hyp.o $(LIBFDT_A) $(LIBGCC) -o $@

$(B)/zImage: $(B)/hyp7.elf
	$(OBJCOPY) -O binary $< $@

$(B)/uImage: $(B)/zImage
	mkimage -A arm -O linux -T kernel -C none -a $(UIMAGE_LOAD_PA) -e $(UIMAGE_LOAD_PA) \
		-n hyp7 -d $< $@ >/dev/null

$(B)/vexpress-a15.dtb: boot/dts/vexpress-a15.dts
	dtc -q -I dts -O dtb -o $@ $<

run: deps all
	scripts/qemu-run virt-elf $(B)/hyp7.elf

# Instructions per round trip (QEMU -icount shift=0: the cycle counter counts
# instructions; hyp7.pmu=shared lets the guest's cycle counter count HYP too).
bench: deps all
	@scripts/run-guest --icount --host-args hyp7.pmu=shared --timeout 300 \
		--vm $(B)/guests/bench.bin --cpus 2 --name bench | \
		sed -n 's/^bench: //p' | grep -E '^bench: '

# Debian's armhf kernel and busybox, for the Linux guest test.
linux: deps
	@scripts/linux-guest.sh $(B)

test: deps all linux
	@tests/run-all $(B)

clean:
	rm -rf $(B)/obj $(B)/hyp.o $(B)/hyp7.* $(B)/zImage $(B)/uImage $(B)/*.dtb $(B)/unit $(B)/tests

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)
