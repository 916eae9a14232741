// SPDX-License-Identifier: GPL-2.0
/*
 * create-md and dump-md: metadata format v1 (kernel/md_format.c) on real
 * disks.  create-md refuses to overwrite anything libblkid recognises, or
 * existing blkrep metadata, unless --force; then it zeroes the activity log
 * and the bitmap and writes the superblock last, so a torn create-md leaves
 * no valid superblock behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <linux/fs.h>
#include <blkid.h>

#include "commands.h"
#include "md_format.h"
#include "names.h"
#include "options.h"

#define ZERO_CHUNK (1u << 20)

struct md_dev {
	const char *path;
	int fd;
	uint64_t bytes;
	bool is_blk;
};

/* Everything create-md and dump-md need: devices and computed layout. */
struct md_job {
	const struct br_resource *r;
	struct md_dev data;
	struct md_dev meta_own;	/* external meta-disk; unused when internal */
	struct md_dev *meta;	/* &data or &meta_own */
	struct br_md_layout layout;
};

static const char *const meta_type_names[] = {
	[BR_META_INTERNAL] = "internal", [BR_META_FLEXIBLE] = "flexible",
	[BR_META_INDEXED] = "indexed",
};

/*
 * Open @path and learn its size.  @excl (create-md, also in dry-run) claims
 * a block device exclusively, which fails with EBUSY while it is mounted or
 * attached.
 */
static int open_dev(const struct br_resource *r, struct md_dev *d,
		    const char *path, bool write, bool excl)
{
	struct stat st;

	d->path = path;
	d->fd = -1;
	if (stat(path, &st) < 0) {
		br_err("%s: %s: %s", r->name, path, strerror(errno));
		return BR_EXIT_DISK;
	}
	d->is_blk = S_ISBLK(st.st_mode);
	if (!d->is_blk && !S_ISREG(st.st_mode)) {
		br_err("%s: %s: not a block device", r->name, path);
		return BR_EXIT_DISK;
	}
	d->fd = open(path, (write ? O_RDWR : O_RDONLY) | O_CLOEXEC |
		     (d->is_blk && excl ? O_EXCL : 0));
	if (d->fd < 0) {
		if (errno == EBUSY)
			br_err("%s: %s: in use (mounted, or attached to a blkrep resource?)",
			       r->name, path);
		else
			br_err("%s: %s: %s", r->name, path, strerror(errno));
		return BR_EXIT_DISK;
	}
	if (!d->is_blk) {
		d->bytes = (uint64_t)st.st_size;
	} else if (ioctl(d->fd, BLKGETSIZE64, &d->bytes) < 0) {
		br_err("%s: %s: cannot get its size: %s", r->name, path,
		       strerror(errno));
		return BR_EXIT_DISK;
	}
	return 0;
}

static void close_job(struct md_job *j)
{
	if (j->data.fd >= 0)
		close(j->data.fd);
	if (j->meta_own.fd >= 0)
		close(j->meta_own.fd);
}

static uint32_t meta_type(const struct br_host *h)
{
	return h->meta.kind == BR_MK_INTERNAL ? BR_META_INTERNAL :
	       h->meta.kind == BR_MK_INDEXED ? BR_META_INDEXED :
	       BR_META_FLEXIBLE;
}

/* Open this host's disk (and meta-disk) and compute the layout. */
static int prepare(struct md_job *j, const struct br_resource *r,
		   const struct br_host *h, bool write, bool excl)
{
	enum br_md_err err;
	int ret;

	memset(j, 0, sizeof(*j));
	j->r = r;
	j->data.fd = j->meta_own.fd = -1;
	j->meta = &j->data;
	ret = open_dev(r, &j->data, h->disk, write, excl);
	if (!ret && h->meta.kind != BR_MK_INTERNAL) {
		j->meta = &j->meta_own;
		ret = open_dev(r, &j->meta_own, h->meta.path, write, excl);
	}
	if (ret)
		return ret;
	err = br_md_layout_compute(&j->layout, meta_type(h), h->meta.index,
				   j->data.bytes, j->meta->bytes);
	if (err) {
		br_err("%s: %s: %s", r->name,
		       err == BR_MD_ERR_TOO_SMALL && j->meta != &j->data ?
		       j->meta->path : j->data.path, br_md_strerror(err));
		return BR_EXIT_DISK;
	}
	return 0;
}

/* ---- what is on the disk already ---------------------------------------- */

