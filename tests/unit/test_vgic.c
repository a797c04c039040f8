/*
 * vdev/vgic_dist.c, the guest's GICv2 distributor, against a model written
 * here from the GIC Architecture Specification v2 (IHI 0048B, 4.3). The
 * register offsets and bit positions are spelled out here, not taken from
 * hyp7's code, so a wrong constant there shows up. The VM is a fake: a
 * struct vm and 1 to 8 struct vcpu allocated here, with nothing else of
 * hyp7 linked in.
 *
 * Where the specification leaves a choice, the model takes the one the
 * emulation documents, and says so: SGIs always enabled (as the GIC-400),
 * 8 priority bits, PPI configuration programmable, halfword and unaligned
 * accesses decoded by the register of their first byte, the reserved
 * GICD_SGIR filter taken as the target list.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "run_suite.h"
#include <hyp7/vgic.h>
#include <hyp7/virt7.h>
#include <hyp7/vm.h>

/* Distributor register map (GICv2 4.1.2, Table 4-1). */
#define CTLR 0x000
#define TYPER 0x004
#define IIDR 0x008
#define IGROUPR 0x080
#define ISENABLER 0x100
#define ICENABLER 0x180
#define ISPENDR 0x200
#define ICPENDR 0x280
#define ISACTIVER 0x300
#define ICACTIVER 0x380
#define IPRIORITYR 0x400
#define ITARGETSR 0x800
#define ICFGR 0xc00
#define SGIR 0xf00
#define CPENDSGIR 0xf10
#define SPENDSGIR 0xf20
#define PIDR2 0xfe8
/* Each bank of one-bit registers covers up to 1024 interrupts: 32 words. */
#define BIT_BANK_SIZE 0x80
/* IPRIORITYR and ITARGETSR: a byte per interrupt. */
#define BYTE_BANK_SIZE 0x400
/* ICFGR: two bits per interrupt. */
#define ICFGR_BANK_SIZE 0x100

#define TYPER_ITLINES(v) ((v) & 0x1f)
#define TYPER_CPUS(v) (((v) >> 5) & 7)
#define TYPER_SECURITY_EXTN (1u << 10)
#define IIDR_IMPLEMENTER(v) ((v) & 0xfff)
#define IIDR_PRODUCT(v) ((v) >> 24)
#define JEP106_ARM 0x43b
#define GIC400_PRODUCT_ID 0x02
#define PIDR2_ARCHREV(v) (((v) >> 4) & 0xf)
#define SGIR_FILTER_SHIFT 24
#define SGIR_LIST_SHIFT 16
#define SGIR_INTID_MASK 0xf
#define ICFGR_EDGE 2 /* Int_config[1] */

#define NR_SGIS 16
#define NR_PRIVATE 32
#define NR_IRQS VGIC_NR_IRQS /* the configuration under test */
#define NR_SPIS (NR_IRQS - NR_PRIVATE)
#define MAX_CPUS VM_MAX_VCPUS

/* Assertions in the random runs: check's ck_assert*() are too slow for millions. */
#define REQUIRE(cond, ...)                     \
	do {                                   \
		if (!(cond))                   \
			ck_abort_msg(__VA_ARGS__); \
	} while (0)

/*
 * The reference model: one interrupt's state, as the specification
 * describes it. An SGI is pending per source CPU (4.3.17): sources, one
 * bit each; the others have pending.
 */
struct model_irq {
	bool enabled, pending, active;
	u8 priority, targets, config, sources;
};

struct model {
	unsigned int nr_cpus;
	bool enabled;
	struct model_irq banked[MAX_CPUS][NR_PRIVATE];
	struct model_irq spi[NR_SPIS];
};

struct fake {
	struct vm vm;
	struct vcpu vcpu[MAX_CPUS];
	struct model model;
};

static struct fake *f;

/*
 * Distributor off, every interrupt disabled, inactive, not pending, at
 * priority 0, level-sensitive and targeting no CPU; SGIs enabled (as the
 * GIC-400) and edge-triggered.
 */
static void model_reset(struct model *m, unsigned int nr_cpus)
{
	unsigned int cpu, id;

	memset(m, 0, sizeof(*m));
	m->nr_cpus = nr_cpus;
	for (cpu = 0; cpu < nr_cpus; cpu++)
		for (id = 0; id < NR_SGIS; id++) {
			m->banked[cpu][id].enabled = true;
			m->banked[cpu][id].config = ICFGR_EDGE;
		}
}

static struct model_irq *model_irq(struct model *m, unsigned int cpu, unsigned int id)
{
	if (id < NR_PRIVATE)
		return &m->banked[cpu][id];
	if (id < NR_IRQS)
		return &m->spi[id - NR_PRIVATE];
	return NULL;
}

static bool within(u32 offset, u32 base, u32 size)
{
	return offset >= base && offset - base < size;
}

static bool model_pending(const struct model_irq *irq, unsigned int id)
{
	return id < NR_SGIS ? irq->sources != 0 : irq->pending;
}

/* The state a bank of one-bit-per-interrupt registers shows. */
static bool *bit_field(struct model_irq *irq, u32 bank)
{
	switch (bank) {
	case ISENABLER:
	case ICENABLER:
		return &irq->enabled;
	case ISPENDR:
	case ICPENDR:
		return &irq->pending;
	default:
		return &irq->active;
	}
}

