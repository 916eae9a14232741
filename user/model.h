/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The configuration model: what config.c parses blkrep.conf into and what
 * every command works from.  No parsing and no I/O here, only data.
 *
 * Options of the disk/net/handlers/startup sections (and protocol) live in
 * a flat array indexed by enum br_opt; the table that describes each option
 * (section, type, allowed values) is in options.c.  A br_settings is one
 * level of that array: common, or a resource.  Inheritance is resolved by
 * br_config_resolve(): afterwards a resource's settings hold the effective
 * values and every host has its device, disk and meta-disk filled in.
 */
#ifndef BLKREP_MODEL_H
#define BLKREP_MODEL_H

#include <stdbool.h>
#include <stdint.h>

enum br_opt {
	/* resource level */
	BR_OPT_PROTOCOL,
	/* disk { } */
	BR_OPT_ON_IO_ERROR,
	BR_OPT_AL_EXTENTS,
	BR_OPT_RESYNC_RATE,
	BR_OPT_C_MAX_RATE,
	BR_OPT_C_MIN_RATE,
	BR_OPT_FENCING,
	/* net { } */
	BR_OPT_CRAM_HMAC_ALG,
	BR_OPT_SHARED_SECRET,
	BR_OPT_DATA_INTEGRITY_ALG,
	BR_OPT_PING_INT,
	BR_OPT_PING_TIMEOUT,
	BR_OPT_TIMEOUT,
	BR_OPT_CONNECT_INT,
	BR_OPT_KO_COUNT,
	BR_OPT_MAX_BUFFERS,
	BR_OPT_SNDBUF_SIZE,
	BR_OPT_AFTER_SB_0PRI,
	BR_OPT_AFTER_SB_1PRI,
	BR_OPT_AFTER_SB_2PRI,
	BR_OPT_RR_CONFLICT,
	/* handlers { } */
	BR_OPT_H_SPLIT_BRAIN,
	BR_OPT_H_FENCE_PEER,
	BR_OPT_H_UNFENCE_PEER,
	BR_OPT_H_AFTER_RESYNC_TARGET,
	BR_OPT_H_LOCAL_IO_ERROR,
	BR_OPT_H_PRI_LOST_AFTER_SB,
	BR_OPT_H_PRI_LOST,
	/* startup { } */
	BR_OPT_WFC_TIMEOUT,
	BR_OPT_DEGR_WFC_TIMEOUT,
	BR_OPT_COUNT
};

/* One option value.  Numbers are kept in their base unit (see options.c). */
struct br_value {
	bool set;
	int line;		/* where it was set, for messages */
	const char *file;	/* ... in which file (owned by br_config.files) */
	uint64_t num;		/* numeric options */
	char *str;		/* enumerations, names and strings */
};

struct br_settings {
	struct br_value v[BR_OPT_COUNT];
};

enum br_meta_kind {
	BR_MK_UNSET,
	BR_MK_INTERNAL,
	BR_MK_FLEXIBLE,		/* meta-disk PATH; or flexible-meta-disk PATH; */
	BR_MK_INDEXED,		/* meta-disk PATH [N]; */
};

struct br_meta {
	enum br_meta_kind kind;
	char *path;		/* external kinds only */
	uint32_t index;		/* BR_MK_INDEXED only */
};

struct br_addr {
	int family;		/* 0 unset, 4 or 6 */
	char host[64];		/* without brackets */
	uint16_t port;
};

#define BR_MINOR_UNSET (-1L)

/*
 * An `on HOST { }` section (device is always /dev/blkrep<minor>), or (as br_resource.defaults) the resource-level
 * statements that such sections inherit.
 */
struct br_host {
	char *name;		/* NULL for resource defaults */
	int line;
	long minor;		/* BR_MINOR_UNSET or 0..BLKREP_MAX_MINOR */
	char *disk;
	struct br_meta meta;
	struct br_addr addr;
};

#define BR_MAX_HOSTS 2

struct br_resource {
	char *name;
	const char *file;	/* owned by br_config.files */
	int line;
	struct br_settings settings;
	struct br_host defaults;
	struct br_host hosts[BR_MAX_HOSTS];
	int nhosts;
	struct br_resource *next;
};

enum br_usage_count { BR_UC_UNSET, BR_UC_YES, BR_UC_NO, BR_UC_ASK };

struct br_config {
	enum br_usage_count usage_count;
	struct br_settings common;
	struct br_resource *resources;	/* in file order */
	char **files;			/* every file read, for messages */
	int nfiles;
	char **warnings;		/* DRBD options accepted and ignored:
					   "FILE:LINE: NAME ...", dump --warnings */
	int nwarnings;
};

/* The `on` section of @res for host @name, or NULL. */
const struct br_host *br_resource_host(const struct br_resource *res,
				       const char *name);
const struct br_resource *br_config_find(const struct br_config *cfg,
					 const char *name);

#endif /* BLKREP_MODEL_H */
