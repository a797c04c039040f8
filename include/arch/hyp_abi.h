/*
 * The host's calls into HYP, shared by the host (arch-arm/hyp_call.S,
 * virt/hyp_init.c) and HYP (hyp/). The full ABI is described above the
 * vectors in hyp/entry.S.
 *
 * These small r0 values are calls to the hyp stub installed at boot
 * (hyp/stub.S), while HYP has no MMU and no runtime vectors; the runtime
 * vectors refuse them, as any address outside .hyp.text.
 */
#ifndef ARCH_HYP_ABI_H
#define ARCH_HYP_ABI_H

#define HVC_STUB_GET_VECTORS 0 /* r0 <- HVBAR */
#define HVC_STUB_SET_VECTORS 1 /* HVBAR <- r1 (a physical address) */

#endif
