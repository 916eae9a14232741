#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A hostile blkrep peer, for tests/vm/pair/rogue-peer.sh.

Speaks the wire protocol of Documentation/wire-protocol.rst from the
initiator's side (the lower address) and misbehaves on purpose, one case
per connection.  After a case it waits for the victim to drop the link and
prints one line per case:

    case NAME: ok (closed by the victim after 1.2 s)
    case NAME: FAILED (still open after 20 s)

Exit status 1 when a case failed.  The victim must log a reason for every
drop; the scenario checks its kernel log and its data.

    rogue-peer.py --bind 192.0.2.1 --peer 192.0.2.2:7789 --secret S \
                  [--alg sha256] CASE... | --random SEED:CONNECTIONS
"""
import argparse
import hashlib
import hmac
import os
import random
import socket
import struct
import sys
import threading
import time

MAGIC = 0x62726570
(HELLO, AUTH_CHALLENGE, AUTH_RESPONSE, PARAMS, STATE, BITMAP, DATA, RECV_ACK,
 WRITE_ACK, NEG_ACK, RS_DATA, RS_ACK, RS_DONE, PING, PING_ACK, SYNC_START,
 NEW_UUID, READ_REQ, READ_REPLY, OUTDATE) = range(1, 21)
ROLE_PRIMARY, ROLE_SECONDARY = 1, 2
DS_DISKLESS, DS_INCONSISTENT, DS_UPTODATE = 0, 3, 7
HF_LAST = 1
PROTO_C = 3
DF_PREFLUSH = 2
HDR = struct.Struct(">IHHII")
HELLO_S = struct.Struct(">IIQII")
PARAMS_S = struct.Struct(">QQ4QQIIIIQ3sBI")
STATE_S = struct.Struct(">II4Q")
DATA_S = struct.Struct(">QQII")
FIXED = {HELLO: 24, AUTH_CHALLENGE: 64, AUTH_RESPONSE: 64, PARAMS: 88,
         STATE: 40, RS_DONE: 40, SYNC_START: 40, NEW_UUID: 40, BITMAP: 8,
         DATA: 24, RS_DATA: 24, READ_REQ: 24, READ_REPLY: 24, RECV_ACK: 24,
         WRITE_ACK: 24, NEG_ACK: 24, RS_ACK: 24, PING: 0, PING_ACK: 0,
         OUTDATE: 0}


def pkt(ptype, payload=b"", flags=0, length=None, magic=MAGIC):
    n = len(payload) if length is None else length
    return HDR.pack(magic, ptype, flags, n, 0) + payload


class Closed(Exception):
    pass


class Peer:
    def __init__(self, args):
        self.args = args
        self.sock = None
        self.victim = None          # the victim's PARAMS, unpacked
        self.states = []            # (role, disk) of the STATE packets seen
        self.reader = None
        self.honest_resync = False  # ack the victim's RS_DATA
        self.rcvbuf = 4096
        self.rs_data = threading.Event()
        self.rs_done = threading.Event()

    # --- the connection ---------------------------------------------------
    def connect(self):
        host, port = self.args.peer.rsplit(":", 1)
        end = time.time() + 90
        while True:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            # A small window: what the victim sends backs up at once.
            # The resync cases read MiBs of resync data, and must answer
            # pings behind it within the dead-peer time: a large one.
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, self.rcvbuf)
            s.bind((self.args.bind, 0))
            s.settimeout(5)
            try:
                s.connect((host, int(port)))
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self.sock = s
                self.t0 = time.time()
                return
            except OSError:
                s.close()
                if time.time() > end:
                    raise
                time.sleep(0.3)

    def send(self, data):
        self.sock.sendall(data)

    def recv_exact(self, n):
        buf = bytearray()
        while len(buf) < n:
            c = self.sock.recv(n - len(buf))
            if not c:
                raise Closed()
            buf += c
        return bytes(buf)

    def recv_pkt(self):
        magic, ptype, flags, n, _ = HDR.unpack(self.recv_exact(HDR.size))
        if magic != MAGIC or n > (1 << 21):
            raise Closed()
        return ptype, flags, self.recv_exact(n)

    def expect(self, want):
        ptype, _, payload = self.recv_pkt()
        if ptype != want:
            raise RuntimeError("expected packet %d, got %d" % (want, ptype))
        return payload

    # --- the honest handshake, up to a chosen point ---------------------------
    def hello(self, vmin=1, vmax=1):
        self.send(pkt(HELLO, HELLO_S.pack(vmin, vmax, 0, 1, 0)))
        self.expect(HELLO)

    def response(self, challenge, key=None, who=1):
        key = self.args.secret.encode() if key is None else key
        mac = hmac.new(key, challenge[:32] + bytes([who]),
                       getattr(hashlib, self.args.alg)).digest()
        return mac.ljust(64, b"\0")

    def auth(self):
        mine = os.urandom(32).ljust(64, b"\0")
        self.send(pkt(AUTH_CHALLENGE, mine))
        theirs = self.expect(AUTH_CHALLENGE)
        self.send(pkt(AUTH_RESPONSE, self.response(theirs)))
        self.expect(AUTH_RESPONSE)

    def read_params(self):
        f = PARAMS_S.unpack(self.expect(PARAMS))
        self.victim = dict(data_bytes=f[0], cur_bytes=f[1], uuid=f[2:6],
                           role=f[7], disk=f[8], protocol=f[9],
                           after_sb=f[12], rr=f[13])

    def my_params(self, role=ROLE_SECONDARY, disk=DS_UPTODATE, flags=0):
        v = self.victim
        return PARAMS_S.pack(v["data_bytes"], 0, *v["uuid"], 0, role, disk,
                             v["protocol"], flags, 0, v["after_sb"], v["rr"], 0)

    def handshake(self, **kw):
        self.hello()
        self.auth()
        self.read_params()
        self.send(pkt(PARAMS, self.my_params(**kw)))

    def connected(self):
        """Handshake as an UpToDate Secondary with the victim's UUIDs (no
        resync), then drain what the victim sends in the background."""
        self.handshake()
        self.start_reader()

    def start_reader(self):
        def run():
            try:
                while True:
                    ptype, _, payload = self.recv_pkt()
                    if ptype == STATE and len(payload) == 40:
                        self.states.append(STATE_S.unpack(payload)[:2])
                    elif ptype == PING:
                        self.sock.sendall(pkt(PING_ACK))
                    elif ptype == DATA and len(payload) >= 24:
                        # a Secondary's duty, protocol C
                        sector, rid, size, _ = DATA_S.unpack(payload[:24])
                        self.sock.sendall(pkt(WRITE_ACK, DATA_S.pack(sector, rid, size, 0)))
                    elif ptype == RS_DATA and len(payload) >= 24:
                        sector, rid, size, _ = DATA_S.unpack(payload[:24])
                        if self.honest_resync:
                            self.sock.sendall(pkt(RS_ACK, DATA_S.pack(sector, rid, size, 0)))
                        self.rs_data.set()
                    elif ptype == RS_DONE:
                        self.rs_done.set()
            except (Closed, OSError, struct.error):
                pass
            self.closed_at = time.time()
        self.closed_at = None
        self.sock.settimeout(None)
        self.reader = threading.Thread(target=run, daemon=True)
        self.reader.start()

    def resyncing(self, honest=False):
        """Handshake as an Inconsistent Secondary with the victim's UUIDs:
        the victim (UpToDate) is the source of a bitmap-based resync.
        Send a bitmap marking the first 4 MiB, and return once the
        victim sends resync data (it is SyncSource then)."""
        self.honest_resync = honest
        self.handshake(disk=DS_INCONSISTENT)
        self.start_reader()
        self.send(pkt(BITMAP, struct.pack(">Q", 0) + b"\xff" * 128,
                      flags=HF_LAST))
        if not self.rs_data.wait(15):
            raise RuntimeError("the victim sent no resync data")

    def sectors(self):
        return self.victim["data_bytes"] // 512

    # --- after a case -----------------------------------------------------
    def wait_closed(self, limit, end=None):
        """True when the victim dropped the link within @limit s (or by
        the time @end)."""
        end = time.time() + limit if end is None else end
        if self.reader:
            self.reader.join(max(0, end - time.time()))
            ok = not self.reader.is_alive()
        else:
            ok = False
            self.sock.settimeout(1)
            while time.time() < end:
                try:
                    if not self.sock.recv(65536):
                        ok = True
                        break
                except socket.timeout:
                    continue
                except OSError:
                    ok = True
                    break
        return ok

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass
        if self.reader:
            self.reader.join(5)
        self.sock = self.reader = None
        self.states = []


# --- the cases: each leaves the victim something to refuse -------------------
def c_bad_magic(p):
    p.send(pkt(HELLO, HELLO_S.pack(1, 1, 0, 1, 0), magic=0xdeadbeef))


def c_unknown_type(p):
    p.send(pkt(999, b"x" * 8))


def c_huge_length(p):
    p.send(pkt(HELLO, b"", length=0x7fffffff))


def c_params_first(p):
    p.send(pkt(PARAMS, b"\0" * 88))


def c_bad_version(p):
    p.send(pkt(HELLO, HELLO_S.pack(7, 9, 0, 1, 0)))


def c_skip_auth(p):
    p.hello()
    p.send(pkt(PARAMS, b"\0" * 88))


def c_reflect_auth(p):
    """Send the victim's own challenge back, then its own answer."""
    p.send(pkt(HELLO, HELLO_S.pack(1, 1, 0, 1, 0)))
    p.expect(HELLO)
    theirs = p.expect(AUTH_CHALLENGE)
    p.send(pkt(AUTH_CHALLENGE, theirs))
    answer = p.expect(AUTH_RESPONSE)
    p.send(pkt(AUTH_RESPONSE, answer))


