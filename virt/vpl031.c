/*
 * An emulated PL031 (PrimeCell RTC TRM, DDI 0224): a seconds counter that
 * starts at 0 at VM creation, counts from the generic timer, and can be
 * loaded; match and interrupt registers are kept but raise nothing, as the
 * guest machine routes no device interrupt yet. Enough for Linux's
 * rtc-pl031 to probe and read the time.
 */
#include <arch/cp15.h>
#include <hyp7/vpl031.h>

#define RTC_DR 0x00
#define RTC_MR 0x04
#define RTC_LR 0x08
#define RTC_CR 0x0c
#define RTC_IMSC 0x10
#define RTC_RIS 0x14
#define RTC_MIS 0x18
#define RTC_ICR 0x1c
#define RTC_PERIPH_ID0 0xfe0
#define RTC_CR_START 1


/* PeriphID0-3 and PCellID0-3 of the PL031. */
static const u8 pl031_id[8] = { 0x31, 0x10, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

void vpl031_init(struct vpl031 *rtc)
{
	*rtc = (struct vpl031){ .load_ticks = read_sysreg64(CNTPCT), .cr = RTC_CR_START };
}

static u32 seconds(const struct vpl031 *rtc)
{
	return rtc->load + (u32)((read_sysreg64(CNTPCT) - rtc->load_ticks) / read_sysreg(CNTFRQ));
}

void vpl031_access(struct vpl031 *rtc, u32 offset, u8 size, bool write, u32 *data)
{
	if (size != 4 || (offset & 3)) {
		if (!write)
			*data = 0; /* the TRM allows word accesses only */
		return;
	}
	if (write) {
		switch (offset) {
		case RTC_MR: rtc->match = *data; break;
		case RTC_LR:
			rtc->load = *data;
			rtc->load_ticks = read_sysreg64(CNTPCT);
			break;
		case RTC_CR: rtc->cr |= *data & RTC_CR_START; break; /* it cannot be stopped */
		case RTC_IMSC: rtc->imsc = *data & 1; break;
		}
		return;
	}
	switch (offset) {
	case RTC_DR: *data = seconds(rtc); break;
	case RTC_MR: *data = rtc->match; break;
	case RTC_LR: *data = rtc->load; break;
	case RTC_CR: *data = rtc->cr; break;
	case RTC_IMSC: *data = rtc->imsc; break;
	default:
		*data = offset >= RTC_PERIPH_ID0 && offset < RTC_PERIPH_ID0 + 4 * sizeof(pl031_id)
				? pl031_id[(offset - RTC_PERIPH_ID0) / 4]
				: 0; /* RIS, MIS, ICR and reserved space */
	}
}