static u32 model_bits(struct model *m, unsigned int cpu, u32 offset, u32 bank, bool write, u32 val)
{
	/*
	 * SGIs: always enabled (IMPLEMENTATION DEFINED, 4.3.5); their pending
	 * bits are read-only here (4.3.7, 4.3.8); active bits are writable.
	 */
	bool sgi_writable = bank == ISACTIVER || bank == ICACTIVER;
	bool set = bank == ISENABLER || bank == ISPENDR || bank == ISACTIVER;
	u32 first = (offset - bank) * 8, result = 0;
	unsigned int x;

	for (x = 0; x < 32; x++) {
		struct model_irq *irq = model_irq(m, cpu, first + x);

		if (!irq)
			continue;
		if (!write && (bank == ISPENDR || bank == ICPENDR ? model_pending(irq, first + x) :
								     *bit_field(irq, bank)))
			result |= 1u << x;
		if (write && (val >> x & 1) && (first + x >= NR_SGIS || sgi_writable))
			*bit_field(irq, bank) = set;
	}
	return result;
}

static void model_sgir(struct model *m, unsigned int cpu, u32 val)
{
	u32 targets = (val >> SGIR_LIST_SHIFT) & 0xff;
	unsigned int c;

	switch ((val >> SGIR_FILTER_SHIFT) & 3) {
	case 1: /* all but the requester */
		targets = 0xff & ~(1u << cpu);
		break;
	case 2: /* the requester only */
		targets = 1u << cpu;
		break;
	}
	for (c = 0; c < m->nr_cpus; c++)
		if (targets >> c & 1)
			m->banked[c][val & SGIR_INTID_MASK].sources |= 1u << cpu;
}

/* A byte lane of IPRIORITYR or ITARGETSR. */
static u8 model_byte(struct model *m, unsigned int cpu, u32 bank, u32 id, bool write, u8 val)
{
	struct model_irq *irq = model_irq(m, cpu, id);
	u8 implemented_cpus = (1u << m->nr_cpus) - 1;

	if (!irq)
		return 0;
	if (bank == IPRIORITYR) {
		if (write)
			irq->priority = val;
		return irq->priority;
	}
	/* SGIs' and PPIs' targets read as the reader itself, read-only (4.3.12). */
	if (id < NR_PRIVATE)
		return 1u << cpu;
	/* Bits of CPU interfaces that are not there are RAZ/WI. */
	if (write)
		irq->targets = val & implemented_cpus;
	return irq->targets;
}

/* What the distributor answers, and what it does, for one access. */
static u32 model_access(struct model *m, unsigned int cpu, u32 offset, unsigned int size, bool write,
			u32 val)
{
	u32 result = 0;
	unsigned int i;

	if (within(offset, IPRIORITYR, BYTE_BANK_SIZE) || within(offset, ITARGETSR, BYTE_BANK_SIZE)) {
		u32 bank = offset < ITARGETSR ? IPRIORITYR : ITARGETSR;

		for (i = 0; i < size; i++)
			result |= (u32)model_byte(m, cpu, bank, offset - bank + i, write, val >> (8 * i))
				  << (8 * i);
		return write ? 0 : result;
	}
	/* A byte per SGI, a bit per source CPU, byte-accessible (4.3.17, 4.3.18). */
	if (within(offset, CPENDSGIR, 16) || within(offset, SPENDSGIR, 16)) {
		u32 bank = offset < SPENDSGIR ? CPENDSGIR : SPENDSGIR;

		for (i = 0; i < size; i++) {
			u32 id = offset - bank + i;
			u8 byte = (u8)(val >> (8 * i));
			struct model_irq *irq = &m->banked[cpu][id % NR_SGIS];

			if (id >= NR_SGIS)
				continue;
			if (write && bank == SPENDSGIR)
				irq->sources |= byte & ((1u << m->nr_cpus) - 1);
			else if (write)
				irq->sources &= ~byte;
			result |= (u32)irq->sources << (8 * i);
		}
		return write ? 0 : result;
	}
	/* Every other register is word-accessible only. */
	if (size != 4 || (offset & 3))
		return 0;
	if (offset >= ISENABLER && offset < IPRIORITYR) {
		result = model_bits(m, cpu, offset, offset & ~(BIT_BANK_SIZE - 1), write, val);
		return write ? 0 : result;
	}
	if (within(offset, ICFGR, ICFGR_BANK_SIZE)) {
		for (i = 0; i < 16; i++) {
			u32 id = (offset - ICFGR) * 4 + i;
			struct model_irq *irq = model_irq(m, cpu, id);

			if (!irq)
				continue;
			/* Int_config of SGIs is read-only (4.3.13). */
			if (write && id >= NR_SGIS)
				irq->config = (val >> (2 * i)) & 3;
			result |= (u32)irq->config << (2 * i);
		}
		return write ? 0 : result;
	}
	switch (offset) {
	case CTLR:
		if (write)
			m->enabled = val & 1;
		return write ? 0 : m->enabled;
	case TYPER:
		return write ? 0 : (NR_IRQS / 32 - 1) | (m->nr_cpus - 1) << 5;
	case IIDR:
		return write ? 0 : 0x0200043b; /* GIC-400 */
	case PIDR2:
		return write ? 0 : 0x2b;
	case SGIR:
		if (write)
			model_sgir(m, cpu, val);
		return 0;
	}
	return 0;
}

