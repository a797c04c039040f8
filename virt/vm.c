/*
 * VM lifecycle: stage-2 tables, guest memory, emulated-device ranges and
 * vCPUs, and their teardown with every page given back.
 */
#include <arch/kvm_hyp.h>
#include <arch/mm.h>
#include <hyp7/errno.h>
#include <hyp7/hyp_init.h>
#include <hyp7/lib.h>
#include <hyp7/printk.h>
#include <hyp7/vcpu_arch.h>
#include <hyp7/vm.h>

#define VM_STRUCT_PAGES ((sizeof(struct vm) + PAGE_SIZE - 1) / PAGE_SIZE)
#define VCPU_STRUCT_PAGES ((sizeof(struct vcpu) + PAGE_SIZE - 1) / PAGE_SIZE)
/* Guest RAM in 2 MiB-aligned runs, so that stage 2 maps it with blocks. */
#define GUEST_RAM_ALIGN_PAGES (SECTION_SIZE / PAGE_SIZE)

int vm_create(const char *name, struct vm **out)
{
	struct vm *vm = alloc_pages(VM_STRUCT_PAGES);
	int err;

	if (!vm)
		return -ENOMEM;
	err = pgtable_init(&vm->stage2, PGTABLE_STAGE2);
	if (err) {
		free_pages(vm, VM_STRUCT_PAGES);
		return err;
	}
	memcpy(vm->name, name, strnlen(name, VM_NAME_LEN - 1));
	vm->cntvoff = vcpu_arch_counter();
	vm->device_deadline = ~0ull;
	*out = vm;
	return 0;
}

static bool ranges_overlap(u64 a, u64 a_size, u64 b, u64 b_size)
{
	return a < b + b_size && b < a + a_size;
}

static bool ipa_range_used(const struct vm *vm, u64 base, u64 size)
{
	unsigned int i;

	for (i = 0; i < vm->nr_mem; i++)
		if (ranges_overlap(base, size, ipa_addr(vm->mem[i].base), vm->mem[i].size))
			return true;
	for (i = 0; i < vm->nr_mmio; i++)
		if (ranges_overlap(base, size, ipa_addr(vm->mmio[i].base), vm->mmio[i].size))
			return true;
	return false;
}

int vm_add_memory(struct vm *vm, ipaddr_t base, u64 size)
{
	struct vm_mem_region *region = &vm->mem[vm->nr_mem];
	u32 pages = size / PAGE_SIZE;
	paddr_t pa;
	int err;

	if (!size || !IS_ALIGNED(ipa_addr(base) | size, PAGE_SIZE) || size >> 32)
		return -EINVAL;
	if (vm->nr_mem == VM_MAX_MEM_REGIONS || ipa_range_used(vm, ipa_addr(base), size))
		return -EBUSY;
	region->host_va = alloc_pages_aligned(pages, GUEST_RAM_ALIGN_PAGES);
	if (!region->host_va)
		return -ENOMEM;
	pa = virt_to_phys(region->host_va);
	err = pgtable_map(&vm->stage2, ipa_addr(base), pa, size, MMU_READ | MMU_WRITE | MMU_EXEC);
	if (err) {
		free_pages(region->host_va, pages);
		return err;
	}
	/* The guest starts with its caches off: it must find its memory in RAM. */
	dcache_clean_poc(region->host_va, size);
	region->base = base;
	region->size = size;
	vm->nr_mem++;
	return 0;
}

int vm_add_mmio(struct vm *vm, ipaddr_t base, u32 size)
{
	if (!size)
		return -EINVAL;
	if (vm->nr_mmio == VM_MAX_MMIO_RANGES || ipa_range_used(vm, ipa_addr(base), size))
		return -EBUSY;
	vm->mmio[vm->nr_mmio++] = (struct vm_mmio_range){ base, size };
	return 0;
}

void *vm_ipa_to_va(const struct vm *vm, ipaddr_t ipa, u64 size)
{
	unsigned int i;

	for (i = 0; i < vm->nr_mem; i++) {
		const struct vm_mem_region *r = &vm->mem[i];
		u64 offset = ipa_addr(ipa) - ipa_addr(r->base);

		if (ipa_addr(ipa) >= ipa_addr(r->base) && offset < r->size && size <= r->size - offset)
			return (u8 *)r->host_va + offset;
	}
	return NULL;
}

int vcpu_create(struct vm *vm, struct vcpu **out)
{
	struct vcpu *vcpu;
	int err;

	if (vm->nr_vcpus == VM_MAX_VCPUS)
		return -EBUSY;
	vcpu = alloc_pages(VCPU_STRUCT_PAGES);
	if (!vcpu)
		return -ENOMEM;
	err = hyp_map(vcpu, vcpu + 1);
	if (err) {
		free_pages(vcpu, VCPU_STRUCT_PAGES);
		return err;
	}
	vcpu->vm = vm;
	vcpu->id = vm->nr_vcpus;
	vgic_vcpu_init(vcpu);
	vm->vcpus[vm->nr_vcpus++] = vcpu;
	*out = vcpu;
	return 0;
}

void vm_destroy(struct vm *vm)
{
	unsigned int i;

	for (i = 0; i < vm->nr_vcpus; i++) {
		hyp_unmap(vm->vcpus[i], vm->vcpus[i] + 1);
		free_pages(vm->vcpus[i], VCPU_STRUCT_PAGES);
	}
	for (i = 0; i < vm->nr_mem; i++)
		BUG_ON(pgtable_unmap(&vm->stage2, ipa_addr(vm->mem[i].base), vm->mem[i].size));
	pgtable_destroy(&vm->stage2);
	/* No CPU may keep a translation into memory about to be reused. */
	kvm_call_hyp(__kvm_flush_vm_context);
	for (i = 0; i < vm->nr_mem; i++)
		free_pages(vm->mem[i].host_va, vm->mem[i].size / PAGE_SIZE);
	free_pages(vm, VM_STRUCT_PAGES);
}
