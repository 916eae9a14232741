// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/blkrep: a version line, then two lines per device in the shape
 * sysadmins know from /proc/drbd.  Format: the top of the uapi header.
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include "blkrep.h"

static const char br_proto_names[] = "?ABC";

static void br_proc_show_res(struct seq_file *m, struct br_resource *res,
			     struct br_res_status *st)
{
	br_res_get_status(res, st);
	seq_printf(m, "%2u: cs:%s ro:%s/%s ds:%s/%s %c %c-----\n",
		   res->minor, br_conn_state_name(st->conn),
		   br_role_name(st->role), br_role_name(st->peer_role),
		   br_disk_state_name(st->disk),
		   br_disk_state_name(st->peer_disk),
		   br_proto_names[st->protocol & 3],
		   atomic_read(&res->io_frozen) ? 's' : '-');
	seq_printf(m, "    ns:%llu nr:%llu dw:%llu dr:%llu al:%llu bm:%llu lo:%llu pe:%llu ua:%llu ap:%llu oos:%llu\n",
		   st->ns, st->nr, st->dw, st->dr, st->al, st->bm, st->lo,
		   st->pe, st->ua, st->ap, st->oos);
}

static int br_proc_show(struct seq_file *m, void *v)
{
	struct br_res_status *st;
	struct br_resource *res;

	seq_printf(m, "version: %s (api:%d/proto:%d)\n", BLKREP_VERSION,
		   BLKREP_GENL_VERSION, BR_WIRE_VERSION);
	st = kmalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	mutex_lock(&br_res_mutex);
	list_for_each_entry(res, &br_resources, list)
		br_proc_show_res(m, res, st);
	mutex_unlock(&br_res_mutex);
	kfree(st);
	return 0;
}

int br_proc_init(void)
{
	return proc_create_single("blkrep", 0444, NULL, br_proc_show) ?
	       0 : -ENOMEM;
}

void br_proc_exit(void)
{
	remove_proc_entry("blkrep", NULL);
}