static void setup_vm(unsigned int nr_cpus)
{
	unsigned int i;

	memset(f, 0, sizeof(*f));
	f->vm.nr_vcpus = nr_cpus;
	for (i = 0; i < nr_cpus; i++) {
		f->vcpu[i].vm = &f->vm;
		f->vcpu[i].id = i;
		f->vm.vcpus[i] = &f->vcpu[i];
		vgic_vcpu_init(&f->vcpu[i]);
	}
	model_reset(&f->model, nr_cpus);
}

static void setup(void)
{
	f = calloc(1, sizeof(*f));
	ck_assert_ptr_nonnull(f);
	setup_vm(4);
}

static void teardown(void)
{
	free(f);
}

static u32 emu_read(unsigned int cpu, u32 offset, u8 size)
{
	u32 data = 0xdeadbeef;

	vgic_dist_access(&f->vcpu[cpu], offset, size, false, &data);
	return data;
}

static void emu_write(unsigned int cpu, u32 offset, u8 size, u32 val)
{
	vgic_dist_access(&f->vcpu[cpu], offset, size, true, &val);
}

/* The same access to both; a read must get the same answer. */
static u32 access_both(unsigned int cpu, u32 offset, u8 size, bool write, u32 val)
{
	u32 want = model_access(&f->model, cpu, offset, size, write, val);
	u32 got;

	if (write) {
		emu_write(cpu, offset, size, val);
		return 0;
	}
	got = emu_read(cpu, offset, size);
	REQUIRE(got == want, "vcpu%u read of %u bytes at %#x: %#x, the model says %#x", cpu, size, offset,
		got, want);
	return got;
}

static void write_both(unsigned int cpu, u32 offset, u32 val)
{
	access_both(cpu, offset, 4, true, val);
}

static u32 read_both(unsigned int cpu, u32 offset)
{
	return access_both(cpu, offset, 4, false, 0);
}

/* The emulation's state, interrupt by interrupt, against the model's. */
static void require_same_state(const char *when)
{
	unsigned int cpu, id;

	REQUIRE(f->vm.vgic.enabled == f->model.enabled, "%s: GICD_CTLR.Enable %d, model %d", when,
		f->vm.vgic.enabled, f->model.enabled);
	for (cpu = 0; cpu < f->model.nr_cpus; cpu++)
		for (id = 0; id < NR_IRQS; id++) {
			const struct vgic_irq *e = vgic_irq(&f->vcpu[cpu], id);
			const struct model_irq *m = model_irq(&f->model, cpu, id);

			if (id >= NR_PRIVATE && cpu)
				continue; /* shared: seen from vcpu0 */
			REQUIRE(e->enabled == m->enabled && vgic_irq_pending(e) == model_pending(m, id) &&
					e->active == m->active && e->priority == m->priority &&
					e->config == m->config && e->sources == m->sources,
				"%s: vcpu%u irq %u: enabled/pending/active/priority/config/sources "
				"%d/%d/%d/%#x/%u/%#x, model %d/%d/%d/%#x/%u/%#x",
				when, cpu, id, e->enabled, vgic_irq_pending(e), e->active, e->priority, e->config,
				e->sources, m->enabled, model_pending(m, id), m->active, m->priority, m->config,
				m->sources);
			REQUIRE(id < NR_PRIVATE || e->targets == m->targets, "%s: irq %u targets %#x, model %#x",
				when, id, e->targets, m->targets);
		}
}

/* Every word of the distributor's page, read by every vCPU, as the model says. */
static void require_same_registers(void)
{
	unsigned int cpu;
	u32 offset;

	for (cpu = 0; cpu < f->model.nr_cpus; cpu++)
		for (offset = 0; offset < 0x1000; offset += 4)
			read_both(cpu, offset);
}

/* A copy of the whole distributor state, to see that an access changed nothing. */
struct snapshot {
	struct vgic_dist dist;
	struct vgic_cpu cpu[MAX_CPUS];
};

static void take_snapshot(struct snapshot *s)
{
	unsigned int i;

	memset(s, 0, sizeof(*s));
	s->dist = f->vm.vgic;
	for (i = 0; i < f->vm.nr_vcpus; i++)
		s->cpu[i] = f->vcpu[i].vgic;
}

static bool unchanged_since(const struct snapshot *s)
{
	struct snapshot now;

	take_snapshot(&now);
	return !memcmp(&now, s, sizeof(now));
}

/* xorshift32: the same sequence on every run and every host. */
static u32 rng_state;

static u32 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* Some state everywhere, so that an access that should change nothing would show. */
static void scramble(void)
{
	u32 offset;

	for (offset = ISENABLER; offset < ICFGR + ICFGR_BANK_SIZE; offset += 4)
		if (!within(offset, ICENABLER, BIT_BANK_SIZE) && !within(offset, ICPENDR, BIT_BANK_SIZE) &&
		    !within(offset, ICACTIVER, BIT_BANK_SIZE))
			write_both(offset % f->model.nr_cpus, offset, rng());
	write_both(0, CTLR, 1);
	write_both(0, SGIR, 1u << SGIR_FILTER_SHIFT | 5);
	require_same_state("after scramble");
}