def c_wrong_secret(p):
    p.hello()
    p.send(pkt(AUTH_CHALLENGE, os.urandom(32).ljust(64, b"\0")))
    theirs = p.expect(AUTH_CHALLENGE)
    p.send(pkt(AUTH_RESPONSE, p.response(theirs, key=b"not-the-secret")))


def c_trickle(p):
    """An honest handshake, one byte every 0.3 s: it would take ~90 s."""
    data = (pkt(HELLO, HELLO_S.pack(1, 1, 0, 1, 0)) +
            pkt(AUTH_CHALLENGE, os.urandom(64)) +
            pkt(AUTH_RESPONSE, os.urandom(64)) + pkt(PARAMS, b"\0" * 88))
    p.sock.settimeout(1)
    for b in data:
        try:
            p.send(bytes([b]))
        except OSError:
            return
        time.sleep(0.3)


def c_silent(p):
    pass


def c_params_bad_role(p):
    p.hello()
    p.auth()
    p.read_params()
    p.send(pkt(PARAMS, p.my_params(role=99)))


def c_params_bad_disk(p):
    p.hello()
    p.auth()
    p.read_params()
    p.send(pkt(PARAMS, p.my_params(disk=42)))


def c_params_bad_flags(p):
    p.hello()
    p.auth()
    p.read_params()
    p.send(pkt(PARAMS, p.my_params(flags=0x80000000)))


