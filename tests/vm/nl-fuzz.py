#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Generic netlink fuzzer for the blkrep family (tests/vm/scenarios/nl-fuzz.sh).

Sends COUNT requests with random commands, attribute types, sizes, orders
and contents (half of them shaped like the real thing: a known resource
name, attributes of the right size) and waits at most --hang seconds for
each answer.  Prints the seed, a count of the answers by errno and, for
--unprivileged, checks that every command but GET_RESOURCE is refused
with EPERM.  Exit 1 if a request got no answer, an unprivileged one got anything but
EPERM (GET_RESOURCE excepted), or a resource with a name the uapi header
forbids was created.

    nl-fuzz.py --seed N --count N [--unprivileged UID] [--hang SECONDS]
"""
import argparse
import collections
import errno
import os
import random
import re
import socket
import struct
import sys

NETLINK_GENERIC = 16
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLA_F_NESTED = 0x8000
GET_RESOURCE = 1        # BLKREP_CMD_GET_RESOURCE
LAST_CMD = 13           # BLKREP_CMD_RESUME_IO, the last one
NAMES = [b"r0", b"fz", b"r1", b"", b"-", b"x" * 63, b"x" * 64, b"r0\0junk",
         b"../r0", b"\xff\xfe"]


def nla(atype, payload):
    n = 4 + len(payload)
    return struct.pack("=HH", n, atype) + payload + b"\0" * ((4 - n % 4) % 4)


class Genl:
    def __init__(self, hang):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.s.bind((0, 0))
        self.s.settimeout(hang)
        self.seq = 1

    def request(self, family, cmd, attrs, version=1):
        body = struct.pack("=BBH", cmd, version, 0) + attrs
        self.seq += 1
        msg = struct.pack("=IHHII", 16 + len(body), family,
                          NLM_F_REQUEST | NLM_F_ACK, self.seq, 0) + body
        self.s.send(msg)
        replies = []
        while True:
            data = self.s.recv(65536)
            off = 0
            while off + 16 <= len(data):
                n, mtype, _, seq, _ = struct.unpack_from("=IHHII", data, off)
                if n < 16:
                    return -errno.EPROTO, replies
                if seq == self.seq:
                    if mtype == NLMSG_ERROR:
                        return struct.unpack_from("=i", data, off + 16)[0], replies
                    if mtype == NLMSG_DONE:
                        return 0, replies
                    replies.append(data[off:off + n])
                off += (n + 3) & ~3

    def family(self, name):
        err, replies = self.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                                    nla(CTRL_ATTR_FAMILY_NAME, name + b"\0"))
        for r in replies:
            off = 20
            while off + 4 <= len(r):
                n, t = struct.unpack_from("=HH", r, off)
                if n < 4:
                    break
                if t == CTRL_ATTR_FAMILY_ID:
                    return struct.unpack_from("=H", r, off + 4)[0]
                off += (n + 3) & ~3
        raise SystemExit("nl-fuzz: no generic netlink family %s (err %d)" % (name, err))


def sockaddr(rng):
    if rng.random() < 0.5:
        return struct.pack("=H", socket.AF_INET) + struct.pack(">H", rng.choice([7789, 0, 65535])) + \
            socket.inet_aton(rng.choice(["127.0.0.1", "192.0.2.1", "0.0.0.0", "255.255.255.255"])) + b"\0" * 8
    return struct.pack("=H", socket.AF_INET6) + struct.pack(">H", 7789) + b"\0" * 4 + \
        rng.choice([b"\0" * 15 + b"\1", os.urandom(16)]) + b"\0" * 4


def value(rng, shaped):
    """An attribute payload: shaped like a u8/u32/u64/string, or random."""
    if shaped:
        kind = rng.randrange(6)
        if kind == 0:
            return rng.choice(NAMES) + b"\0"
        if kind == 1:
            return struct.pack("=I", rng.choice([0, 1, 2, 3, 255, 0xffffffff, rng.randrange(1 << 32)]))
        if kind == 2:
            return struct.pack("=B", rng.choice([0, 1, 2, 3, 255]))
        if kind == 3:
            return struct.pack("=Q", rng.randrange(1 << 64))
        if kind == 4:
            return rng.choice([b"/dev/vdb\0", b"/dev/vdc\0", b"/dev/null\0", b"/dev/blkrep0\0", b"/\0"])
        return sockaddr(rng)
    return os.urandom(rng.choice([0, 1, 2, 3, 4, 7, 8, 16, 28, 64, 300]))


def attrs(rng, depth=0):
    out = b""
    for _ in range(rng.randrange(8)):
        shaped = rng.random() < 0.6
        atype = rng.randrange(1, 40) if shaped else rng.randrange(1 << 16)
        if depth < 2 and rng.random() < 0.15:
            out += nla(atype | NLA_F_NESTED, attrs(rng, depth + 1))
        else:
            out += nla(atype, value(rng, shaped))
    if rng.random() < 0.7:
        out = nla(1, rng.choice(NAMES) + b"\0") + out     # BLKREP_A_RES_NAME first
    return out


# Well-formed requests: each command's own attributes (enum blkrep_attr,
# enum blkrep_net_attr), with values at and around the edges of what the
# policies allow, so the handlers, not only the policies, get to work.
A_NAME, A_MINOR, A_DISK, A_META_DISK, A_META_INDEX, A_FLAGS, A_ROLE = range(1, 8)
A_MY_ADDR, A_PEER_ADDR, A_NET, A_ON_IO_ERROR = 19, 20, 21, 23
PATHS = [b"/dev/vdb", b"/dev/vdc", b"/dev/vda", b"/dev/null", b"/dev/blkrep0",
         b"/nonexistent", b"/dev/vdb/../vdb"]


def u8(v):
    return struct.pack("=B", v & 0xff)


def u32(v):
    return struct.pack("=I", v & 0xffffffff)


def net_attrs(rng):
    out = b""
    for _ in range(rng.randrange(6)):
        t = rng.randrange(1, 18)
        if t == 1 or t >= 13:
            out += nla(t, u8(rng.choice([0, 1, 2, 3, 4, 7, 255])))
        elif t == 2:
            out += nla(t, os.urandom(rng.choice([0, 1, 64, 65])))
        elif t in (3, 4):
            out += nla(t, rng.choice([b"sha256", b"sha1", b"crc32c", b"md5", b"nope", b""]) + b"\0")
        else:
            out += nla(t, u32(rng.choice([0, 1, 2, 5, 60, 120, 121, 300, 301, 600, 601, 0xffffffff])))
    return out


def well_formed(rng):
    cmd = rng.randrange(1, LAST_CMD + 1)
    name = rng.choice([b"r0", b"r0", b"fz", b"fz", b"r1"] + NAMES)
    a = nla(A_NAME, name + b"\0") if rng.random() < 0.95 else b""
    flags = lambda: nla(A_FLAGS, u32(rng.choice([0, 0, 1, 2, 4, 8, 0xffffffff])))
    if cmd == 2:
        a += nla(A_MINOR, u32(rng.choice([0, 1, 7, 255, 256, 1 << 20, 0xffffffff])))
    elif cmd == 4:
        a += nla(A_DISK, rng.choice(PATHS) + b"\0")
        if rng.random() < 0.4:
            a += nla(A_META_DISK, rng.choice(PATHS) + b"\0")
            if rng.random() < 0.5:
                a += nla(A_META_INDEX, u32(rng.choice([0, 1, 2, 100, 0xffffffff])))
        if rng.random() < 0.5:
            a += nla(A_ON_IO_ERROR, u8(rng.randrange(5)))
    elif cmd == 6:
        a += nla(A_ROLE, u8(rng.choice([1, 2, 1, 2, 0, 3])))
        if rng.random() < 0.5:
            a += flags()
    elif cmd == 7:
        a += nla(A_MY_ADDR, sockaddr(rng)) + nla(A_PEER_ADDR, sockaddr(rng))
        if rng.random() < 0.7:
            a += nla(A_NET | NLA_F_NESTED, net_attrs(rng))
        if rng.random() < 0.3:
            a += flags()
    elif cmd in (11, 13) and rng.random() < 0.6:
        a += flags()
    return cmd, a, name if a.startswith(nla(A_NAME, name + b"\0")) else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--unprivileged", type=int, metavar="UID")
    ap.add_argument("--hang", type=float, default=60)
    args = ap.parse_args()
    if args.unprivileged is not None:
        os.setgroups([])
        os.setgid(args.unprivileged)
        os.setuid(args.unprivileged)
    g = Genl(args.hang)
    fam = g.family(b"blkrep")
    rng = random.Random(args.seed)
    seen = collections.Counter()
    bad = 0
    print("nl-fuzz: seed %d, %d requests%s" % (args.seed, args.count,
          " as uid %d" % args.unprivileged if args.unprivileged is not None else ""))
    for i in range(args.count):
        name = None
        if rng.random() < 0.6:
            cmd, a, name = well_formed(rng)
        else:
            cmd = rng.randrange(1, 20) if rng.random() < 0.9 else rng.randrange(256)
            a = attrs(rng)
        try:
            err, _ = g.request(fam, cmd, a, version=rng.choice([1, 1, 1, 0, 255]))
        except socket.timeout:
            print("nl-fuzz: request %d (command %d, %d attribute bytes) got no answer in %.0f s: %s"
                  % (i, cmd, len(a), args.hang, a.hex()))
            return 1
        seen[errno.errorcode.get(-err, str(err)) if err else "ok"] += 1
        # The uapi header: 1..63 bytes of [A-Za-z0-9_.+-].
        if cmd == 2 and not err and name is not None and \
                not re.fullmatch(rb"[A-Za-z0-9_.+-]{1,63}", name.split(b"\0")[0]):
            print("nl-fuzz: a resource named %r was created" % name)
            bad += 1
        # Unknown commands are EOPNOTSUPP for everyone; every known one
        # but GET_RESOURCE is refused before it looks at anything.
        want = -errno.EPERM if 1 <= cmd <= LAST_CMD else -errno.EOPNOTSUPP
        if args.unprivileged is not None and cmd != GET_RESOURCE and err != want:
            if bad < 5:
                print("nl-fuzz: unprivileged command %d got %s, not %d" % (cmd, err or "success", want))
            bad += 1
    print("nl-fuzz: answers: " + ", ".join("%s %d" % kv for kv in sorted(seen.items())))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