START_TEST(test_ctlr_enable_bit)
{
	ck_assert_uint_eq(emu_read(0, CTLR, 4), 0);
	emu_write(1, CTLR, 4, 0xffffffff);
	/* Only Enable, bit 0, exists without the Security Extensions (4.3.1); one for all CPUs. */
	ck_assert_uint_eq(emu_read(0, CTLR, 4), 1);
	ck_assert_uint_eq(emu_read(3, CTLR, 4), 1);
	ck_assert(f->vm.vgic.enabled);
	emu_write(2, CTLR, 4, 0xfffffffe);
	ck_assert_uint_eq(emu_read(1, CTLR, 4), 0);
	ck_assert(!f->vm.vgic.enabled);
}
END_TEST

START_TEST(test_typer_for_each_vcpu_count)
{
	unsigned int nr_cpus = _i, cpu;

	setup_vm(nr_cpus);
	for (cpu = 0; cpu < nr_cpus; cpu++) {
		u32 typer = emu_read(cpu, TYPER, 4);

		/* 32 * (ITLinesNumber + 1) interrupts; CPUNumber is the count minus one (4.3.2). */
		ck_assert_uint_eq(32 * (TYPER_ITLINES(typer) + 1), NR_IRQS);
		ck_assert_uint_eq(TYPER_CPUS(typer), nr_cpus - 1);
		ck_assert_uint_eq(typer & TYPER_SECURITY_EXTN, 0);
		ck_assert_uint_eq(typer >> 11, 0); /* LSPI and reserved */
		emu_write(cpu, TYPER, 4, ~typer);
		ck_assert_uint_eq(emu_read(cpu, TYPER, 4), typer);
	}
}
END_TEST

START_TEST(test_iidr_and_pidr2)
{
	u32 iidr = emu_read(0, IIDR, 4);

	/* ARM's JEP106 code, and the GIC-400's product ID (4.3.3, GIC-400 TRM). */
	ck_assert_uint_eq(IIDR_IMPLEMENTER(iidr), JEP106_ARM);
	ck_assert_uint_eq(IIDR_PRODUCT(iidr), GIC400_PRODUCT_ID);
	ck_assert_uint_eq(PIDR2_ARCHREV(emu_read(2, PIDR2, 4)), 2);
	emu_write(0, IIDR, 4, 0);
	emu_write(0, PIDR2, 4, 0);
	ck_assert_uint_eq(emu_read(1, IIDR, 4), iidr);
	ck_assert_uint_eq(PIDR2_ARCHREV(emu_read(2, PIDR2, 4)), 2);
}
END_TEST

START_TEST(test_enable_set_and_clear)
{
	/* SGIs are enabled from reset and stay so (IMPLEMENTATION DEFINED, as the GIC-400). */
	ck_assert_uint_eq(emu_read(1, ISENABLER, 4), 0x0000ffff);
	emu_write(1, ISENABLER, 4, 0x08000100);
	ck_assert_uint_eq(emu_read(1, ISENABLER, 4), 0x0800ffff);
	ck_assert_uint_eq(emu_read(1, ICENABLER, 4), 0x0800ffff);
	/* Banked: another vCPU's PPI 27 is not enabled. */
	ck_assert_uint_eq(emu_read(0, ISENABLER, 4), 0x0000ffff);
	/* Zeros are ignored both ways. */
	emu_write(1, ISENABLER, 4, 0);
	emu_write(1, ICENABLER, 4, 0);
	ck_assert_uint_eq(emu_read(1, ISENABLER, 4), 0x0800ffff);
	emu_write(1, ICENABLER, 4, 0xffffffff);
	ck_assert_uint_eq(emu_read(1, ISENABLER, 4), 0x0000ffff);

	/* SPIs: one state, whichever vCPU writes or reads. */
	emu_write(0, ISENABLER + 4, 4, 0x80000001);
	emu_write(2, ISENABLER + 8, 4, 0x00010000);
	ck_assert_uint_eq(emu_read(3, ICENABLER + 4, 4), 0x80000001);
	emu_write(3, ICENABLER + 4, 4, 0x00000001);
	ck_assert_uint_eq(emu_read(1, ISENABLER + 4, 4), 0x80000000);
	ck_assert_uint_eq(emu_read(1, ISENABLER + 8, 4), 0x00010000);
	ck_assert(vgic_irq(&f->vcpu[0], 63)->enabled && vgic_irq(&f->vcpu[2], 80)->enabled);

	/* Interrupts 96 and up are not implemented: RAZ/WI. */
	emu_write(0, ISENABLER + 12, 4, 0xffffffff);
	ck_assert_uint_eq(emu_read(0, ISENABLER + 12, 4), 0);
}
END_TEST

