// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection for the tests: module parameters, all off (0) by
 * default, writable at run time under /sys/module/blkrep/parameters/.
 * They apply to every resource.  Packet masks have bit (1 << type) set
 * for each packet type of kernel/wire.h (e.g. 1 << 7 is P_DATA).
 *
 *   fi_drop      packets of these types are not sent (as if lost; TCP
 *                keeps the stream intact otherwise)
 *   fi_corrupt   packets of these types go out with a wrong checksum, as
 *                if their payload were damaged on the way (takes effect
 *                only with data-integrity-alg)
 *   fi_delay     packets of these types are held back fi_delay_ms first
 *                (the sender thread sleeps: everything behind them waits)
 *   fi_fail_read_pct, fi_fail_write_pct
 *                that many percent of the application's reads / writes
 *                on the local backing disk report an I/O error (the I/O
 *                itself happened; only its status is changed); the write
 *                figure also applies to the peer's writes to this disk
 */
#include <linux/module.h>
#include <linux/delay.h>
#include <linux/random.h>
#include "blkrep.h"

struct br_fault br_fault;

module_param_named(fi_drop, br_fault.drop, uint, 0644);
MODULE_PARM_DESC(fi_drop, "fault injection: mask (1 << packet type) of packets not sent");
module_param_named(fi_corrupt, br_fault.corrupt, uint, 0644);
MODULE_PARM_DESC(fi_corrupt, "fault injection: mask of packets sent with a bad checksum");
module_param_named(fi_delay, br_fault.delay, uint, 0644);
MODULE_PARM_DESC(fi_delay, "fault injection: mask of packets held back fi_delay_ms");
module_param_named(fi_delay_ms, br_fault.delay_ms, uint, 0644);
MODULE_PARM_DESC(fi_delay_ms, "fault injection: how long fi_delay holds a packet (ms, <= 60000)");

module_param_named(fi_fail_read_pct, br_fault.fail_read_pct, uint, 0644);
MODULE_PARM_DESC(fi_fail_read_pct, "fault injection: percent of local reads that fail");
module_param_named(fi_fail_write_pct, br_fault.fail_write_pct, uint, 0644);
MODULE_PARM_DESC(fi_fail_write_pct, "fault injection: percent of local writes that fail");

/* Completion of a local application I/O: should it report a failure? */
bool br_fault_local_io(bool write)
{
	unsigned int pct = write ? READ_ONCE(br_fault.fail_write_pct) :
			   READ_ONCE(br_fault.fail_read_pct);

	return pct && get_random_u32_below(100) < pct;
}

/* Called by the sender for each packet: false means "do not send it". */
bool br_fault_xmit(struct br_conn *c, u16 type, struct br_hdr *hdr)
{
	u32 bit = BIT(type & 31);

	if (READ_ONCE(br_fault.delay) & bit)
		msleep(min(READ_ONCE(br_fault.delay_ms), 60000U));
	if (READ_ONCE(br_fault.drop) & bit) {
		br_warn(c->res, "fault injection: packet type %u not sent\n",
			type);
		return false;
	}
	if (READ_ONCE(br_fault.corrupt) & bit) {
		br_warn(c->res, "fault injection: packet type %u sent with a bad checksum\n",
			type);
		hdr->csum = ~hdr->csum;
	}
	return true;
}
