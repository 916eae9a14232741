// SPDX-License-Identifier: GPL-2.0
/*
 * Handlers: user-mode helpers run on events (split brain, a lost peer,
 * a finished resync, a failing disk).  The module runs
 *
 *	<usermode_helper> handler <event> <resource>
 *
 * (module parameter, default /usr/sbin/blkrepadm), which runs the command
 * configured for the event; see "Handlers" in the uapi header.  A waited
 * run returns the command's exit status; the others run from a workqueue
 * and only log it.  The workqueue is flushed before the module goes away.
 */
#include <linux/module.h>
#include <linux/umh.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include "blkrep.h"

static char br_helper[128] = "/usr/sbin/blkrepadm";
module_param_string(usermode_helper, br_helper, sizeof(br_helper), 0644);
MODULE_PARM_DESC(usermode_helper, "program run for handlers: <it> handler <event> <resource>");

static struct workqueue_struct *br_handler_wq;

/*
 * One run of a handler.  The helper's argv and envp point into it, so the
 * user-mode helper code owns it once the run is set up and frees it
 * (br_handler_free) when it is done with them.
 */
struct br_handler_job {
	struct work_struct work;
	char event[32];
	char res[BLKREP_NAME_MAX];
	char env[5][96];
	char helper[128];
	char *argv[5];
	char *envp[8];
};

/* The policy of the last CONNECT, as blkrep.conf spells it. */
static const char *br_fencing_name(u8 fencing)
{
	switch (fencing) {
	case BLKREP_FENCING_RESOURCE_ONLY:
		return "resource-only";
	case BLKREP_FENCING_RESOURCE_AND_STONITH:
		return "resource-and-stonith";
	default:
		return "dont-care";
	}
}

static void br_handler_env(struct br_handler_job *j, struct br_resource *res)
{
	const struct sockaddr_storage *a = &res->conn.peer_addr;

	snprintf(j->env[0], sizeof(j->env[0]), "BLKREP_RESOURCE=%s", res->name);
	snprintf(j->env[1], sizeof(j->env[1]), "BLKREP_MINOR=%u", res->minor);
	if (a->ss_family == AF_INET6) {
		snprintf(j->env[2], sizeof(j->env[2]), "BLKREP_PEER_ADDRESS=%pI6c",
			 &((const struct sockaddr_in6 *)a)->sin6_addr);
		strscpy(j->env[3], "BLKREP_PEER_AF=ipv6", sizeof(j->env[3]));
	} else {
		snprintf(j->env[2], sizeof(j->env[2]), "BLKREP_PEER_ADDRESS=%pI4",
			 &((const struct sockaddr_in *)a)->sin_addr);
		strscpy(j->env[3], "BLKREP_PEER_AF=ipv4", sizeof(j->env[3]));
	}
	snprintf(j->env[4], sizeof(j->env[4]), "BLKREP_FENCING=%s",
		 br_fencing_name(READ_ONCE(res->conn.conf.fencing)));
	strscpy(j->res, res->name, sizeof(j->res));
}

static void br_handler_free(struct subprocess_info *info)
{
	kfree(info->data);
}

/*
 * Run it and wait: the exit status (0..255), or a negative errno.  Frees
 * @j.  The wait is killable, which no kthread is: it only keeps a handler
 * that takes minutes (fence-peer waiting for the cluster) out of the
 * hung-task warnings.
 */
static int br_handler_exec(struct br_handler_job *j)
{
	char res[sizeof(j->res)], event[sizeof(j->event)];
	char helper[sizeof(j->helper)];
	struct subprocess_info *info;
	int ret;

	strscpy(res, j->res, sizeof(res));
	strscpy(event, j->event, sizeof(event));
	kernel_param_lock(THIS_MODULE);
	strscpy(helper, br_helper, sizeof(helper));
	kernel_param_unlock(THIS_MODULE);
	strscpy(j->helper, helper, sizeof(j->helper));
	j->argv[0] = j->helper;
	j->argv[1] = "handler";
	j->argv[2] = j->event;
	j->argv[3] = j->res;
	j->argv[4] = NULL;
	j->envp[0] = "HOME=/";
	j->envp[1] = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	j->envp[2] = j->env[0];
	j->envp[3] = j->env[1];
	j->envp[4] = j->env[2];
	j->envp[5] = j->env[3];
	j->envp[6] = j->env[4];
	j->envp[7] = NULL;
	info = call_usermodehelper_setup(j->helper, j->argv, j->envp,
					 GFP_KERNEL, NULL, br_handler_free, j);
	if (!info) {
		kfree(j);
		ret = -ENOMEM;
	} else {
		/* frees info, and j with it, whatever happens */
		ret = call_usermodehelper_exec(info,
					       UMH_WAIT_PROC | UMH_KILLABLE);
	}
	if (ret < 0) {
		pr_err("blkrep %s: handler %s: cannot run %s: %d\n", res, event,
		       helper, ret);
		return ret;
	}
	/* A wait status: exit code in bits 8..15, or a signal. */
	if (ret & 0x7f) {
		pr_warn("blkrep %s: handler %s killed by signal %d\n", res,
			event, ret & 0x7f);
		return 128 + (ret & 0x7f);
	}
	ret = (ret >> 8) & 0xff;
	pr_info("blkrep %s: handler %s exit code %d\n", res, event, ret);
	return ret;
}

static struct br_handler_job *br_handler_job(struct br_resource *res,
					     const char *event, gfp_t gfp)
{
	struct br_handler_job *j = kzalloc(sizeof(*j), gfp);

	if (!j)
		return NULL;
	strscpy(j->event, event, sizeof(j->event));
	br_handler_env(j, res);
	return j;
}

/* Run the handler for @event and wait for it.  Process context. */
int br_handler_call(struct br_resource *res, const char *event)
{
	struct br_handler_job *j = br_handler_job(res, event, GFP_KERNEL);

	if (!j)
		return -ENOMEM;
	br_info(res, "calling handler %s\n", event);
	return br_handler_exec(j);
}

static void br_handler_work(struct work_struct *work)
{
	struct br_handler_job *j = container_of(work, struct br_handler_job,
						work);

	br_handler_exec(j);	/* frees j, and the work in it */
}

/* Start the handler for @event and do not wait.  Any context but irq. */
void br_handler_start(struct br_resource *res, const char *event)
{
	struct br_handler_job *j = br_handler_job(res, event, GFP_KERNEL);

	if (!j) {
		br_err(res, "handler %s not run: out of memory\n", event);
		return;
	}
	br_info(res, "starting handler %s\n", event);
	INIT_WORK(&j->work, br_handler_work);
	queue_work(br_handler_wq, &j->work);
}

int __init br_handler_init(void)
{
	br_handler_wq = alloc_workqueue("blkrep_handler", WQ_UNBOUND, 0);
	return br_handler_wq ? 0 : -ENOMEM;
}

void br_handler_exit(void)
{
	destroy_workqueue(br_handler_wq);	/* waits for running handlers */
}
