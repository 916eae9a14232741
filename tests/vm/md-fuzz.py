#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Corrupt blkrep metadata on purpose, for tests/vm/scenarios/md-fuzz.sh.

    md-fuzz.py snapshot DEV FILE      save DEV's internal metadata area
    md-fuzz.py mutate DEV FILE SEED   write FILE's metadata back to DEV
                                      with 1-3 random mutations; print them
    md-fuzz.py restore DEV FILE       write FILE's metadata back as it was

Mutations follow Documentation/ondisk-format.rst: superblock fields set to
edge values, activity-log transaction fields and extent entries, bitmap
bytes, and raw byte flips; most of them with the area's CRC32C fixed up so
that the module's deeper checks, not only the checksum, get to see them.
"""
import os
import random
import struct
import sys

BLOCK = 4096


def _crc32c_table():
    t = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        t.append(c)
    return t


TABLE = _crc32c_table()


def crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c = TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


# superblock fields: (name, offset, size)
SB_FIELDS = [("magic", 0, 8), ("version", 8, 4), ("flags", 16, 4),
             ("meta_type", 20, 4), ("meta_index", 24, 4),
             ("bm_bytes_per_bit", 28, 4), ("dev_bytes", 32, 8),
             ("data_bytes", 40, 8), ("sb_offset", 48, 8),
             ("al_offset", 56, 8), ("bm_offset", 64, 8), ("bm_bytes", 72, 8),
             ("al_slots", 80, 4), ("al_extent_shift", 84, 4),
             ("al_extents", 88, 4), ("reserved0", 92, 4), ("uuid0", 96, 8),
             ("uuid1", 104, 8), ("uuid2", 112, 8), ("uuid3", 120, 8),
             ("device_uuid", 128, 8), ("events", 136, 8),
             ("gen_time", 144, 8), ("reserved", 152, 8)]
AL_FIELDS = [("magic", 0, 4), ("seq", 8, 8), ("nr", 16, 4),
             ("al_extents", 20, 4), ("reserved", 24, 8)]


def dev_size(dev):
    fd = os.open(dev, os.O_RDONLY)
    try:
        return os.lseek(fd, 0, os.SEEK_END)
    finally:
        os.close(fd)


def edge(rng, old, size):
    top = (1 << (8 * size)) - 1
    return rng.choice([0, 1, 2, 3, 4, 22, 31, 32, 33, 64, 1016, 1017, 4095,
                       4096, top, top >> 1, (top >> 1) + 1, old + 1,
                       max(old - 1, 0), old + BLOCK, max(old - BLOCK, 0),
                       (old * 2) & top, rng.randrange(top + 1)]) & top


def put(buf, off, size, val):
    buf[off:off + size] = val.to_bytes(size, "little")


def get(buf, off, size):
    return int.from_bytes(buf[off:off + size], "little")


def fix_crc(buf, base, length, crc_off):
    put(buf, base + crc_off, 4, 0)
    put(buf, base + crc_off, 4, crc32c(bytes(buf[base:base + length])))


def snapshot(dev, out):
    n = dev_size(dev) // BLOCK * BLOCK
    with open(dev, "rb") as f:
        f.seek(n - BLOCK)
        sb = f.read(512)
        bm_offset = get(sb, 64, 8)
        if sb[:8] != b"BLKREPMD" or not 0 < bm_offset < n:
            raise SystemExit("md-fuzz: no blkrep superblock at the end of %s" % dev)
        f.seek(bm_offset)
        area = f.read(n - bm_offset)
    with open(out, "wb") as o:
        o.write(struct.pack("<Q", bm_offset) + area)


def mutate(dev, snap, seed, count=None):
    rng = random.Random(seed)
    with open(snap, "rb") as f:
        start = struct.unpack("<Q", f.read(8))[0]
        buf = bytearray(f.read())
    sb = len(buf) - BLOCK                       # superblock, in buf
    al = get(buf, sb + 56, 8) - start           # activity log, in buf
    bm_bytes = get(buf, sb + 72, 8)
    done = []
    for _ in range(rng.randint(1, 3) if count is None else count):
        kind = rng.choice(["sb", "sb", "sb", "sb-bytes", "al", "al", "al-bytes", "bitmap"])
        if kind == "sb":
            name, off, size = rng.choice(SB_FIELDS)
            old = get(buf, sb + off, size)
            new = edge(rng, old, size)
            put(buf, sb + off, size, new)
            fixed = rng.random() < 0.85
            if fixed:
                fix_crc(buf, sb, 512, 12)
            done.append("superblock %s %#x -> %#x%s" % (name, old, new, "" if fixed else " (crc left wrong)"))
        elif kind == "sb-bytes":
            for _ in range(rng.randint(1, 8)):
                buf[sb + rng.randrange(512)] = rng.randrange(256)
            fixed = rng.random() < 0.5
            if fixed:
                fix_crc(buf, sb, 512, 12)
            done.append("superblock bytes flipped%s" % ("" if fixed else " (crc left wrong)"))
        elif kind in ("al", "al-bytes"):
            # Prefer the newest transaction: it is the one recovery reads.
            seqs = [(get(buf, al + i * BLOCK + 8, 8), i) for i in range(32)]
            slot = max(seqs)[1] if rng.random() < 0.7 else rng.randrange(32)
            base = al + slot * BLOCK
            if kind == "al":
                if rng.random() < 0.5:
                    name, off, size = rng.choice(AL_FIELDS)
                else:
                    i = rng.randrange(1016)
                    name, off, size = "extent[%d]" % i, 32 + 4 * i, 4
                old = get(buf, base + off, size)
                new = edge(rng, old, size)
                put(buf, base + off, size, new)
                what = "al slot %d %s %#x -> %#x" % (slot, name, old, new)
            else:
                for _ in range(rng.randint(1, 16)):
                    buf[base + rng.randrange(BLOCK)] = rng.randrange(256)
                what = "al slot %d bytes flipped" % slot
            fixed = rng.random() < 0.85
            if fixed:
                fix_crc(buf, base, BLOCK, 4)
            done.append(what + ("" if fixed else " (crc left wrong)"))
        else:
            if rng.random() < 0.3:
                buf[0:bm_bytes] = b"\xff" * bm_bytes
                done.append("bitmap all ones, past the data too")
            else:
                for _ in range(rng.randint(1, 64)):
                    buf[rng.randrange(bm_bytes)] = rng.randrange(256)
                done.append("bitmap bytes changed")
    fd = os.open(dev, os.O_WRONLY)
    try:
        os.pwrite(fd, bytes(buf), start)
        os.fsync(fd)
    finally:
        os.close(fd)
    print("; ".join(done))


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "snapshot":
        snapshot(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 5 and sys.argv[1] == "mutate":
        mutate(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif len(sys.argv) == 4 and sys.argv[1] == "restore":
        mutate(sys.argv[2], sys.argv[3], 0, count=0)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
