/*
 * The guest DTB, written front to back with libfdt's sequential-write
 * functions (properties of a node before its children). Every call goes
 * through a writer that keeps the first error, so the build below reads
 * as the list of nodes it writes. Layout and names follow QEMU's virt
 * board; addresses and interrupts come from virt7.h.
 */
#include <libfdt.h>
#include <hyp7/errno.h>
#include <hyp7/guest_dtb.h>
#include <hyp7/lib.h>
#include <hyp7/printk.h>
#include <hyp7/psci.h>
#include <hyp7/virt7.h>

/* Two cells for every address and size at the root, as QEMU's virt board. */
#define ROOT_ADDR_CELLS 2
#define ROOT_SIZE_CELLS 2
#define PHANDLE_GIC 1
#define PHANDLE_APB_PCLK 2
#define APB_PCLK_HZ 24000000

/* The GIC binding's three interrupt cells: type, number, flags. */
#define GIC_IRQ_SPI 0
#define GIC_IRQ_PPI 1
#define GIC_IRQ_EDGE_RISING 1
#define GIC_IRQ_LEVEL_HIGH 4
#define GIC_IRQ_PPI_CPUS_SHIFT 8 /* flags [15:8]: the CPUs a PPI is wired to */

#define NODE_NAME_MAX 32
#define MAX_REG_PAIRS 2
#define TIMER_NR_IRQS 4

struct dtb_writer {
	void *fdt;
	int err; /* the first libfdt error; later calls do nothing */
};

static void begin_node(struct dtb_writer *w, const char *name)
{
	if (!w->err)
		w->err = fdt_begin_node(w->fdt, name);
}

static void end_node(struct dtb_writer *w)
{
	if (!w->err)
		w->err = fdt_end_node(w->fdt);
}

static void prop(struct dtb_writer *w, const char *name, const void *val, int len)
{
	if (!w->err)
		w->err = fdt_property(w->fdt, name, val, len);
}

static void prop_string(struct dtb_writer *w, const char *name, const char *s)
{
	prop(w, name, s, strlen(s) + 1);
}

static void prop_u32(struct dtb_writer *w, const char *name, u32 val)
{
	fdt32_t cell = cpu_to_fdt32(val);

	prop(w, name, &cell, sizeof(cell));
}

static void prop_u64(struct dtb_writer *w, const char *name, u64 val)
{
	fdt64_t cells = cpu_to_fdt64(val);

	prop(w, name, &cells, sizeof(cells));
}

/* reg of a root child: nr_pairs (address, size) pairs, two cells each. */
_Static_assert(ROOT_ADDR_CELLS == 2 && ROOT_SIZE_CELLS == 2, "prop_reg writes two cells a value");
static void prop_reg(struct dtb_writer *w, const u64 *pairs, int nr_pairs)
{
	fdt32_t cells[MAX_REG_PAIRS * 2 * 2];
	int i;

	for (i = 0; i < nr_pairs * 2; i++) {
		cells[2 * i] = cpu_to_fdt32(pairs[i] >> 32);
		cells[2 * i + 1] = cpu_to_fdt32((u32)pairs[i]);
	}
	prop(w, "reg", cells, nr_pairs * 2 * 2 * sizeof(cells[0]));
}

static void prop_irq(struct dtb_writer *w, u32 type, u32 number, u32 flags)
{
	fdt32_t cells[3] = { cpu_to_fdt32(type), cpu_to_fdt32(number), cpu_to_fdt32(flags) };

	prop(w, "interrupts", cells, sizeof(cells));
}

/* "base@addr", the unit address in hex without leading zeros. */
static void unit_name(char *buf, const char *base, u64 addr)
{
	snprintf(buf, NODE_NAME_MAX, "%s@%llx", base, (unsigned long long)addr);
}

static void add_chosen(struct dtb_writer *w, const struct guest_dtb_params *p)
{
	char uart_path[NODE_NAME_MAX + 1] = "/";

	unit_name(uart_path + 1, "pl011", VIRT7_UART_BASE);
	begin_node(w, "chosen");
	if (p->bootargs)
		prop_string(w, "bootargs", p->bootargs);
	prop_string(w, "stdout-path", uart_path);
	if (p->initrd_size) {
		prop_u64(w, "linux,initrd-start", p->initrd_start);
		prop_u64(w, "linux,initrd-end", p->initrd_start + p->initrd_size);
	}
	end_node(w);
}

