/*
 * An emulated PL031 (PrimeCell RTC TRM, DDI 0224): a seconds counter that
 * starts at 0 at VM creation, counts from the generic timer and can be
 * loaded, and an alarm. As QEMU's PL031 (revision 1) it goes off when the
 * counter reaches the match value, once: a match already passed is
 * reached again only when the 32-bit counter wraps. The raw interrupt
 * (RTCRIS) stays set until the guest clears it (RTCICR); the line is the
 * masked one (RTCMIS), level-sensitive.
 */
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
#define RTC_INTR 1

/* PeriphID0-3 and PCellID0-3 of the PL031, revision 1 as QEMU's. */
static const u8 pl031_id[8] = { 0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

static u32 seconds(const struct vpl031 *rtc, u64 now)
{
	return rtc->load + (u32)((now - rtc->load_ticks) / rtc->freq);
}

/* When the counter next reads the match value: now, if it does already. */
static void arm_alarm(struct vpl031 *rtc, u64 now)
{
	u32 elapsed = seconds(rtc, now) - rtc->load, ahead = rtc->match - seconds(rtc, now);

	rtc->alarm_at = ahead ? rtc->load_ticks + ((u64)elapsed + ahead) * rtc->freq : now;
	vpl031_update(rtc, now);
}

/* No alarm until the guest writes RTCMR or RTCLR, as QEMU's. */
void vpl031_init(struct vpl031 *rtc, u64 now, u32 freq)
{
	*rtc = (struct vpl031){ .freq = freq ? freq : 1, .load_ticks = now, .alarm_at = VPL031_NEVER };
}

void vpl031_update(struct vpl031 *rtc, u64 now)
{
	if (now < rtc->alarm_at)
		return;
	rtc->ris = true;
	rtc->alarm_at = VPL031_NEVER;
}

bool vpl031_irq_line(const struct vpl031 *rtc)
{
	return rtc->ris && (rtc->imsc & RTC_INTR);
}

static void write_reg(struct vpl031 *rtc, u64 now, u32 offset, u32 val)
{
	switch (offset) {
	case RTC_MR:
		rtc->match = val;
		arm_alarm(rtc, now);
		break;
	case RTC_LR:
		rtc->load = val;
		rtc->load_ticks = now;
		arm_alarm(rtc, now);
		break;
	case RTC_IMSC:
		rtc->imsc = val & RTC_INTR;
		break;
	case RTC_ICR:
		if (val & RTC_INTR)
			rtc->ris = false;
		break;
	}
	/* RTCCR: the clock always runs, as QEMU's (it reads 1; writes are ignored). */
}

static u32 read_reg(const struct vpl031 *rtc, u64 now, u32 offset)
{
	switch (offset) {
	case RTC_DR:
		return seconds(rtc, now);
	case RTC_MR:
		return rtc->match;
	case RTC_LR:
		return rtc->load;
	case RTC_CR:
		return RTC_CR_START;
	case RTC_IMSC:
		return rtc->imsc;
	case RTC_RIS:
		return rtc->ris;
	case RTC_MIS:
		return vpl031_irq_line(rtc);
	}
	if (offset >= RTC_PERIPH_ID0 && offset < RTC_PERIPH_ID0 + 4 * sizeof(pl031_id))
		return pl031_id[(offset - RTC_PERIPH_ID0) / 4];
	return 0; /* RTCICR is write-only; reserved space */
}

void vpl031_access(struct vpl031 *rtc, u64 now, u32 offset, u8 size, bool write, u32 *data)
{
	vpl031_update(rtc, now);
	if (size != 4 || (offset & 3)) {
		if (!write)
			*data = 0; /* the TRM allows word accesses only */
		return;
	}
	if (write)
		write_reg(rtc, now, offset, *data);
	else
		*data = read_reg(rtc, now, offset);
}