def c_write_to_primary(p):
    p.connected()
    p.send(pkt(DATA, DATA_S.pack(0, 1, 4096, 0) + b"R" * 4096))


def c_write_zero_size(p):
    p.connected()
    p.send(pkt(DATA, DATA_S.pack(8, 2, 0, 0)))


def c_write_outside(p):
    p.connected()
    p.send(pkt(DATA, DATA_S.pack(p.sectors(), 3, 4096, 0) + b"O" * 4096))


def c_write_wrapping(p):
    p.connected()
    p.send(pkt(DATA, DATA_S.pack((1 << 64) - 4, 4, 4096, 0) + b"W" * 4096))


def c_resync_data_unasked(p):
    p.connected()
    p.send(pkt(RS_DATA, DATA_S.pack(0, 5, 4096, 0) + b"S" * 4096))


def c_bad_state(p):
    p.connected()
    p.send(pkt(STATE, STATE_S.pack(9, 77, 0, 0, 0, 0)))


def c_ack_for_nothing(p):
    p.connected()
    p.send(pkt(WRITE_ACK, DATA_S.pack(0, 12345, 4096, 0)))


def c_bitmap_outside(p):
    """During the bitmap exchange (the victim waits for ours)."""
    p.handshake(disk=DS_INCONSISTENT)
    p.start_reader()
    p.send(pkt(BITMAP, struct.pack(">Q", 1 << 40) + b"\xff" * 512))


