/*
 * vmm/guest_dtb.c, read back with the host's libfdt: every node and
 * property a guest kernel looks for, with the values QEMU's virt board
 * uses (written out here as numbers, not taken from hyp7's headers), and
 * the size and parameter errors.
 */
#include <check.h>
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "run_suite.h"
#include <hyp7/errno.h>
#include <hyp7/guest_dtb.h>

#define BUF_SIZE 16384
#define GUARD 64

static u8 buf[BUF_SIZE + GUARD];

static const struct guest_dtb_params typical = {
	.ram_base = 0x40000000,
	.ram_size = 256 << 20,
	.nr_vcpus = 4,
	.bootargs = "console=ttyAMA0 root=/dev/ram0",
	.initrd_start = 0x48000000,
	.initrd_size = 0x123456,
};

static void build(const struct guest_dtb_params *p)
{
	ck_assert_int_eq(guest_dtb_build(buf, BUF_SIZE, p), 0);
	ck_assert_int_eq(fdt_check_header(buf), 0);
	ck_assert_uint_le(fdt_totalsize(buf), BUF_SIZE);
}

static int node(const char *path)
{
	int off = fdt_path_offset(buf, path);

	ck_assert_msg(off >= 0, "no node %s", path);
	return off;
}

/* The property's value must be exactly these cells. */
static void check_cells(const char *path, const char *prop, const u32 *want, int n)
{
	int len, i;
	const fdt32_t *cells = fdt_getprop(buf, node(path), prop, &len);

	ck_assert_msg(cells, "%s has no %s", path, prop);
	ck_assert_msg(len == n * 4, "%s %s: %d bytes, want %d", path, prop, len, n * 4);
	for (i = 0; i < n; i++)
		ck_assert_msg(fdt32_to_cpu(cells[i]) == want[i], "%s %s[%d] = 0x%x, want 0x%x", path,
			      prop, i, fdt32_to_cpu(cells[i]), want[i]);
}

static void check_u32(const char *path, const char *prop, u32 want)
{
	check_cells(path, prop, &want, 1);
}

/* Exactly these bytes: a string, or a string list with its NULs. */
static void check_bytes(const char *path, const char *prop, const char *want, int len)
{
	int got_len;
	const char *got = fdt_getprop(buf, node(path), prop, &got_len);

	ck_assert_msg(got, "%s has no %s", path, prop);
	ck_assert_msg(got_len == len && !memcmp(got, want, len), "%s %s differs", path, prop);
}

#define check_string(path, prop, s) check_bytes(path, prop, s, sizeof(s))

static void check_absent(const char *path, const char *prop)
{
	ck_assert_msg(!fdt_getprop(buf, node(path), prop, NULL), "%s has %s", path, prop);
}

static u32 phandle_of(const char *path)
{
	u32 ph = fdt_get_phandle(buf, node(path));

	ck_assert_uint_ne(ph, 0);
	return ph;
}

START_TEST(root_and_memory)
{
	static const u32 mem_reg[] = { 0, 0x40000000, 0, 256 << 20 };

	build(&typical);
	check_string("/", "compatible", "linux,dummy-virt");
	check_u32("/", "#address-cells", 2);
	check_u32("/", "#size-cells", 2);
	check_u32("/", "interrupt-parent", phandle_of("/intc@8000000"));
	check_string("/memory@40000000", "device_type", "memory");
	check_cells("/memory@40000000", "reg", mem_reg, 4);
}
END_TEST

START_TEST(memory_above_4g)
{
	static const u32 mem_reg[] = { 0x1, 0x80000000, 0x2, 0 };
	struct guest_dtb_params p = typical;

	p.ram_base = 0x180000000ull;
	p.ram_size = 0x200000000ull;
	build(&p);
	check_cells("/memory@180000000", "reg", mem_reg, 4);
}
END_TEST

START_TEST(one_cpu_node_per_vcpu)
{
	struct guest_dtb_params p = typical;
	char path[32];
	int cpus, child, count = 0;

	p.nr_vcpus = _i;
	build(&p);
	cpus = node("/cpus");
	check_u32("/cpus", "#address-cells", 1);
	check_u32("/cpus", "#size-cells", 0);
	fdt_for_each_subnode(child, buf, cpus) {
		snprintf(path, sizeof(path), "/cpus/cpu@%x", count);
		ck_assert_int_eq(child, node(path));
		check_string(path, "device_type", "cpu");
		check_string(path, "compatible", "arm,cortex-a15");
		check_u32(path, "reg", count);
		check_string(path, "enable-method", "psci");
		count++;
	}
	ck_assert_int_eq(count, _i);
}
END_TEST

