/*
 * libfdt's environment header for the target: the types and byte order
 * helpers libfdt's own headers expect, on top of hyp7's freestanding C
 * library instead of the C library's headers (whose floating-point
 * declarations -mgeneral-regs-only refuses). libfdt is built to be given
 * such a header by whoever embeds it; Debian's libfdt.a itself is unchanged.
 */
#ifndef LIBFDT_ENV_H
#define LIBFDT_ENV_H

#include <hyp7/lib.h>
#include <hyp7/types.h>

typedef uint16_t fdt16_t;
typedef uint32_t fdt32_t;
typedef uint64_t fdt64_t;

/* The DTB is big-endian; hyp7 runs little-endian. */
static inline uint16_t fdt16_to_cpu(fdt16_t x) { return __builtin_bswap16(x); }
static inline fdt16_t cpu_to_fdt16(uint16_t x) { return __builtin_bswap16(x); }
static inline uint32_t fdt32_to_cpu(fdt32_t x) { return __builtin_bswap32(x); }
static inline fdt32_t cpu_to_fdt32(uint32_t x) { return __builtin_bswap32(x); }
static inline uint64_t fdt64_to_cpu(fdt64_t x) { return __builtin_bswap64(x); }
static inline fdt64_t cpu_to_fdt64(uint64_t x) { return __builtin_bswap64(x); }

#endif