def c_bitmap_when_connected(p):
    p.connected()
    p.send(pkt(BITMAP, struct.pack(">Q", 0) + b"\xff" * 8, flags=HF_LAST))


# --- during a resync, the victim its source --------------------------------
def c_rs_ack_for_nothing(p):
    p.resyncing()
    p.send(pkt(RS_ACK, DATA_S.pack(p.sectors() - 8, 0, 4096, 0)))


def c_rs_done_to_source(p):
    p.resyncing()
    p.send(pkt(RS_DONE, STATE_S.pack(ROLE_SECONDARY, DS_UPTODATE,
                                     *p.victim["uuid"])))


def c_sync_start_in_resync(p):
    p.resyncing()
    p.send(pkt(SYNC_START, STATE_S.pack(0, 0, 0, 0, 0, 0), flags=0x4 | 0x2))


def c_bitmap_in_resync(p):
    p.resyncing()
    p.send(pkt(BITMAP, struct.pack(">Q", 0) + b"\xff" * 8, flags=HF_LAST))


def c_rs_honest_then_unknown(p):
    """A whole resync done right (it also clears what the cases before
    left marked), then an unknown packet."""
    p.resyncing(honest=True)
    if not p.rs_done.wait(60):
        raise RuntimeError("the victim never finished the resync")
    p.send(pkt(200, b""))


def c_hello_when_connected(p):
    p.connected()
    p.send(pkt(HELLO, HELLO_S.pack(1, 1, 0, 1, 0)))


def c_unknown_when_connected(p):
    p.connected()
    p.send(pkt(200, b""))


def c_ping_flood(p):
    """PINGs as fast as TCP takes them, reading nothing: every one asks
    for a PING_ACK the victim cannot deliver."""
    p.handshake()
    p.sock.settimeout(30)
    burst = pkt(PING) * 4096
    end = time.time() + 60
    try:
        while time.time() < end:
            p.send(burst)
    except OSError:
        pass


def c_sync_start_diskless(p):
    """Be the victim's Secondary (ack its writes) until it says it is a
    Diskless Secondary (its disk failed under it, on-io-error detach, and
    it was demoted; up to 120 s), then ask it to become the resync target."""
    p.connected()
    end = time.time() + 120
    while (ROLE_SECONDARY, DS_DISKLESS) not in p.states and time.time() < end:
        time.sleep(0.2)
    if (ROLE_SECONDARY, DS_DISKLESS) not in p.states:
        raise RuntimeError("the victim never reported a Diskless Secondary")
    p.send(pkt(SYNC_START, STATE_S.pack(ROLE_SECONDARY, DS_UPTODATE, 0, 0, 0, 0)))


CASES = {n[2:].replace("_", "-"): f for n, f in globals().items()
         if n.startswith("c_")}
LONG_SETUP = {"sync-start-diskless"}
BIG_WINDOW = {n for n in CASES if n.startswith("rs-") or n.endswith("-in-resync")}