static void add_memory(struct dtb_writer *w, const struct guest_dtb_params *p)
{
	const u64 reg[] = { p->ram_base, p->ram_size };
	char name[NODE_NAME_MAX];

	unit_name(name, "memory", p->ram_base);
	begin_node(w, name);
	prop_string(w, "device_type", "memory");
	prop_reg(w, reg, 1);
	end_node(w);
}

static void add_cpus(struct dtb_writer *w, const struct guest_dtb_params *p)
{
	char name[NODE_NAME_MAX];
	u32 cpu;

	begin_node(w, "cpus");
	prop_u32(w, "#address-cells", 1);
	prop_u32(w, "#size-cells", 0);
	for (cpu = 0; cpu < p->nr_vcpus; cpu++) {
		unit_name(name, "cpu", cpu);
		begin_node(w, name);
		prop_string(w, "device_type", "cpu");
		prop_string(w, "compatible", "arm,cortex-a15");
		prop_u32(w, "reg", cpu);
		prop_string(w, "enable-method", "psci");
		end_node(w);
	}
	end_node(w);
}

/*
 * "arm,psci" is there for kernels that predate PSCI 0.2; its binding reads
 * the function IDs from the node, so give them ours.
 */
static void add_psci(struct dtb_writer *w)
{
	static const char compatible[] = "arm,psci-1.0\0arm,psci-0.2\0arm,psci";

	begin_node(w, "psci");
	prop(w, "compatible", compatible, sizeof(compatible));
	prop_string(w, "method", "hvc");
	prop_u32(w, "cpu_suspend", PSCI_0_2_FN_CPU_SUSPEND);
	prop_u32(w, "cpu_off", PSCI_0_2_FN_CPU_OFF);
	prop_u32(w, "cpu_on", PSCI_0_2_FN_CPU_ON);
	end_node(w);
}

static void add_gic(struct dtb_writer *w)
{
	const u64 reg[] = { VIRT7_GICD_BASE, VIRT7_GICD_SIZE, VIRT7_GICC_BASE, VIRT7_GICC_SIZE };
	char name[NODE_NAME_MAX];

	unit_name(name, "intc", VIRT7_GICD_BASE);
	begin_node(w, name);
	prop_string(w, "compatible", "arm,cortex-a15-gic");
	prop_u32(w, "#interrupt-cells", 3);
	/* dtc wants it of an interrupt provider; GIC interrupt specifiers hold no address. */
	prop_u32(w, "#address-cells", 0);
	prop(w, "interrupt-controller", NULL, 0);
	prop_reg(w, reg, 2);
	prop_u32(w, "phandle", PHANDLE_GIC);
	end_node(w);
}

/*
 * The timer's PPIs reach every vCPU, which the GICv2 binding says in the
 * flags' CPU mask. always-on: the virtual timer keeps counting while a
 * vCPU is idle (hyp7 wakes it), so the guest needs no broadcast timer.
 */
static void add_timer(struct dtb_writer *w, const struct guest_dtb_params *p)
{
	static const u32 ppis[TIMER_NR_IRQS] = { VIRT7_TIMER_PPI_SEC, VIRT7_TIMER_PPI_PHYS,
						 VIRT7_TIMER_PPI_VIRT, VIRT7_TIMER_PPI_HYP };
	u32 flags = (((1u << p->nr_vcpus) - 1) << GIC_IRQ_PPI_CPUS_SHIFT) | GIC_IRQ_LEVEL_HIGH;
	fdt32_t cells[TIMER_NR_IRQS * 3];
	int i;

	for (i = 0; i < TIMER_NR_IRQS; i++) {
		cells[3 * i] = cpu_to_fdt32(GIC_IRQ_PPI);
		cells[3 * i + 1] = cpu_to_fdt32(ppis[i]);
		cells[3 * i + 2] = cpu_to_fdt32(flags);
	}
	begin_node(w, "timer");
	prop_string(w, "compatible", "arm,armv7-timer");
	prop(w, "interrupts", cells, sizeof(cells));
	prop(w, "always-on", NULL, 0);
	end_node(w);
}

