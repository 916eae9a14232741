/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * blkrep: a replicated block device.  This header is the whole contract
 * between the kernel module and user space (blkrepadm or any other tool).
 *
 * ==========================================================================
 * Generic netlink family "blkrep", version BLKREP_GENL_VERSION
 * ==========================================================================
 *
 * Every command carries its arguments as attributes of the top level
 * (enum blkrep_attr).  Policies are strict: an unknown attribute, a string
 * that is too long, an unknown flag bit or a value out of range is refused
 * with -EINVAL and an extended-ACK message naming the attribute.  Every
 * refusal by the module carries an extended-ACK message that says in plain
 * words what was wrong ("resource r0 is open; unmount it first"); tools
 * print that message, not the errno.
 *
 * All commands but BLKREP_CMD_GET_RESOURCE need CAP_NET_ADMIN;
 * BLKREP_CMD_ATTACH, which opens block devices, needs CAP_SYS_ADMIN too.
 * Commands run one at a time, in the order they arrive.
 *
 * A resource is addressed by name (BLKREP_A_RES_NAME: 1..63 bytes of
 * [A-Za-z0-9_.+-], NUL terminated).  It owns exactly one block device,
 * /dev/blkrep<minor>.
 *
 * BLKREP_CMD_NEW_RESOURCE
 *   Create a resource and its (empty, Diskless, Secondary) block device.
 *   BLKREP_A_RES_NAME   string   required
 *   BLKREP_A_MINOR      u32      required, 0..BLKREP_MAX_MINOR
 *   -EEXIST  the name or the minor is taken.
 *
 * BLKREP_CMD_DEL_RESOURCE
 *   Tear a resource down: detach its disk (writing its metadata cleanly)
 *   and remove the block device.  Refused with -EBUSY while the device is
 *   open (mounted, or held by any process); a Primary that is not open is
 *   demoted first.
 *   BLKREP_A_RES_NAME   string   required
 *
 * BLKREP_CMD_ATTACH
 *   Attach a backing disk and its metadata.  The metadata must have been
 *   written by "blkrepadm create-md" (format: Documentation/ondisk-format.rst).
 *   The device's size becomes the metadata's data size; its queue limits
 *   (block sizes, max I/O, discard, write zeroes, write cache, FUA) are
 *   taken from the backing disk.
 *   BLKREP_A_RES_NAME   string   required
 *   BLKREP_A_DISK       string   required, path of the backing block device
 *   BLKREP_A_META_DISK  string   optional, path of an external meta-disk;
 *                                absent means internal metadata (at the end
 *                                of the backing disk)
 *   BLKREP_A_META_INDEX u32      optional, only with META_DISK: use the
 *                                indexed slot INDEX (BLKREP_MD_INDEX_BYTES
 *                                each); absent means the meta-disk is used
 *                                whole from offset 0 ("flexible")
 *   BLKREP_A_ON_IO_ERROR u8      optional, enum blkrep_on_io_error: what a
 *                                failed read or write of the backing disk
 *                                does [PASS_ON]; applied only when the
 *                                attach succeeds
 *   Refused while the resource is Primary or has a connection configured
 *   (CONNECT done, DISCONNECT not yet): the disk could serve, or be taken
 *   for, data it lacks; disconnect (or demote) first, attach, connect.
 *   -EBUSY    the resource already has a disk, or a disk is in use, or it
 *             is Primary or has a connection configured
 *   -ENOENT   no such device;  -ENOTBLK  not a block device
 *   -EINVAL   no valid metadata, or metadata that does not match the disk
 *
 * BLKREP_CMD_DETACH
 *   Detach the backing disk, writing the bitmap and the superblock.  The
 *   device stays, Diskless.  Refused with -EBUSY while the device is open.
 *   BLKREP_A_RES_NAME   string   required
 *
 * BLKREP_CMD_SET_ROLE
 *   BLKREP_A_RES_NAME   string   required
 *   BLKREP_A_ROLE       u8       required, BLKREP_ROLE_PRIMARY or _SECONDARY
 *   BLKREP_A_FLAGS      u32      optional, BLKREP_F_FORCE
 *   Primary needs a disk.  A disk that is Inconsistent or Outdated is made
 *   Primary only with BLKREP_F_FORCE, which also declares this node's data
 *   the good copy (a new current UUID, the disk becomes UpToDate).
 *   Secondary is refused with -EBUSY while the device is open.
 *
 * BLKREP_CMD_CONNECT
 *   Start connecting to the peer: the resource leaves StandAlone and keeps
 *   (re)connecting until BLKREP_CMD_DISCONNECT.  Of the two nodes, the one
 *   whose address sorts lower (the bytes of its sockaddr: family, port,
 *   address)
 *   initiates the TCP connection and the other accepts it, so a crossed
 *   connection cannot arise; a second connection accepted from the peer
 *   replaces the first (the peer restarted).  A connection from any other
 *   address is refused and logged.
 *   BLKREP_A_RES_NAME   string   required
 *   BLKREP_A_MY_ADDR    binary   required, struct sockaddr_in or _in6
 *   BLKREP_A_PEER_ADDR  binary   required, same family as MY_ADDR
 *   BLKREP_A_NET        nested   optional, BLKREP_NET_* (defaults below)
 *   BLKREP_A_FLAGS      u32      optional, BLKREP_F_DISCARD_MY_DATA
 *   -EBUSY   already connecting or connected;  -ENODEV  no such resource
 *
 * BLKREP_CMD_DISCONNECT
 *   Close the connection and go StandAlone.  Requests in flight to the peer
 *   complete locally and their blocks are marked out of sync.
 *   BLKREP_A_RES_NAME   string   required
 *
 * BLKREP_CMD_INVALIDATE
 *   Throw this node's data away: its disk becomes Inconsistent and a full
 *   resync from the peer starts at once.  Needs a connection (Connected,
 *   no resync running) to a peer whose disk is UpToDate; refused on a
 *   Primary.
 *   BLKREP_A_RES_NAME   string   required
 *   -ENOTCONN  not connected;  -EBUSY  Primary, or a resync is running;
 *   -EINVAL    the peer's disk is not UpToDate
 *
 * BLKREP_CMD_INVALIDATE_REMOTE
 *   The mirror image: the peer's data is thrown away and a full resync
 *   from this node starts.  Needs this disk UpToDate, a connection (no
 *   resync running) and a peer that is not Primary.
 *   BLKREP_A_RES_NAME   string   required
 *   -ENOTCONN, -EBUSY, -EINVAL  as for INVALIDATE
 *
 * BLKREP_CMD_NEW_CURRENT_UUID
 *   Start a new data generation on this node.
 *   BLKREP_A_RES_NAME   string   required
 *   BLKREP_A_FLAGS      u32      optional, BLKREP_F_CLEAR_BITMAP
 *   Without CLEAR_BITMAP: needs a Consistent or UpToDate disk and no
 *   connection; the bitmap keeps tracking, so the next connect resyncs
 *   the blocks written since (this node is the source).
 *   With CLEAR_BITMAP: skip the initial sync of devices that are known to
 *   hold the same bytes (e.g. both freshly zeroed, or about to be
 *   overwritten by mkfs anyway).  Connected and both Secondary, no resync
 *   running: both nodes adopt the same new current UUID, clear their
 *   bitmaps and become UpToDate.  StandAlone: this node alone does so
 *   (ship a copy of its disk to the peer afterwards).
 *   -EBUSY  a resync is running, or a Primary is involved;
 *   -EINVAL the combination is not allowed (the message says why)
 *
 * BLKREP_CMD_OUTDATE
 *   Mark this node's disk Outdated: it may lack writes the peer made.  An
 *   Outdated disk becomes Primary only with BLKREP_F_FORCE, and never the
 *   source of a resync.  Refused on a Primary and while connected (the
 *   peer, which may hold the newer data, would not know).  A disk that is
 *   Inconsistent stays Inconsistent (it is worse than Outdated).
 *   BLKREP_A_RES_NAME   string   required
 *   -EBUSY  Primary, or connected;  -ENODEV  no disk
 *
 * BLKREP_CMD_RESUME_IO
 *   With fencing resource-and-stonith, a fence-peer handler that did not
 *   confirm the peer fenced leaves new I/O frozen (the peer may be alive
 *   and Primary).  It thaws when the peer reconnects, or with this command
 *   once the operator knows the peer is down.
 *   BLKREP_A_RES_NAME   string   required
 *   -EALREADY  I/O is not frozen by a failed fence-peer
 *
 * Handlers
 *   On the events below the module runs the user-mode helper named by its
 *   parameter "usermode_helper" (default /usr/sbin/blkrepadm) as
 *       <helper> handler <EVENT> <resource>
 *   with BLKREP_RESOURCE=<resource>, BLKREP_MINOR=<minor>,
 *   BLKREP_PEER_ADDRESS=<address>, BLKREP_PEER_AF=ipv4|ipv6 and
 *   BLKREP_FENCING=dont-care|resource-only|resource-and-stonith (the
 *   policy sent with the last CONNECT, the one the module acts on) in its
 *   environment.  blkrepadm runs the command configured for EVENT in the
 *   resource's "handlers" section (exit 0 when none is configured) and
 *   passes its exit status back; its own failures exit 1, never 3..7.
 *   BLKREP_PEER_ADDRESS is the bare address (no port).  blkrepadm adds,
 *   from its configuration file: BLKREP_PEER=<the peer's "on" host name>
 *   and BLKREP_CONF=<the file> (and, run by hand, BLKREP_FENCING from the
 *   file's "fencing").  The events:
 *     split-brain          both nodes, split brain found and not resolved
 *     fence-peer           a Primary lost a peer with an UpToDate disk and
 *                          fencing is on (see enum blkrep_fencing)
 *     unfence-peer         the resync source, after a resync that made a
 *                          fenced peer UpToDate again
 *     after-resync-target  the target, after a finished resync
 *     pri-lost-after-sb    a Primary that an after-sb policy names as the
 *                          loser (it is not resynced over)
 *     pri-lost             a Primary that would have to be resync target
 *                          (rr-conflict call-pri-lost)
 *     local-io-error       the backing disk failed (on-io-error
 *                          call-local-io-error)
 *   The module waits for fence-peer (its exit status decides) and does not
 *   wait for the others; every exit status is logged.
 *
 * Nested in BLKREP_A_NET (each optional; the default in brackets):
 *   BLKREP_NET_PROTOCOL        u8     1 A, 2 B, 3 C [C]: when a write
 *                                     completes: A once sent, B once the peer
 *                                     received it, C once the peer's disk has it
 *   BLKREP_NET_SHARED_SECRET   binary up to 64 bytes [none]: both nodes
 *                                     prove they know it (HMAC challenge and
 *                                     response) before anything else
 *   BLKREP_NET_CRAM_HMAC_ALG   string hash for that HMAC, e.g. "sha256"
 *   BLKREP_NET_INTEGRITY_ALG   string "crc32c": checksum every data packet,
 *                                     disconnect on a mismatch [none]
 *   BLKREP_NET_PING_INT        u32    seconds between pings when idle [10]
 *   BLKREP_NET_PING_TIMEOUT    u32    tenths of a second to answer a ping [5]
 *   BLKREP_NET_TIMEOUT         u32    tenths of a second for the peer to
 *                                     answer a request [60]
 *   BLKREP_NET_CONNECT_INT     u32    seconds between connection attempts [10]
 *   BLKREP_NET_KO_COUNT        u32    timeouts before the peer is given up [7]
 *   BLKREP_NET_RESYNC_RATE     u32    KiB/s, fixed resync rate; 0 lets the
 *                                     dynamic controller decide [0]
 *   BLKREP_NET_C_MAX_RATE      u32    KiB/s, the controller's ceiling [102400]
 *   BLKREP_NET_C_MIN_RATE      u32    KiB/s, the rate resync keeps even under
 *                                     application I/O [4096]
 *   BLKREP_NET_AFTER_SB_0PRI   u8     enum blkrep_sb_policy: split brain
 *                                     found with no Primary [DISCONNECT]
 *   BLKREP_NET_AFTER_SB_1PRI   u8     ... with one Primary [DISCONNECT]
 *   BLKREP_NET_AFTER_SB_2PRI   u8     ... with two Primaries [DISCONNECT]
 *   BLKREP_NET_RR_CONFLICT     u8     enum blkrep_rr_conflict: a resync
 *                                     would overwrite a Primary [DISCONNECT]
 *   BLKREP_NET_FENCING         u8     enum blkrep_fencing [DONT_CARE]
 *   The policies are applied on both nodes with the same inputs, so both
 *   reach the same verdict; a policy that does not apply (e.g. discard-
 *   zero-changes when both changed data) falls back to DISCONNECT.  Both
 *   nodes must have the same after-sb policies (DISCARD_LOCAL on one
 *   pairs with DISCARD_REMOTE on the other); a split brain between nodes
 *   whose policies differ is not resolved.  rr-conflict and fencing act on
 *   one node only and may differ.
 *
 * BLKREP_CMD_GET_RESOURCE
 *   doit:   BLKREP_A_RES_NAME required; answers one resource.
 *   dumpit: no attributes; answers every resource, one message each.
 *   Answer attributes:
 *     BLKREP_A_RES_NAME       string
 *     BLKREP_A_MINOR          u32
 *     BLKREP_A_ROLE           u8    enum blkrep_role
 *     BLKREP_A_PEER_ROLE      u8    enum blkrep_role
 *     BLKREP_A_DISK_STATE     u8    enum blkrep_disk_state
 *     BLKREP_A_PEER_DISK_STATE u8   enum blkrep_disk_state
 *     BLKREP_A_CONN_STATE     u8    enum blkrep_conn_state
 *     BLKREP_A_PROTOCOL       u8    enum blkrep_protocol
 *     BLKREP_A_OPEN_COUNT     u32   current openers of the device
 *     BLKREP_A_SIZE           u64   device size in 512-byte sectors
 *     BLKREP_A_DISK           string   (when attached)
 *     BLKREP_A_META_DISK      string   (when attached, external metadata)
 *     BLKREP_A_META_INDEX     u32      (when attached, indexed metadata)
 *     BLKREP_A_UUIDS          nested   BLKREP_UUID_* -> u64 each
 *     BLKREP_A_MD_FLAGS       u32   BLKREP_MDF_* (see ondisk-format.rst)
 *     BLKREP_A_STATS          nested   BLKREP_STAT_* -> u64 each
 *     BLKREP_A_PEER_ADDR      binary   (while connecting or connected)
 *     BLKREP_A_SYNC           nested   BLKREP_SYNC_* (while resyncing):
 *       BLKREP_SYNC_TOTAL u64 KiB to resync, BLKREP_SYNC_LEFT u64 KiB left,
 *       BLKREP_SYNC_RATE u64 KiB/s now
 *     BLKREP_A_IO_FROZEN      u32   BLKREP_IOF_* (only while new
 *                                   application I/O waits): why
 *
 * Counters (BLKREP_A_STATS), the same as the /proc/blkrep line:
 *   NET_SENT ns, NET_RECV nr   KiB sent to / received from the peer
 *   DISK_WRITE dw, DISK_READ dr KiB written to / read from the local disk
 *   AL_WRITES al, BM_WRITES bm  activity-log and bitmap block writes
 *   LOCAL_PENDING lo            for now the same count as APP_PENDING
 *   PEER_PENDING pe             requests sent to the peer, not yet answered
 *   UNACKED ua                  requests received from the peer, not acked
 *   APP_PENDING ap              application requests not yet completed
 *   OUT_OF_SYNC oos             KiB marked out of sync in the bitmap
 *
 * ==========================================================================
 * /proc/blkrep
 * ==========================================================================
 *   version: <module version> (api:<BLKREP_GENL_VERSION>/proto:<wire version>)
 *   then per device, in the order the resources were created:
 *    <minor>: cs:<conn> ro:<role>/<peer role> ds:<disk>/<peer disk> <proto> <flags>
 *       ns:.. nr:.. dw:.. dr:.. al:.. bm:.. lo:.. pe:.. ua:.. ap:.. oos:..
 *   <flags> is six characters: 's' while new application I/O is frozen
 *   (BLKREP_A_IO_FROZEN says why), '-' otherwise; the other five are '-'
 *   (kept for the shape of /proc/drbd).
 */
#ifndef _UAPI_LINUX_BLKREP_H
#define _UAPI_LINUX_BLKREP_H

#include <linux/types.h>

#define BLKREP_GENL_NAME	"blkrep"
#define BLKREP_GENL_VERSION	1

#define BLKREP_NAME_MAX		64	/* including the NUL */
#define BLKREP_PATH_MAX		256	/* including the NUL */
#define BLKREP_MAX_MINOR	((1U << 20) - 1)
#define BLKREP_MD_INDEX_BYTES	(128ULL << 20)	/* one indexed meta slot */

enum blkrep_cmd {
	BLKREP_CMD_UNSPEC,
	BLKREP_CMD_GET_RESOURCE,
	BLKREP_CMD_NEW_RESOURCE,
	BLKREP_CMD_DEL_RESOURCE,
	BLKREP_CMD_ATTACH,
	BLKREP_CMD_DETACH,
	BLKREP_CMD_SET_ROLE,
	BLKREP_CMD_CONNECT,
	BLKREP_CMD_DISCONNECT,
	BLKREP_CMD_INVALIDATE,
	BLKREP_CMD_INVALIDATE_REMOTE,
	BLKREP_CMD_NEW_CURRENT_UUID,
	BLKREP_CMD_OUTDATE,
	BLKREP_CMD_RESUME_IO,
	__BLKREP_CMD_MAX
};
#define BLKREP_CMD_MAX (__BLKREP_CMD_MAX - 1)

enum blkrep_attr {
	BLKREP_A_UNSPEC,
	BLKREP_A_RES_NAME,		/* NUL string, < BLKREP_NAME_MAX */
	BLKREP_A_MINOR,			/* u32 */
	BLKREP_A_DISK,			/* NUL string, < BLKREP_PATH_MAX */
	BLKREP_A_META_DISK,		/* NUL string, < BLKREP_PATH_MAX */
	BLKREP_A_META_INDEX,		/* u32 */
	BLKREP_A_FLAGS,			/* u32, BLKREP_F_* */
	BLKREP_A_ROLE,			/* u8, enum blkrep_role */
	BLKREP_A_PEER_ROLE,		/* u8, enum blkrep_role (answers only) */
	BLKREP_A_DISK_STATE,		/* u8 (answers only) */
	BLKREP_A_PEER_DISK_STATE,	/* u8 (answers only) */
	BLKREP_A_CONN_STATE,		/* u8 (answers only) */
	BLKREP_A_PROTOCOL,		/* u8 (answers only, for now) */
	BLKREP_A_OPEN_COUNT,		/* u32 (answers only) */
	BLKREP_A_SIZE,			/* u64 sectors (answers only) */
	BLKREP_A_UUIDS,			/* nested BLKREP_UUID_* (answers only) */
	BLKREP_A_MD_FLAGS,		/* u32 BLKREP_MDF_* (answers only) */
	BLKREP_A_STATS,			/* nested BLKREP_STAT_* (answers only) */
	BLKREP_A_PAD,
	BLKREP_A_MY_ADDR,		/* binary struct sockaddr_in/_in6 */
	BLKREP_A_PEER_ADDR,		/* binary struct sockaddr_in/_in6 */
	BLKREP_A_NET,			/* nested BLKREP_NET_* */
	BLKREP_A_SYNC,			/* nested BLKREP_SYNC_* (answers only) */
	BLKREP_A_ON_IO_ERROR,		/* u8 enum blkrep_on_io_error */
	BLKREP_A_IO_FROZEN,		/* u32 BLKREP_IOF_* (answers only) */
	__BLKREP_A_MAX
};
#define BLKREP_A_MAX (__BLKREP_A_MAX - 1)

/* BLKREP_A_FLAGS */
enum blkrep_flag {
	BLKREP_F_FORCE		  = 1U << 0,	/* SET_ROLE */
	BLKREP_F_DISCARD_MY_DATA  = 1U << 1,	/* CONNECT: this node is the
						   split-brain victim */
	BLKREP_F_CLEAR_BITMAP	  = 1U << 2,	/* NEW_CURRENT_UUID */
	__BLKREP_F_ALL = BLKREP_F_FORCE | BLKREP_F_DISCARD_MY_DATA |
			 BLKREP_F_CLEAR_BITMAP
};

/* BLKREP_A_IO_FROZEN: why new application I/O waits */
enum blkrep_io_frozen {
	BLKREP_IOF_FENCING	= 1U << 0,	/* fence-peer runs (fencing
						   resource-and-stonith) */
	BLKREP_IOF_FENCE_FAILED	= 1U << 1,	/* it did not confirm the peer
						   fenced: frozen until the
						   peer reconnects or
						   RESUME_IO */
	BLKREP_IOF_OTHER	= 1U << 2,	/* a failing disk is being
						   detached */
};

/* Nested in BLKREP_A_NET. */
enum blkrep_net_attr {
	BLKREP_NET_UNSPEC,
	BLKREP_NET_PROTOCOL,		/* u8 enum blkrep_protocol */
	BLKREP_NET_SHARED_SECRET,	/* binary, <= BLKREP_SECRET_MAX */
	BLKREP_NET_CRAM_HMAC_ALG,	/* NUL string, < BLKREP_ALG_MAX */
	BLKREP_NET_INTEGRITY_ALG,	/* NUL string, < BLKREP_ALG_MAX */
	BLKREP_NET_PING_INT,		/* u32 s */
	BLKREP_NET_PING_TIMEOUT,	/* u32 0.1 s */
	BLKREP_NET_TIMEOUT,		/* u32 0.1 s */
	BLKREP_NET_CONNECT_INT,		/* u32 s */
	BLKREP_NET_KO_COUNT,		/* u32 */
	BLKREP_NET_RESYNC_RATE,		/* u32 KiB/s */
	BLKREP_NET_C_MAX_RATE,		/* u32 KiB/s */
	BLKREP_NET_C_MIN_RATE,		/* u32 KiB/s */
	BLKREP_NET_AFTER_SB_0PRI,	/* u8 enum blkrep_sb_policy */
	BLKREP_NET_AFTER_SB_1PRI,	/* u8 enum blkrep_sb_policy */
	BLKREP_NET_AFTER_SB_2PRI,	/* u8 enum blkrep_sb_policy */
	BLKREP_NET_RR_CONFLICT,		/* u8 enum blkrep_rr_conflict */
	BLKREP_NET_FENCING,		/* u8 enum blkrep_fencing */
	__BLKREP_NET_MAX
};
#define BLKREP_NET_MAX (__BLKREP_NET_MAX - 1)
#define BLKREP_SECRET_MAX	64
#define BLKREP_ALG_MAX		64

/* Nested in BLKREP_A_SYNC. */
enum blkrep_sync_attr {
	BLKREP_SYNC_UNSPEC,
	BLKREP_SYNC_TOTAL,		/* u64 KiB */
	BLKREP_SYNC_LEFT,		/* u64 KiB */
	BLKREP_SYNC_RATE,		/* u64 KiB/s */
	BLKREP_SYNC_PAD,
	__BLKREP_SYNC_MAX
};
#define BLKREP_SYNC_MAX (__BLKREP_SYNC_MAX - 1)

/*
 * Automatic split-brain recovery.  "Discard" means: that node becomes the
 * target of a bitmap-based resync (the blocks either node changed since
 * they parted) and loses its changes.
 *   after-sb-0pri: DISCONNECT, DISCARD_YOUNGER_PRI (the node whose
 *     current generation started later loses), DISCARD_OLDER_PRI,
 *     DISCARD_ZERO_CHANGES (a node that changed nothing loses; if both or
 *     neither changed: DISCONNECT), DISCARD_LEAST_CHANGES (fewer changed
 *     blocks loses; equal: DISCONNECT), DISCARD_LOCAL / DISCARD_REMOTE
 *     (the node named by discard-node-NAME; blkrepadm resolves NAME)
 *   after-sb-1pri: DISCONNECT, CONSENSUS (the after-sb-0pri verdict if it
 *     discards the Secondary, else DISCONNECT), DISCARD_SECONDARY,
 *     CALL_PRI_LOST_AFTER_SB (the after-sb-0pri verdict; a Primary that
 *     loses runs the pri-lost-after-sb handler and is not resynced)
 *   after-sb-2pri: DISCONNECT, CALL_PRI_LOST_AFTER_SB
 */
enum blkrep_sb_policy {
	BLKREP_SB_DISCONNECT,
	BLKREP_SB_DISCARD_YOUNGER_PRI,
	BLKREP_SB_DISCARD_OLDER_PRI,
	BLKREP_SB_DISCARD_ZERO_CHANGES,
	BLKREP_SB_DISCARD_LEAST_CHANGES,
	BLKREP_SB_DISCARD_LOCAL,
	BLKREP_SB_DISCARD_REMOTE,
	BLKREP_SB_CONSENSUS,
	BLKREP_SB_DISCARD_SECONDARY,
	BLKREP_SB_CALL_PRI_LOST_AFTER_SB,
	__BLKREP_SB_MAX
};

/* A resync would have to overwrite a Primary's data. */
enum blkrep_rr_conflict {
	BLKREP_RR_DISCONNECT,		/* refuse: StandAlone */
	BLKREP_RR_CALL_PRI_LOST,	/* run pri-lost on the Primary, refuse */
	__BLKREP_RR_MAX
};

/*
 * What a Primary does when it loses its peer (and the peer's disk was
 * UpToDate, so it might be promoted with data this Primary is about to
 * make stale):
 *   DONT_CARE             nothing
 *   RESOURCE_ONLY         run fence-peer; exit 3 (the peer is already not
 *                         UpToDate), 4 (it was outdated) or 5 (it is down)
 *                         marks the peer Outdated in our metadata
 *                         (BLKREP_MDF_PEER_OUTDATED); other codes are
 *                         logged and writes go on
 *   RESOURCE_AND_STONITH  as RESOURCE_ONLY, but application I/O is frozen
 *                         until the handler returns; exit 7 (the peer was
 *                         fenced by STONITH) also counts
 */
enum blkrep_fencing {
	BLKREP_FENCING_DONT_CARE,
	BLKREP_FENCING_RESOURCE_ONLY,
	BLKREP_FENCING_RESOURCE_AND_STONITH,
	__BLKREP_FENCING_MAX
};

/* A failed read or write of the local backing disk (ATTACH). */
enum blkrep_on_io_error {
	BLKREP_IOE_PASS_ON,		/* the error goes to the application */
	BLKREP_IOE_CALL_LOCAL_IO_ERROR,	/* run local-io-error, then as DETACH */
	BLKREP_IOE_DETACH,		/* detach the disk: Diskless; the peer
					   serves reads and writes go to it */
	__BLKREP_IOE_MAX
};

enum blkrep_role {
	BLKREP_ROLE_UNKNOWN,
	BLKREP_ROLE_PRIMARY,
	BLKREP_ROLE_SECONDARY,
	__BLKREP_ROLE_MAX
};

/*
 * States.  ATTACHING, FAILED (disk) and PAUSEDSYNCS/T (connection) are
 * never set by this version: they keep the numbering and the names that
 * DRBD users read, for a later pause-sync and attach while connected.
 */
enum blkrep_disk_state {
	BLKREP_DS_DISKLESS,
	BLKREP_DS_ATTACHING,
	BLKREP_DS_FAILED,
	BLKREP_DS_INCONSISTENT,
	BLKREP_DS_OUTDATED,
	BLKREP_DS_DUNKNOWN,
	BLKREP_DS_CONSISTENT,
	BLKREP_DS_UPTODATE,
	__BLKREP_DS_MAX
};

enum blkrep_conn_state {
	BLKREP_CS_STANDALONE,
	BLKREP_CS_DISCONNECTING,
	BLKREP_CS_UNCONNECTED,
	BLKREP_CS_WFCONNECTION,
	BLKREP_CS_WFREPORTPARAMS,
	BLKREP_CS_CONNECTED,
	BLKREP_CS_WFBITMAPS,
	BLKREP_CS_WFBITMAPT,
	BLKREP_CS_SYNCSOURCE,
	BLKREP_CS_SYNCTARGET,
	BLKREP_CS_PAUSEDSYNCS,
	BLKREP_CS_PAUSEDSYNCT,
	__BLKREP_CS_MAX
};

enum blkrep_protocol {
	BLKREP_PROTO_A = 1,
	BLKREP_PROTO_B,
	BLKREP_PROTO_C,
};

/* Nested in BLKREP_A_UUIDS: the generation UUIDs of the local disk. */
enum blkrep_uuid_attr {
	BLKREP_UUID_UNSPEC,
	BLKREP_UUID_CURRENT,		/* u64 */
	BLKREP_UUID_BITMAP,		/* u64 */
	BLKREP_UUID_HISTORY0,		/* u64 */
	BLKREP_UUID_HISTORY1,		/* u64 */
	BLKREP_UUID_PAD,
	__BLKREP_UUID_MAX
};
#define BLKREP_UUID_MAX (__BLKREP_UUID_MAX - 1)

/* Nested in BLKREP_A_STATS: counters, see the comment at the top. */
enum blkrep_stat_attr {
	BLKREP_STAT_UNSPEC,
	BLKREP_STAT_NET_SENT,		/* u64 KiB */
	BLKREP_STAT_NET_RECV,		/* u64 KiB */
	BLKREP_STAT_DISK_WRITE,		/* u64 KiB */
	BLKREP_STAT_DISK_READ,		/* u64 KiB */
	BLKREP_STAT_AL_WRITES,		/* u64 */
	BLKREP_STAT_BM_WRITES,		/* u64 */
	BLKREP_STAT_LOCAL_PENDING,	/* u64 */
	BLKREP_STAT_PEER_PENDING,	/* u64 */
	BLKREP_STAT_UNACKED,		/* u64 */
	BLKREP_STAT_APP_PENDING,	/* u64 */
	BLKREP_STAT_OUT_OF_SYNC,	/* u64 KiB */
	BLKREP_STAT_PAD,
	__BLKREP_STAT_MAX
};
#define BLKREP_STAT_MAX (__BLKREP_STAT_MAX - 1)

/*
 * Metadata superblock flags (BLKREP_A_MD_FLAGS; stored little-endian in the
 * superblock, see Documentation/ondisk-format.rst).
 */
enum blkrep_md_flag {
	BLKREP_MDF_CONSISTENT      = 1U << 0, /* data is a consistent image */
	BLKREP_MDF_WAS_UPTODATE    = 1U << 1, /* was UpToDate when last written */
	BLKREP_MDF_PRIMARY_IND     = 1U << 2, /* set while Primary */
	BLKREP_MDF_CRASHED_PRIMARY = 1U << 3, /* found PRIMARY_IND at attach */
	BLKREP_MDF_PEER_OUTDATED   = 1U << 4, /* the peer was marked Outdated */
	BLKREP_MDF_OUTDATED        = 1U << 5, /* this disk is Outdated */
	BLKREP_MDF_FULL_SYNC       = 1U << 6, /* a full sync is pending */
	BLKREP_MDF_ATTACHED        = 1U << 7, /* attached; clear after clean detach */
	__BLKREP_MDF_ALL           = (1U << 8) - 1
};

#endif /* _UAPI_LINUX_BLKREP_H */