START_TEST(psci)
{
	build(&typical);
	check_string("/psci", "compatible", "arm,psci-1.0\0arm,psci-0.2\0arm,psci");
	check_string("/psci", "method", "hvc");
	/* The 0.1 binding's IDs: the SMC32 ones of PSCI 0.2. */
	check_u32("/psci", "cpu_suspend", 0x84000001);
	check_u32("/psci", "cpu_off", 0x84000002);
	check_u32("/psci", "cpu_on", 0x84000003);
}
END_TEST

START_TEST(gic)
{
	static const u32 reg[] = { 0, 0x08000000, 0, 0x10000, 0, 0x08010000, 0, 0x2000 };
	int len;

	build(&typical);
	check_string("/intc@8000000", "compatible", "arm,cortex-a15-gic");
	check_u32("/intc@8000000", "#interrupt-cells", 3);
	check_u32("/intc@8000000", "#address-cells", 0);
	ck_assert(fdt_getprop(buf, node("/intc@8000000"), "interrupt-controller", &len));
	ck_assert_int_eq(len, 0);
	check_cells("/intc@8000000", "reg", reg, 8);
}
END_TEST

/* PPIs 13, 14, 11, 10, level-high, wired to the first nr_vcpus CPUs. */
START_TEST(timer)
{
	static const u32 vcpus[] = { 1, 4, 8 }, flags[] = { 0x104, 0xf04, 0xff04 };
	struct guest_dtb_params p = typical;
	u32 want[12];
	int i;

	p.nr_vcpus = vcpus[_i];
	build(&p);
	for (i = 0; i < 4; i++) {
		want[3 * i] = 1;
		want[3 * i + 2] = flags[_i];
	}
	want[1] = 13;
	want[4] = 14;
	want[7] = 11;
	want[10] = 10;
	check_string("/timer", "compatible", "arm,armv7-timer");
	check_cells("/timer", "interrupts", want, 12);
	check_bytes("/timer", "always-on", "", 0);
}
END_TEST

START_TEST(uart_rtc_and_their_clock)
{
	static const u32 uart_reg[] = { 0, 0x09000000, 0, 0x1000 }, uart_irq[] = { 0, 1, 4 };
	static const u32 rtc_reg[] = { 0, 0x09010000, 0, 0x1000 }, rtc_irq[] = { 0, 2, 4 };
	u32 clk, clocks[2];

	build(&typical);
	clk = phandle_of("/apb-pclk");
	clocks[0] = clocks[1] = clk;
	check_string("/apb-pclk", "compatible", "fixed-clock");
	check_u32("/apb-pclk", "#clock-cells", 0);
	check_u32("/apb-pclk", "clock-frequency", 24000000);
	check_string("/apb-pclk", "clock-output-names", "clk24mhz");

	check_string("/pl011@9000000", "compatible", "arm,pl011\0arm,primecell");
	check_cells("/pl011@9000000", "reg", uart_reg, 4);
	check_cells("/pl011@9000000", "interrupts", uart_irq, 3);
	check_cells("/pl011@9000000", "clocks", clocks, 2);
	check_string("/pl011@9000000", "clock-names", "uartclk\0apb_pclk");

	check_string("/pl031@9010000", "compatible", "arm,pl031\0arm,primecell");
	check_cells("/pl031@9010000", "reg", rtc_reg, 4);
	check_cells("/pl031@9010000", "interrupts", rtc_irq, 3);
	check_u32("/pl031@9010000", "clocks", clk);
	check_string("/pl031@9010000", "clock-names", "apb_pclk");
}
END_TEST

START_TEST(chosen)
{
	static const u32 start[] = { 0, 0x48000000 }, end[] = { 0, 0x48123456 };
	const char *stdout_path;

	build(&typical);
	check_string("/chosen", "bootargs", "console=ttyAMA0 root=/dev/ram0");
	check_string("/chosen", "stdout-path", "/pl011@9000000");
	stdout_path = fdt_getprop(buf, node("/chosen"), "stdout-path", NULL);
	ck_assert_int_eq(node(stdout_path), node("/pl011@9000000"));
	check_cells("/chosen", "linux,initrd-start", start, 2);
	check_cells("/chosen", "linux,initrd-end", end, 2);
}
END_TEST