/* Report what libblkid recognises on @d; returns true if anything. */
static bool probe_signatures(const struct md_dev *d)
{
	const char *type = NULL, *usage = NULL, *uuid = NULL, *label = NULL;
	blkid_probe pr = blkid_new_probe();
	bool found = false;
	int rc;

	if (!pr || blkid_probe_set_device(pr, d->fd, 0, 0)) {
		if (pr)
			blkid_free_probe(pr);
		return false;
	}
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE |
		BLKID_SUBLKS_USAGE | BLKID_SUBLKS_UUID | BLKID_SUBLKS_LABEL);
	blkid_probe_enable_partitions(pr, 1);
	rc = blkid_do_safeprobe(pr);
	if (rc == -2) {
		br_err("%s: contains several conflicting signatures", d->path);
		found = true;
	} else if (rc == 0 && !blkid_probe_lookup_value(pr, "PTTYPE", &type, NULL)) {
		br_err("%s: contains a %s partition table", d->path, type);
		found = true;
	} else if (rc == 0 && !blkid_probe_lookup_value(pr, "TYPE", &type, NULL)) {
		blkid_probe_lookup_value(pr, "USAGE", &usage, NULL);
		blkid_probe_lookup_value(pr, "UUID", &uuid, NULL);
		blkid_probe_lookup_value(pr, "LABEL", &label, NULL);
		fprintf(stderr, "blkrepadm: %s: contains a %s %s", d->path, type,
			usage && !strcmp(usage, "filesystem") ? "file system" :
			"signature");
		if (uuid && label)
			fprintf(stderr, " (UUID %s, LABEL %s)", uuid, label);
		else if (uuid || label)
			fprintf(stderr, " (%s %s)", uuid ? "UUID" : "LABEL",
				uuid ? uuid : label);
		fputc('\n', stderr);
		found = true;
	}
	blkid_free_probe(pr);
	return found;
}

static int read_block(const struct md_dev *d, uint64_t off, void *buf)
{
	ssize_t n = pread(d->fd, buf, BR_MD_BLOCK, (off_t)off);

	if (n == BR_MD_BLOCK)
		return 0;
	if (n >= 0)
		errno = EIO;
	return -1;
}

/* Report blkrep metadata at the superblock offset; true if any. */
static bool probe_own_metadata(const struct md_job *j)
{
	struct br_md_super sb;
	enum br_md_err err;
	char buf[BR_MD_BLOCK];

	if (read_block(j->meta, j->layout.sb_offset, buf))
		return false;
	err = br_md_decode(&sb, buf, NULL);
	if (err == BR_MD_ERR_MAGIC)
		return false;
	br_err("%s: contains blkrep metadata (%s)", j->meta->path,
	       err == BR_MD_OK ? "valid" : br_md_strerror(err));
	return true;
}

static bool something_there(const struct md_job *j)
{
	bool found = probe_signatures(&j->data);

	if (j->meta != &j->data && j->layout.meta_type == BR_META_FLEXIBLE)
		found |= probe_signatures(j->meta);
	found |= probe_own_metadata(j);
	return found;
}

/* ---- writing ----------------------------------------------------------- */

static void print_plan(const struct md_job *j)
{
	const struct br_md_layout *l = &j->layout;
	const char *m = j->meta->path;

	printf("%s: disk %s (%" PRIu64 " bytes), %s metadata on %s\n",
	       j->r->name, j->data.path, j->data.bytes,
	       meta_type_names[l->meta_type], m);
	printf("  data size:     %" PRIu64 " bytes (%" PRIu64 " KiB)\n",
	       l->data_bytes, l->data_bytes >> 10);
	printf("  metadata size: %" PRIu64 " bytes\n",
	       l->bm_bytes + (uint64_t)(l->al_slots + 1) * BR_MD_BLOCK);
	printf("  bitmap:        %" PRIu64 " bytes at %" PRIu64 "\n",
	       l->bm_bytes, l->bm_offset);
	printf("  activity log:  %" PRIu64 " bytes at %" PRIu64 "\n",
	       (uint64_t)l->al_slots * BR_MD_BLOCK, l->al_offset);
	printf("  superblock:    %u bytes at %" PRIu64 "\n", BR_MD_BLOCK,
	       l->sb_offset);
}

static int write_zeroes(const struct md_dev *d, uint64_t off, uint64_t len)
{
	static const char zero[ZERO_CHUNK];

	while (len) {
		size_t n = len < ZERO_CHUNK ? (size_t)len : ZERO_CHUNK;
		ssize_t w = pwrite(d->fd, zero, n, (off_t)off);

		if (w <= 0)
			return -1;
		off += (uint64_t)w;
		len -= (uint64_t)w;
	}
	return 0;
}

static uint64_t random_uuid(void)
{
	uint64_t u = 0;

	while (u == 0)
		if (getrandom(&u, sizeof(u), 0) != sizeof(u))
			u = 0;
	return u;
}