def random_packet(rng, p):
    """Any type (some unknown), any flags, fields near the edges."""
    ptype = rng.choice(list(FIXED) + [0, 21, 255, 65535])
    fixed = FIXED.get(ptype, rng.randrange(64))
    flags = rng.choice([0, 1, 2, 4, 8, 0xffff, rng.randrange(1 << 16)])
    edge = [0, 1, 7, 8, p.sectors() - 8, p.sectors(), (1 << 64) - 1,
            rng.randrange(1 << 64)]
    if ptype in (DATA, RS_DATA, READ_REQ, READ_REPLY, RECV_ACK, WRITE_ACK,
                 NEG_ACK, RS_ACK):
        size = rng.choice([0, 512, 4096, 4097, 1 << 20, (1 << 32) - 1])
        body = DATA_S.pack(rng.choice(edge) % (1 << 64), rng.randrange(1 << 64),
                           size, rng.randrange(64))
        data_len = min(size, 8192) if rng.random() < 0.7 else rng.randrange(600)
        body += os.urandom(data_len)
    elif ptype in (STATE, RS_DONE, SYNC_START, NEW_UUID):
        body = STATE_S.pack(rng.randrange(5), rng.randrange(10),
                            *[rng.randrange(1 << 64) for _ in range(4)])
    else:
        body = os.urandom(fixed + rng.choice([0, 0, 1, 512]))
    length = len(body) if rng.random() < 0.9 else rng.randrange(1 << 32)
    return pkt(ptype, body, flags=flags, length=length)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bind", required=True)
    ap.add_argument("--peer", required=True)
    ap.add_argument("--secret", required=True)
    ap.add_argument("--alg", default="sha256")
    ap.add_argument("--wait", type=float, default=25,
                    help="seconds the victim has to drop the link")
    ap.add_argument("--random", metavar="SEED:CONNECTIONS")
    ap.add_argument("cases", nargs="*")
    args = ap.parse_args()
    failed = 0
    for name in args.cases:
        if name not in CASES:
            print("unknown case %s; known: %s" % (name, " ".join(CASES)))
            return 2
        p = Peer(args)
        if name in BIG_WINDOW:
            p.rcvbuf = 1 << 20
        p.connect()
        try:
            CASES[name](p)
        except (Closed, OSError, RuntimeError) as e:
            if isinstance(e, RuntimeError):
                print("case %s: FAILED (%s)" % (name, e))
                failed += 1
                p.close()
                continue
        # From now on behave: answer PINGs, ack writes.  A victim that
        # let the misdeed pass would keep the link up.  The victim has
        # --wait seconds from the connect (a trickled handshake included),
        # from the misdeed for the case that first waits for its state.
        if not p.reader:
            p.start_reader()
        end = (time.time() if name in LONG_SETUP else p.t0) + args.wait
        ok = p.wait_closed(0, end=end)
        took = time.time() - p.t0
        if ok:
            print("case %s: ok (closed by the victim %.1f s after the connect)" % (name, took))
        else:
            print("case %s: FAILED (still open %.0f s after the connect)" % (name, took))
            failed += 1
        p.close()
        sys.stdout.flush()
    if args.random:
        seed, conns = (int(x) for x in args.random.split(":"))
        print("random: seed %d, %d connections" % (seed, conns))
        rng = random.Random(seed)
        for i in range(conns):
            p = Peer(args)
            p.connect()
            sent = 0
            try:
                p.connected()
                for sent in range(1, rng.randrange(1, 40) + 1):
                    p.send(random_packet(rng, p))
                    if p.reader and not p.reader.is_alive():
                        break
            except (Closed, OSError, RuntimeError):
                pass
            closed = p.wait_closed(3)
            print("random %d: %d packets, %s" % (i, sent, "dropped by the victim" if closed else "we hung up"))
            p.close()
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