START_TEST(test_pending_set_and_clear)
{
	ck_assert_uint_eq(emu_read(2, ISPENDR, 4), 0);
	/* An SGI's pending bits are read-only here (4.3.7): GICD_SGIR or GICD_SPENDSGIR set them. */
	emu_write(2, ISPENDR, 4, 0xffffffff);
	ck_assert_uint_eq(emu_read(2, ISPENDR, 4), 0xffff0000);
	ck_assert_uint_eq(emu_read(2, ICPENDR, 4), 0xffff0000);
	ck_assert_uint_eq(emu_read(1, ISPENDR, 4), 0); /* banked */
	emu_write(2, SGIR, 4, 2u << SGIR_FILTER_SHIFT | 9);
	ck_assert_uint_eq(emu_read(2, ISPENDR, 4), 0xffff0200);
	emu_write(2, ICPENDR, 4, 0xfff0ffff);
	ck_assert_uint_eq(emu_read(2, ISPENDR, 4), 0x000f0200);
	emu_write(2, ICPENDR, 4, 0);
	ck_assert_uint_eq(emu_read(2, ISPENDR, 4), 0x000f0200);

	emu_write(0, ISPENDR + 8, 4, 0x0000f00f);
	ck_assert_uint_eq(emu_read(3, ISPENDR + 8, 4), 0x0000f00f);
	emu_write(1, ICPENDR + 8, 4, 0x00000003);
	ck_assert_uint_eq(emu_read(2, ICPENDR + 8, 4), 0x0000f00c);
	ck_assert(vgic_irq_pending(vgic_irq(&f->vcpu[3], 66)) && !vgic_irq_pending(vgic_irq(&f->vcpu[3], 64)));
	emu_write(0, ISPENDR + 12, 4, 0xffffffff);
	ck_assert_uint_eq(emu_read(0, ISPENDR + 12, 4), 0);
}
END_TEST

START_TEST(test_active_set_and_clear)
{
	/* Active bits are writable for SGIs too (4.3.9, 4.3.10). */
	emu_write(3, ISACTIVER, 4, 0x00010001);
	ck_assert_uint_eq(emu_read(3, ISACTIVER, 4), 0x00010001);
	ck_assert_uint_eq(emu_read(0, ISACTIVER, 4), 0);
	emu_write(3, ICACTIVER, 4, 0x00000001);
	ck_assert_uint_eq(emu_read(3, ICACTIVER, 4), 0x00010000);
	emu_write(3, ISACTIVER, 4, 0);
	ck_assert_uint_eq(emu_read(3, ISACTIVER, 4), 0x00010000);

	emu_write(1, ISACTIVER + 4, 4, 0xa5a5a5a5);
	emu_write(2, ICACTIVER + 4, 4, 0x0000ffff);
	ck_assert_uint_eq(emu_read(0, ISACTIVER + 4, 4), 0xa5a50000);
	emu_write(0, ISACTIVER + 16, 4, 0xffffffff);
	ck_assert_uint_eq(emu_read(0, ICACTIVER + 16, 4), 0);
}
END_TEST

START_TEST(test_priority_bytes_and_words)
{
	unsigned int id;

	/* A byte per interrupt, byte- and word-accessible (4.3.11). */
	emu_write(0, IPRIORITYR + 32, 4, 0x44332211);
	for (id = 32; id < 36; id++)
		ck_assert_uint_eq(emu_read(1, IPRIORITYR + id, 1), 0x11 * (id - 31));
	emu_write(2, IPRIORITYR + 34, 1, 0xa0);
	ck_assert_uint_eq(emu_read(3, IPRIORITYR + 32, 4), 0x44a02211);
	ck_assert_uint_eq(vgic_irq(&f->vcpu[0], 34)->priority, 0xa0);

	/* Banked for SGIs and PPIs. */
	emu_write(1, IPRIORITYR + 27, 1, 0xf0);
	ck_assert_uint_eq(emu_read(1, IPRIORITYR + 24, 4), 0xf0000000);
	ck_assert_uint_eq(emu_read(0, IPRIORITYR + 24, 4), 0);

	/* The last implemented one, and past it. */
	emu_write(0, IPRIORITYR + NR_IRQS - 4, 4, 0x80706050);
	ck_assert_uint_eq(emu_read(0, IPRIORITYR + NR_IRQS - 1, 1), 0x80);
	emu_write(0, IPRIORITYR + NR_IRQS, 4, 0xffffffff);
	ck_assert_uint_eq(emu_read(0, IPRIORITYR + NR_IRQS, 4), 0);
	ck_assert_uint_eq(emu_read(0, IPRIORITYR + BYTE_BANK_SIZE - 4, 4), 0);
}
END_TEST

START_TEST(test_targets)
{
	unsigned int cpu;
	u32 offset;

	/* SGIs and PPIs: read-only, each byte the reading CPU's own bit (4.3.12). */
	for (cpu = 0; cpu < 4; cpu++)
		for (offset = ITARGETSR; offset < ITARGETSR + NR_PRIVATE; offset += 4) {
			emu_write(cpu, offset, 4, 0xffffffff);
			ck_assert_uint_eq(emu_read(cpu, offset, 4), 0x01010101u << cpu);
			ck_assert_uint_eq(emu_read(cpu, offset + 1, 1), 1u << cpu);
		}

	/* SPIs: read-write, byte or word, shared. */
	emu_write(0, ITARGETSR + 32, 4, 0x08040201);
	ck_assert_uint_eq(emu_read(3, ITARGETSR + 32, 4), 0x08040201);
	emu_write(3, ITARGETSR + 33, 1, 0x0c);
	ck_assert_uint_eq(emu_read(1, ITARGETSR + 32, 4), 0x08040c01);
	ck_assert_uint_eq(vgic_irq(&f->vcpu[2], 33)->targets, 0x0c);
	/* With four CPU interfaces, bits 4-7 are RAZ/WI. */
	emu_write(0, ITARGETSR + 40, 4, 0xffffffff);
	ck_assert_uint_eq(emu_read(0, ITARGETSR + 40, 4), 0x0f0f0f0f);
	emu_write(0, ITARGETSR + NR_IRQS, 4, 0xffffffff);
	ck_assert_uint_eq(emu_read(0, ITARGETSR + NR_IRQS, 4), 0);
}
END_TEST