static int write_metadata(const struct md_job *j)
{
	const struct br_md_layout *l = &j->layout;
	const struct br_value *al = &j->r->settings.v[BR_OPT_AL_EXTENTS];
	struct br_md_super sb;
	char block[BR_MD_BLOCK] = { 0 };
	const struct md_dev *d = j->meta;

	br_md_init_super(&sb, l, random_uuid());
	if (al->set)
		sb.al_extents = (uint32_t)al->num;
	br_md_encode(block, &sb);
	if (write_zeroes(d, l->al_offset, (uint64_t)l->al_slots * BR_MD_BLOCK) ||
	    write_zeroes(d, l->bm_offset, l->bm_bytes) || fsync(d->fd) ||
	    pwrite(d->fd, block, sizeof(block), (off_t)l->sb_offset) !=
	    (ssize_t)sizeof(block) || fsync(d->fd)) {
		br_err("%s: writing metadata to %s failed: %s", j->r->name,
		       d->path, strerror(errno ? errno : EIO));
		return BR_EXIT_DISK;
	}
	if (d->is_blk)
		ioctl(d->fd, BLKFLSBUF, 0);	/* later readers see it */
	return 0;
}

int br_cmd_create_md(struct br_ctx *ctx, const struct br_resource *r,
		     const struct br_host *h)
{
	struct md_job j;
	int ret = prepare(&j, r, h, !ctx->dry_run, true);

	if (ret)
		goto out;
	if (something_there(&j) && !ctx->force) {
		br_err("%s: refusing to overwrite; use 'blkrepadm create-md --force %s' to override",
		       r->name, r->name);
		ret = BR_EXIT_DISK;
		goto out;
	}
	print_plan(&j);
	if (ctx->dry_run) {
		printf("%s: dry run: would zero the bitmap and activity log and write the superblock; nothing written\n",
		       r->name);
		goto out;
	}
	ret = write_metadata(&j);
	if (!ret)
		printf("%s: metadata written to %s\n", r->name, j.meta->path);
out:
	close_job(&j);
	return ret;
}

/* ---- dump-md ----------------------------------------------------------- */

static void print_super(const struct br_md_super *sb)
{
	static const char *const uuid_names[BR_UUID_COUNT] = {
		"uuid-current", "uuid-bitmap", "uuid-history0",
		"uuid-history1" };
	const struct br_md_layout *l = &sb->layout;
	char flags[256];
	int i;

	br_md_flags_str(sb->flags, flags, sizeof(flags));
#define KV(k, fmt, v) printf("%-14s " fmt "\n", k, v)
	KV("version", "%d", BR_MD_VERSION);
	printf("%-14s 0x%08x (%s)\n", "flags", sb->flags, flags);
	KV("meta-type", "%s", meta_type_names[l->meta_type]);
	KV("meta-index", "%u", l->meta_index);
	KV("dev-bytes", "%" PRIu64, l->dev_bytes);
	KV("data-bytes", "%" PRIu64, l->data_bytes);
	KV("sb-offset", "%" PRIu64, l->sb_offset);
	KV("al-offset", "%" PRIu64, l->al_offset);
	KV("al-slots", "%u", l->al_slots);
	KV("al-extents", "%u", sb->al_extents);
	KV("bm-offset", "%" PRIu64, l->bm_offset);
	KV("bm-bytes", "%" PRIu64, l->bm_bytes);
	for (i = 0; i < BR_UUID_COUNT; i++)
		KV(uuid_names[i], "%016" PRIX64, sb->uuid[i]);
	KV("device-uuid", "%016" PRIX64, sb->device_uuid);
	KV("events", "%" PRIu64, sb->events);
	KV("gen-time", "%" PRIu64, sb->gen_time);
#undef KV
}

int br_cmd_dump_md(struct br_ctx *ctx, const struct br_resource *r,
		   const struct br_host *h)
{
	struct br_md_super sb;
	enum br_md_err err;
	struct md_job j;
	char buf[BR_MD_BLOCK];
	int ret = prepare(&j, r, h, false, false);

	(void)ctx;
	if (ret)
		goto out;
	if (read_block(j.meta, j.layout.sb_offset, buf)) {
		br_err("%s: %s: cannot read the superblock: %s", r->name,
		       j.meta->path, strerror(errno));
		ret = BR_EXIT_DISK;
		goto out;
	}
	err = br_md_decode(&sb, buf, &j.layout);
	if (err) {
		br_err("%s: %s: %s", r->name, j.meta->path,
		       br_md_strerror(err));
		ret = BR_EXIT_DISK;
		goto out;
	}
	printf("# %s: %s metadata on %s\n", r->name,
	       meta_type_names[sb.layout.meta_type], j.meta->path);
	print_super(&sb);
out:
	close_job(&j);
	return ret;
}
