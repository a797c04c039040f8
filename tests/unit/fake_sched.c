/* The scheduler, for tests of code that only kicks vCPUs: each vCPU's kicks are counted. */
#include <hyp7/sched.h>
#include <hyp7/vcpu.h>

unsigned int fake_kicks[SCHED_MAX_CPUS];

void sched_kick(struct vcpu *vcpu)
{
	fake_kicks[vcpu->id]++;
}