/* The PL011 and PL031 are AMBA PrimeCells: their drivers want apb_pclk. */
static void add_clock(struct dtb_writer *w)
{
	begin_node(w, "apb-pclk");
	prop_string(w, "compatible", "fixed-clock");
	prop_u32(w, "#clock-cells", 0);
	prop_u32(w, "clock-frequency", APB_PCLK_HZ);
	prop_string(w, "clock-output-names", "clk24mhz");
	prop_u32(w, "phandle", PHANDLE_APB_PCLK);
	end_node(w);
}

static void add_uart(struct dtb_writer *w)
{
	static const char compatible[] = "arm,pl011\0arm,primecell";
	static const char clock_names[] = "uartclk\0apb_pclk";
	const fdt32_t clocks[] = { cpu_to_fdt32(PHANDLE_APB_PCLK), cpu_to_fdt32(PHANDLE_APB_PCLK) };
	const u64 reg[] = { VIRT7_UART_BASE, VIRT7_UART_SIZE };
	char name[NODE_NAME_MAX];

	unit_name(name, "pl011", VIRT7_UART_BASE);
	begin_node(w, name);
	prop(w, "compatible", compatible, sizeof(compatible));
	prop_reg(w, reg, 1);
	prop_irq(w, GIC_IRQ_SPI, VIRT7_UART_SPI, GIC_IRQ_LEVEL_HIGH);
	prop(w, "clocks", clocks, sizeof(clocks));
	prop(w, "clock-names", clock_names, sizeof(clock_names));
	end_node(w);
}

static void add_rtc(struct dtb_writer *w)
{
	static const char compatible[] = "arm,pl031\0arm,primecell";
	const u64 reg[] = { VIRT7_RTC_BASE, VIRT7_RTC_SIZE };
	char name[NODE_NAME_MAX];

	unit_name(name, "pl031", VIRT7_RTC_BASE);
	begin_node(w, name);
	prop(w, "compatible", compatible, sizeof(compatible));
	prop_reg(w, reg, 1);
	prop_irq(w, GIC_IRQ_SPI, VIRT7_RTC_SPI, GIC_IRQ_LEVEL_HIGH);
	prop_u32(w, "clocks", PHANDLE_APB_PCLK);
	prop_string(w, "clock-names", "apb_pclk");
	end_node(w);
}

/*
 * QEMU's 32 virtio-mmio transports, as it writes them: lowest address
 * first, edge-triggered. Those without a device answer DeviceID 0, which
 * drivers pass over.
 */
static void add_virtio(struct dtb_writer *w)
{
	char name[NODE_NAME_MAX];
	u32 i;

	for (i = 0; i < VIRT7_VIRTIO_MAX; i++) {
		const u64 reg[] = { VIRT7_VIRTIO_BASE + i * VIRT7_VIRTIO_SIZE, VIRT7_VIRTIO_SIZE };

		unit_name(name, "virtio_mmio", reg[0]);
		begin_node(w, name);
		prop_string(w, "compatible", "virtio,mmio");
		prop_reg(w, reg, 1);
		prop_irq(w, GIC_IRQ_SPI, VIRT7_VIRTIO_SPI + i, GIC_IRQ_EDGE_RISING);
		prop(w, "dma-coherent", NULL, 0);
		end_node(w);
	}
}

int guest_dtb_build(void *buf, u32 size, const struct guest_dtb_params *p)
{
	struct dtb_writer w = { buf, 0 };

	if (!p->nr_vcpus || p->nr_vcpus > GUEST_MAX_VCPUS || !p->ram_size ||
	    p->initrd_size > ~0ull - p->initrd_start || size > (u32)S32_MAX)
		return -EINVAL;
	w.err = fdt_create(buf, (int)size);
	if (!w.err)
		w.err = fdt_finish_reservemap(buf);
	begin_node(&w, "");
	prop_string(&w, "compatible", "linux,dummy-virt");
	prop_u32(&w, "#address-cells", ROOT_ADDR_CELLS);
	prop_u32(&w, "#size-cells", ROOT_SIZE_CELLS);
	prop_u32(&w, "interrupt-parent", PHANDLE_GIC);
	add_chosen(&w, p);
	add_memory(&w, p);
	add_cpus(&w, p);
	add_psci(&w);
	add_gic(&w);
	add_timer(&w, p);
	add_clock(&w);
	add_uart(&w);
	add_rtc(&w);
	add_virtio(&w);
	end_node(&w);
	if (!w.err)
		w.err = fdt_finish(buf);
	if (w.err == -FDT_ERR_NOSPACE)
		return -E2BIG;
	return w.err ? -EINVAL : 0;
}
