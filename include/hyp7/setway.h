/*
 * When the host cleans and invalidates a VM's memory for it (KVM/ARM's
 * policy, virt/setway.c). Cache maintenance by set/way only makes sense
 * on the physical caches, which the guest does not own, and operating on
 * every line of every cache for each such instruction would let one
 * guest cost the host without bound. What a guest means by a set/way
 * sweep is "my memory, in RAM". So the whole VM is flushed:
 *  - at the first set/way operation after its caches were turned on
 *    (HCR.TVM clear), after which the VM's register writes are trapped
 *    (HCR.TVM) to see its caches change, and further set/way operations
 *    cost nothing;
 *  - whenever the guest turns its caches on or off (SCTLR.M and C, seen
 *    through HCR.TVM); once they are on, the trap is lifted.
 * A vCPU starts with its caches off and HCR.TVM set, so the flush when it
 * first turns them on also drops any stale line of its memory the host
 * left in the caches.
 */
#ifndef HYP7_SETWAY_H
#define HYP7_SETWAY_H

#include <hyp7/types.h>

/* A set/way operation: whether the VM's memory must be flushed; may set HCR.TVM in *hcr. */
bool setway_op(u32 *hcr);
/* A write to SCTLR, trapped by HCR.TVM: whether to flush; may clear HCR.TVM in *hcr. */
bool setway_sctlr_write(u32 *hcr, u32 old_sctlr, u32 new_sctlr);

#endif
