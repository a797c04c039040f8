/* Basic types shared by the target and the host-side tests. */
#ifndef HYP7_TYPES_H
#define HYP7_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;

/* <limits.h> is the C library's: a freestanding build does without it. */
#define S32_MAX ((s32)0x7fffffff)

/*
 * Opaque address types: a host-physical address, a guest-physical
 * (intermediate physical) address and a virtual address cannot be passed
 * for one another without saying so. LPAE physical addresses are 40 bits.
 */
typedef struct { u64 pa; } paddr_t;
typedef struct { u64 ipa; } ipaddr_t;
typedef struct { u32 va; } vaddr_t;

static inline paddr_t pa_init(u64 pa) { return (paddr_t){ pa }; }
static inline u64 pa_addr(paddr_t pa) { return pa.pa; }
static inline paddr_t pa_add(paddr_t pa, u64 off) { return pa_init(pa.pa + off); }

static inline ipaddr_t ipa_init(u64 ipa) { return (ipaddr_t){ ipa }; }
static inline u64 ipa_addr(ipaddr_t ipa) { return ipa.ipa; }

static inline vaddr_t va_init(u32 va) { return (vaddr_t){ va }; }
static inline u32 va_addr(vaddr_t va) { return va.va; }

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define ALIGN_UP(x, a) ALIGN_DOWN((x) + (a) - 1, (a))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)

#endif