START_TEST(test_icfgr)
{
	/* SGIs: read-only, edge-triggered (4.3.13). */
	ck_assert_uint_eq(emu_read(0, ICFGR, 4), 0xaaaaaaaa);
	emu_write(0, ICFGR, 4, 0);
	ck_assert_uint_eq(emu_read(0, ICFGR, 4), 0xaaaaaaaa);

	/* PPIs: programmable here (IMPLEMENTATION DEFINED) and banked. */
	emu_write(1, ICFGR + 4, 4, 0x80000002);
	ck_assert_uint_eq(emu_read(1, ICFGR + 4, 4), 0x80000002);
	ck_assert_uint_eq(emu_read(0, ICFGR + 4, 4), 0);

	/* SPIs: programmable and shared; 96 and up RAZ/WI. */
	emu_write(2, ICFGR + 8, 4, 0x2000000a);
	emu_write(2, ICFGR + 20, 4, 0xaaaaaaaa);
	ck_assert_uint_eq(emu_read(3, ICFGR + 8, 4), 0x2000000a);
	ck_assert_uint_eq(emu_read(3, ICFGR + 20, 4), 0xaaaaaaaa);
	ck_assert_uint_eq(vgic_irq(&f->vcpu[0], 95)->config, ICFGR_EDGE);
	emu_write(2, ICFGR + 24, 4, 0xffffffff);
	ck_assert_uint_eq(emu_read(2, ICFGR + 24, 4), 0);
}
END_TEST

static u32 sgi_pending(unsigned int cpu)
{
	return emu_read(cpu, ISPENDR, 4) & 0xffff;
}

START_TEST(test_sgir_filters)
{
	/* Target list: vcpu0 and vcpu2, from vcpu3 (4.3.15). */
	emu_write(3, SGIR, 4, 0x05u << SGIR_LIST_SHIFT | 7);
	ck_assert_uint_eq(sgi_pending(0), 1u << 7);
	ck_assert_uint_eq(sgi_pending(1), 0);
	ck_assert_uint_eq(sgi_pending(2), 1u << 7);
	ck_assert_uint_eq(sgi_pending(3), 0);
	/* All but the requester. */
	emu_write(1, SGIR, 4, 1u << SGIR_FILTER_SHIFT | 0xffu << SGIR_LIST_SHIFT | 3);
	ck_assert_uint_eq(sgi_pending(0), 1u << 7 | 1u << 3);
	ck_assert_uint_eq(sgi_pending(1), 0);
	ck_assert_uint_eq(sgi_pending(2), 1u << 7 | 1u << 3);
	ck_assert_uint_eq(sgi_pending(3), 1u << 3);
	/* The requester only, whatever the list. */
	emu_write(2, SGIR, 4, 2u << SGIR_FILTER_SHIFT | 0x01u << SGIR_LIST_SHIFT | 15);
	ck_assert_uint_eq(sgi_pending(0), 1u << 7 | 1u << 3);
	ck_assert_uint_eq(sgi_pending(2), 1u << 15 | 1u << 7 | 1u << 3);
	/* Targets that are not there, an empty list, NSATT: nothing, or nothing more. */
	emu_write(0, SGIR, 4, 0xf0u << SGIR_LIST_SHIFT | 1);
	emu_write(0, SGIR, 4, 1u << 15 | 0);
	ck_assert_uint_eq(sgi_pending(0) | sgi_pending(1) | sgi_pending(3), 1u << 7 | 1u << 3);
	/* Write-only, and word-only like the others. */
	ck_assert_uint_eq(emu_read(0, SGIR, 4), 0);
	emu_write(0, SGIR, 1, 2u << SGIR_FILTER_SHIFT | 4);
	emu_write(0, SGIR, 2, 2u << SGIR_FILTER_SHIFT | 4);
	ck_assert_uint_eq(sgi_pending(0), 1u << 7 | 1u << 3);
	/* Pending from vcpu2 itself, where the list registers are filled from. */
	ck_assert_uint_eq(f->vcpu[2].vgic.private_irqs[15].sources, 1u << 2);
}
END_TEST

/*
 * The same SGI from two vCPUs is pending twice, once per source (4.3.17):
 * GICD_SPENDSGIRn and GICD_CPENDSGIRn show and change each, byte by byte.
 */
START_TEST(test_sgi_sources)
{
	emu_write(1, SGIR, 4, 0x01u << SGIR_LIST_SHIFT | 6);
	emu_write(3, SGIR, 4, 0x01u << SGIR_LIST_SHIFT | 6);
	ck_assert_uint_eq(emu_read(0, SPENDSGIR + 4, 4), (1u << 1 | 1u << 3) << 16);
	ck_assert_uint_eq(emu_read(0, CPENDSGIR + 6, 1), 1u << 1 | 1u << 3);
	ck_assert_uint_eq(emu_read(1, SPENDSGIR + 4, 4), 0); /* banked */
	emu_write(0, CPENDSGIR + 6, 1, 1u << 3);
	ck_assert_uint_eq(emu_read(0, SPENDSGIR + 6, 1), 1u << 1);
	ck_assert_uint_eq(sgi_pending(0), 1u << 6);
	emu_write(0, CPENDSGIR + 6, 1, 1u << 1);
	ck_assert_uint_eq(sgi_pending(0), 0);
	/* Set from sources that exist only: vcpu0-3 of four. */
	emu_write(2, SPENDSGIR, 2, 0xffff);
	ck_assert_uint_eq(emu_read(2, SPENDSGIR, 4), 0x0f0f);
	ck_assert_uint_eq(sgi_pending(2), 3);
	ck_assert_uint_eq(f->vcpu[2].vgic.private_irqs[1].sources, 0xf);
}
END_TEST

