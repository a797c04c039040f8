/* The scripted CPU of fake_vcpu_arch.h. */
#include <stdlib.h>
#include <string.h>

#include <arch/kvm_exit.h>
#include <arch/preempt.h>
#include <arch/sysregs.h>
#include <hyp7/sched.h>
#include <hyp7/vcpu_arch.h>
#include "fake_vcpu_arch.h"

#define FAKE_RAM_BASE 0x40000000u
#define FAKE_UART_BASE 0x09000000u

u64 fake_now;
u32 fake_actlr;
u32 fake_flush_ticks_per_mib;
u64 fake_flushed_bytes;
unsigned int fake_exits_played;

static const struct fake_exit *script;
static unsigned int script_len;
static u64 slice_end;

void fake_script(const struct fake_exit *exits, unsigned int n)
{
	script = exits;
	script_len = n;
	fake_exits_played = 0;
}

void preempt_start_slice(void)
{
	slice_end = fake_now + FAKE_SLICE_TICKS;
}

bool preempt_slice_over(void)
{
	return fake_now >= slice_end;
}

bool preempt_irq(void)
{
	return fake_now >= slice_end;
}

u32 vcpu_arch_enter(struct vcpu *vcpu)
{
	const struct fake_exit *e;

	if (fake_exits_played == script_len) {
		fake_now = slice_end > fake_now ? slice_end : fake_now;
		return ARM_EXCEPTION_IRQ; /* the slice's timer */
	}
	e = &script[fake_exits_played++];
	fake_now += e->ticks;
	vcpu->fault.hsr = e->hsr;
	vcpu->fault.hxfar = e->hxfar;
	vcpu->fault.hpfar = e->hpfar;
	vcpu->fault.pc_par = PAR_F;
	return e->code;
}

unsigned int fake_this_cpu;
unsigned int fake_cpu_kicks[SCHED_MAX_CPUS];

unsigned int vcpu_arch_this_cpu(void)
{
	return fake_this_cpu;
}

void vcpu_arch_kick_cpu(unsigned int cpu)
{
	fake_cpu_kicks[cpu]++;
}

u64 vcpu_arch_counter(void)
{
	return fake_now;
}

u32 vcpu_arch_actlr(void)
{
	return fake_actlr;
}

u32 vcpu_arch_pmu_counters(void)
{
	return 6;
}

void vcpu_arch_dcache_flush(void *va, u32 size)
{
	(void)va;
	fake_flushed_bytes += size;
	fake_now += (u64)size * fake_flush_ticks_per_mib >> 20;
}

void *vm_ipa_to_va(const struct vm *vm, ipaddr_t ipa, u64 size)
{
	const struct vm_mem_region *r = &vm->mem[0];
	u64 offset = ipa_addr(ipa) - ipa_addr(r->base);

	if (ipa_addr(ipa) < ipa_addr(r->base) || offset >= r->size || size > r->size - offset)
		return NULL;
	return (u8 *)r->host_va + offset;
}

struct vm *fake_vm(unsigned int ram_mib, void *buf)
{
	struct vm *vm = calloc(1, sizeof(*vm));

	vm->mem[0] = (struct vm_mem_region){ ipa_init(FAKE_RAM_BASE), (u64)ram_mib << 20, buf };
	vm->nr_mem = 1;
	vm->mmio[0] = (struct vm_mmio_range){ ipa_init(FAKE_UART_BASE), 0x1000 };
	vm->nr_mmio = 1;
	vm->device_deadline = ~0ull;
	strcpy(vm->name, "test");
	return vm;
}

struct vcpu *fake_vcpu(struct vm *vm, unsigned int id)
{
	struct vcpu *vcpu = calloc(1, sizeof(*vcpu));

	vcpu->vm = vm;
	vcpu->id = id;
	vgic_vcpu_init(vcpu);
	vm->vcpus[vm->nr_vcpus++] = vcpu;
	vcpu_reset(vcpu, ipa_init(FAKE_RAM_BASE + 0x10000), ipa_init(FAKE_RAM_BASE));
	return vcpu;
}
