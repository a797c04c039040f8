/*
 * The generated asm-offsets.h must agree with the structs it was made
 * from: each value is checked here at compile time (Hafnium's habit).
 */
#include <arch/asm_offsets_list.h>
#include <generated/asm-offsets.h>

#define CHECK_OFFSET(name, value) _Static_assert(name == (value), "stale asm-offsets: " #name);
ASM_OFFSETS(CHECK_OFFSET)