/* Registers or ranges that hold nothing here: each reads as zero and ignores writes. */
static const struct { u32 start, end; } raz_wi[] = {
	{ 0x00c, IGROUPR },                          /* reserved, IMPLEMENTATION DEFINED */
	{ IGROUPR, ISENABLER },                      /* groups are not emulated: all Group 0 */
	{ ISENABLER + NR_IRQS / 8, ICENABLER },      /* interrupts 96 and up */
	{ ICENABLER + NR_IRQS / 8, ISPENDR },
	{ ISPENDR + NR_IRQS / 8, ICPENDR },
	{ ICPENDR + NR_IRQS / 8, ISACTIVER },
	{ ISACTIVER + NR_IRQS / 8, ICACTIVER },
	{ ICACTIVER + NR_IRQS / 8, IPRIORITYR },
	{ IPRIORITYR + NR_IRQS, IPRIORITYR + BYTE_BANK_SIZE },
	{ ITARGETSR + NR_IRQS, ITARGETSR + BYTE_BANK_SIZE },
	{ ICFGR + NR_IRQS / 4, SGIR },               /* and the reserved space after GICD_ICFGRn */
	{ SGIR + 4, CPENDSGIR },                     /* reserved */
	{ SPENDSGIR + 16, PIDR2 },                   /* reserved, the other ID registers */
	{ PIDR2 + 4, VIRT7_GICD_SIZE },              /* the other ID registers, the frame's rest */
};

START_TEST(test_unimplemented_and_reserved_raz_wi)
{
	static const u8 sizes[] = { 1, 2, 4 };
	struct snapshot before;
	unsigned int r, s;
	u32 offset;

	rng_state = 0x1234567;
	scramble();
	take_snapshot(&before);
	for (r = 0; r < ARRAY_SIZE(raz_wi); r++)
		for (offset = raz_wi[r].start; offset < raz_wi[r].end; offset++)
			for (s = 0; s < ARRAY_SIZE(sizes); s++) {
				u32 cpu = offset % 4;

				/* An access from here that would reach into the next register is not one. */
				if (offset + sizes[s] > raz_wi[r].end && raz_wi[r].end != VIRT7_GICD_SIZE)
					continue;
				emu_write(cpu, offset, sizes[s], 0xffffffff);
				emu_write(cpu, offset, sizes[s], 0);
				REQUIRE(emu_read(cpu, offset, sizes[s]) == 0, "%u bytes at %#x read %#x", sizes[s],
					offset, emu_read(cpu, offset, sizes[s]));
				REQUIRE(unchanged_since(&before), "a write of %u bytes at %#x changed the state",
					sizes[s], offset);
			}
}
END_TEST

/* The word-only registers, each accessed with the wrong size or alignment. */
static const u32 word_registers[] = {
	CTLR, TYPER, IIDR, ISENABLER, ISENABLER + 4, ICENABLER, ICENABLER + 8, ISPENDR + 4,
	ICPENDR + 8, ISACTIVER, ICACTIVER + 4, ICFGR + 4, ICFGR + 12, SGIR, PIDR2,
};

START_TEST(test_wrong_size_ignored)
{
	struct snapshot before;
	unsigned int r, byte;

	rng_state = 0x89abcdef;
	scramble();
	take_snapshot(&before);
	for (r = 0; r < ARRAY_SIZE(word_registers); r++)
		for (byte = 0; byte < 4; byte++) {
			u32 offset = word_registers[r] + byte;

			emu_write(1, offset, 1, 0xff);
			if (byte % 2 == 0)
				emu_write(1, offset, 2, 0xffff);
			if (byte)
				emu_write(1, offset, 4, 0xffffffff); /* unaligned */
			REQUIRE(unchanged_since(&before), "a narrow or unaligned write at %#x changed the state",
				offset);
			REQUIRE(emu_read(1, offset, 1) == 0, "byte read at %#x", offset);
			REQUIRE(byte % 2 || emu_read(1, offset, 2) == 0, "halfword read at %#x", offset);
			REQUIRE(!byte || emu_read(1, offset, 4) == 0, "unaligned read at %#x", offset);
		}
}
END_TEST

/* Every offset of the 64 KiB frame, every size, read and written: the emulation as the model. */
START_TEST(test_whole_frame_against_model)
{
	static const u8 sizes[] = { 1, 2, 4 };
	unsigned int s;
	u32 offset;

	setup_vm(3);
	rng_state = 0x2468ace1;
	scramble();
	for (offset = 0; offset < VIRT7_GICD_SIZE; offset++)
		for (s = 0; s < ARRAY_SIZE(sizes); s++) {
			unsigned int cpu = rng() % 3;
			u32 val = rng();

			access_both(cpu, offset, sizes[s], false, 0);
			/* Not GICD_SGIR every time, or every SGI ends up pending. */
			if (offset != SGIR || rng() % 16 == 0)
				access_both(cpu, offset, sizes[s], true, val);
			access_both(cpu, offset, sizes[s], false, 0);
			if (offset % 64 == 0)
				require_same_state("sweep");
		}
	require_same_state("after the sweep");
	require_same_registers();
}
END_TEST

