/*
 * Offsets the assembly uses, generated from the C structs: this file is
 * compiled to assembly only, and its "->NAME value" markers become
 * build/include/generated/asm-offsets.h (see the Makefile).
 * virt/asm_offsets_check.c compiles the generated header back against
 * the same list, so a stale header cannot build.
 */
#include <arch/asm_offsets_list.h>

#define OFFSET(name, value) asm volatile("\n.ascii \"->" #name " %0\"" : : "i"(value));

void asm_offsets(void);
void asm_offsets(void)
{
	ASM_OFFSETS(OFFSET)
}