START_TEST(chosen_without_bootargs_or_initrd)
{
	struct guest_dtb_params p = typical;

	p.bootargs = NULL;
	p.initrd_size = 0;
	build(&p);
	check_absent("/chosen", "bootargs");
	check_absent("/chosen", "linux,initrd-start");
	check_absent("/chosen", "linux,initrd-end");
	check_string("/chosen", "stdout-path", "/pl011@9000000");
}
END_TEST

/*
 * The DTB fits in exactly its own size; one byte less, or any smaller
 * buffer, is -E2BIG, and nothing is written past the buffer given.
 */
START_TEST(sizes)
{
	static u8 again[BUF_SIZE];
	u32 total, size;

	build(&typical);
	total = fdt_totalsize(buf);
	memcpy(again, buf, total);
	memset(buf, 0xa5, sizeof(buf));
	ck_assert_int_eq(guest_dtb_build(buf, total, &typical), 0);
	ck_assert_int_eq(memcmp(buf, again, total), 0);
	for (size = 0; size < total; size++) {
		unsigned int i;

		memset(buf, 0xa5, sizeof(buf));
		ck_assert_int_eq(guest_dtb_build(buf, size, &typical), -E2BIG);
		for (i = size; i < sizeof(buf); i++)
			if (buf[i] != 0xa5)
				ck_abort_msg("size %u: byte %u written", size, i);
	}
}
END_TEST

START_TEST(bad_parameters)
{
	struct guest_dtb_params p = typical;

	p.nr_vcpus = 0;
	ck_assert_int_eq(guest_dtb_build(buf, BUF_SIZE, &p), -EINVAL);
	p.nr_vcpus = 9;
	ck_assert_int_eq(guest_dtb_build(buf, BUF_SIZE, &p), -EINVAL);
	p = typical;
	p.ram_size = 0;
	ck_assert_int_eq(guest_dtb_build(buf, BUF_SIZE, &p), -EINVAL);
	p = typical;
	p.initrd_start = 0xfffffffffff00000ull;
	p.initrd_size = 0x100000;
	ck_assert_int_eq(guest_dtb_build(buf, BUF_SIZE, &p), -EINVAL);
	p.initrd_size = 0xfffff;
	ck_assert_int_eq(guest_dtb_build(buf, BUF_SIZE, &p), 0);
}
END_TEST

/* As QEMU's virt has them: 32, 0x200 apart from 0x0a000000 on SPIs 16 on, edge-triggered. */
START_TEST(virtio_transports)
{
	static const u32 reg0[] = { 0, 0x0a000000, 0, 0x200 }, irq0[] = { 0, 16, 1 };
	static const u32 reg31[] = { 0, 0x0a003e00, 0, 0x200 }, irq31[] = { 0, 47, 1 };

	build(&typical);
	check_string("/virtio_mmio@a000000", "compatible", "virtio,mmio");
	check_cells("/virtio_mmio@a000000", "reg", reg0, 4);
	check_cells("/virtio_mmio@a000000", "interrupts", irq0, 3);
	check_bytes("/virtio_mmio@a000000", "dma-coherent", "", 0);
	check_cells("/virtio_mmio@a003e00", "reg", reg31, 4);
	check_cells("/virtio_mmio@a003e00", "interrupts", irq31, 3);
	ck_assert_int_lt(fdt_path_offset(buf, "/virtio_mmio@a004000"), 0);
}
END_TEST

static Suite *guest_dtb_suite(void)
{
	Suite *s = suite_create("guest_dtb");
	TCase *tc = tcase_create("guest_dtb");

	tcase_add_test(tc, root_and_memory);
	tcase_add_test(tc, memory_above_4g);
	tcase_add_loop_test(tc, one_cpu_node_per_vcpu, 1, 9);
	tcase_add_test(tc, psci);
	tcase_add_test(tc, gic);
	tcase_add_loop_test(tc, timer, 0, 3);
	tcase_add_test(tc, uart_rtc_and_their_clock);
	tcase_add_test(tc, virtio_transports);
	tcase_add_test(tc, chosen);
	tcase_add_test(tc, chosen_without_bootargs_or_initrd);
	tcase_add_test(tc, sizes);
	tcase_add_test(tc, bad_parameters);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(guest_dtb_suite());
}