/* A random access, most often to an implemented register. */
static void random_access(void)
{
	static const u32 banks[] = { ISENABLER, ICENABLER, ISPENDR, ICPENDR, ISACTIVER, ICACTIVER };
	static const u8 sizes[] = { 1, 2, 4 };
	unsigned int cpu = rng() % f->model.nr_cpus;
	bool write = rng() & 1;
	u32 val = rng(), offset;
	u8 size = 4;

	switch (rng() % 8) {
	case 0:
	case 1: /* a one-bit register, sometimes past the implemented ones */
		offset = banks[rng() % ARRAY_SIZE(banks)] + 4 * (rng() % 4);
		/* Sparse bits, or the clear registers wipe everything out. */
		val &= rng() & rng();
		break;
	case 2:
	case 3: /* a byte of priority or targets, any size, any alignment */
		offset = (rng() & 1 ? IPRIORITYR : ITARGETSR) + rng() % (NR_IRQS + 8);
		size = sizes[rng() % ARRAY_SIZE(sizes)];
		break;
	case 4:
		offset = ICFGR + 4 * (rng() % 8);
		break;
	case 5: /* any filter, the reserved one included, any list */
		offset = SGIR;
		break;
	case 6:
		offset = rng() & 1 ? 4 * (rng() % 3) /* CTLR, TYPER, IIDR */ :
				     (rng() & 1 ? CPENDSGIR : SPENDSGIR) + rng() % 16;
		size = offset < CPENDSGIR ? 4 : sizes[rng() % ARRAY_SIZE(sizes)];
		break;
	default: /* anything, anywhere */
		offset = rng() % VIRT7_GICD_SIZE;
		size = sizes[rng() % ARRAY_SIZE(sizes)];
		break;
	}
	access_both(cpu, offset, size, write, val);
}

/*
 * What the CPU interface does when it takes the SGIs (vgic_flush() hands
 * them to the list registers): nothing else clears an SGI's pending state.
 */
static void take_sgis(void)
{
	unsigned int cpu, id;

	for (cpu = 0; cpu < f->model.nr_cpus; cpu++)
		for (id = 0; id < NR_SGIS; id++) {
			f->vcpu[cpu].vgic.private_irqs[id].sources = 0;
			f->model.banked[cpu][id].sources = 0;
		}
}

START_TEST(test_random_against_model)
{
	unsigned int nr_cpus = _i, n;

	setup_vm(nr_cpus);
	rng_state = 0x5eed0000 + nr_cpus;
	for (n = 0; n < 20000; n++) {
		random_access();
		require_same_state("random run");
		if (n % 100 == 0)
			take_sgis();
		if (n % 1000 == 0)
			require_same_registers();
	}
	require_same_registers();
}
END_TEST

START_TEST(test_vgic_irq_banks)
{
	/* The hardware side (vgic_flush) walks interrupts through this. */
	ck_assert_ptr_ne(vgic_irq(&f->vcpu[0], 5), vgic_irq(&f->vcpu[1], 5));
	ck_assert_ptr_ne(vgic_irq(&f->vcpu[0], NR_PRIVATE - 1), vgic_irq(&f->vcpu[1], NR_PRIVATE - 1));
	ck_assert_ptr_eq(vgic_irq(&f->vcpu[0], NR_PRIVATE), vgic_irq(&f->vcpu[3], NR_PRIVATE));
	ck_assert_ptr_eq(vgic_irq(&f->vcpu[0], NR_IRQS - 1), &f->vm.vgic.spis[NR_SPIS - 1]);
	ck_assert_ptr_null(vgic_irq(&f->vcpu[0], NR_IRQS));
	ck_assert_ptr_null(vgic_irq(&f->vcpu[0], 1023));
}
END_TEST

static Suite *vgic_suite(void)
{
	Suite *s = suite_create("vgic");
	TCase *tc = tcase_create("distributor");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_ctlr_enable_bit);
	tcase_add_loop_test(tc, test_typer_for_each_vcpu_count, 1, MAX_CPUS + 1);
	tcase_add_test(tc, test_iidr_and_pidr2);
	tcase_add_test(tc, test_enable_set_and_clear);
	tcase_add_test(tc, test_pending_set_and_clear);
	tcase_add_test(tc, test_active_set_and_clear);
	tcase_add_test(tc, test_priority_bytes_and_words);
	tcase_add_test(tc, test_targets);
	tcase_add_test(tc, test_icfgr);
	tcase_add_test(tc, test_sgir_filters);
	tcase_add_test(tc, test_sgi_sources);
	tcase_add_test(tc, test_unimplemented_and_reserved_raz_wi);
	tcase_add_test(tc, test_wrong_size_ignored);
	tcase_add_test(tc, test_whole_frame_against_model);
	tcase_add_loop_test(tc, test_random_against_model, 1, MAX_CPUS + 1);
	tcase_add_test(tc, test_vgic_irq_banks);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(vgic_suite());
}
