"""Qt's ICU data cut down to what the desk makes Qt ask ICU for (Linux build only).

The PySide6 wheels link Qt Core against their own ICU, whose data library (libicudata.so.NN) holds
every locale's collation, time-zone names, currencies, units, break-iterator dictionaries and
~200 legacy converters: 31 MB, mapped by the dynamic linker whether used or not. Qt Core calls ICU
for four things only (its undefined ICU symbols: ucol_*, ucal_*, ucnv_*, u_strTo{Upper,Lower}),
and the desk reaches one of them:
  - collation: QCollator, which the file dialogs use to sort names (Chinese in pinyin order). Kept:
    coll/ for zh, en and root, and the UCA table.
  - time-zone names (ucal_*, QTimeZone::displayName): the desk shows no time zones. Dropped.
  - legacy encodings (ucnv_*, QStringDecoder, rich-text paste with a charset): the desk decodes GBK
    consoles and files in Python and has no rich-text input. Dropped.
  - case mapping lives in libicuuc's code, not in the data.
Measured: tracing ICU's data lookups (udata_openChoice) through the whole UI test suite, the frozen
smoke run and a time-zone/encoding probe, the desk asks for coll/ucadata, coll/zh and coll/root only.
A missing item is an ordinary "not found" for ICU (QTimeZone::displayName would answer an empty
name, an ICU decoder would report itself invalid); nothing fails to load.

ICU looks items up by name in the table of contents of one "common data" blob (the exported symbol
icudtNN_dat). The blob is rewritten with only the kept items and assembled into a new
libicudata.so.NN with binutils (`as`, `ld`), which PyInstaller itself needs on Linux. To let Qt use
more of ICU later (say QTimeZone names), widen `wanted()`.

Usage: python installer/icu_data.py LIBICUDATA   prints what is kept and dropped, by group.
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import NamedTuple

# The collation tree's bundles kept: Chinese (the desk's locale), English and root (every fallback).
KEPT_LANGUAGES = ("zh", "en", "root")
KEPT_TREE = "coll"
# Collation's own data and index in that tree.
KEPT_TREE_ITEMS = ("ucadata.icu", "res_index.res")
LOCALE_BUNDLE = re.compile(r"^([a-z]{2,3}|root)(_[A-Za-z0-9]+)*\.res$")
HEADER_MAGIC = (0xDA, 0x27)


class Item(NamedTuple):
    name: str  # e.g. "icudt73l/coll/zh.res"
    data: bytes


def wanted(name: str) -> bool:
    """Whether an item (its name without the "icudtNNl/" prefix, e.g. "coll/zh.res") is kept."""
    tree, _, leaf = name.rpartition("/")
    if tree != KEPT_TREE:
        return False
    if leaf in KEPT_TREE_ITEMS:
        return True
    locale = LOCALE_BUNDLE.match(leaf)
    return bool(locale and locale.group(1) in KEPT_LANGUAGES)


def _data_symbol(elf: bytes) -> tuple[str, int, int]:
    """(name, file offset, size) of the exported icudtNN_dat symbol of a 64-bit little-endian ELF."""
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        raise ValueError("not a 64-bit little-endian ELF library")
    shoff, = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", elf, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", elf, shoff + i * shentsize) for i in range(shnum)]
    for _name, sh_type, _flags, _addr, offset, size, link, _info, _align, entsize in sections:
        if sh_type != 11:  # SHT_DYNSYM
            continue
        strtab_offset = sections[link][4]
        for pos in range(offset, offset + size, entsize):
            st_name, _st_info, _st_other, st_shndx, st_value, st_size = struct.unpack_from("<IBBHQQ", elf, pos)
            end = elf.index(b"\0", strtab_offset + st_name)
            symbol = elf[strtab_offset + st_name:end].decode()
            if re.fullmatch(r"icudt\d+_dat", symbol) and st_shndx:
                section = sections[st_shndx]
                return symbol, section[4] + (st_value - section[3]), st_size
    raise ValueError("no icudtNN_dat symbol: not an ICU data library")


def read_items(blob: bytes) -> tuple[bytes, list[Item]]:
    """The header and the items of an ICU common-data blob (format "CmnD")."""
    header_size, magic1, magic2 = struct.unpack_from("<HBB", blob, 0)
    if (magic1, magic2) != HEADER_MAGIC or blob[12:16] != b"CmnD":
        raise ValueError("not ICU common data")
    toc = header_size
    count, = struct.unpack_from("<I", blob, toc)
    entries = [struct.unpack_from("<II", blob, toc + 4 + 8 * i) for i in range(count)]
    ends = [offset for _, offset in entries[1:]] + [len(blob) - toc]
    items = []
    for (name_offset, data_offset), end in zip(entries, ends, strict=True):
        name_end = blob.index(b"\0", toc + name_offset)
        items.append(Item(blob[toc + name_offset:name_end].decode("ascii"), blob[toc + data_offset:toc + end]))
    return blob[:header_size], items


def write_items(header: bytes, items: list[Item]) -> bytes:
    """A common-data blob of `items` (kept in their sorted order: ICU looks names up by bisection)."""
    names = b"".join(item.name.encode("ascii") + b"\0" for item in items)
    names_start = 4 + 8 * len(items)
    offset = _aligned(names_start + len(names))
    entries, name_offset, body = [], names_start, bytearray()
    for item in items:
        entries.append(struct.pack("<II", name_offset, offset + len(body)))
        name_offset += len(item.name) + 1
        body += item.data
        body += b"\0" * (_aligned(len(body)) - len(body))  # every item 16-byte aligned, as genccode does
    toc = struct.pack("<I", len(items)) + b"".join(entries) + names
    return header + toc + b"\0" * (offset - len(toc)) + bytes(body)


def _aligned(size: int) -> int:
    return (size + 15) & ~15


def trimmed_blob(library: Path) -> tuple[str, bytes, Counter, Counter]:
    """(symbol, new blob, kept bytes by group, dropped bytes by group) for an ICU data library."""
    elf = library.read_bytes()
    symbol, offset, size = _data_symbol(elf)
    header, items = read_items(elf[offset:offset + size])
    kept, dropped = Counter(), Counter()
    keep = []
    for item in items:
        short = item.name.split("/", 1)[1]
        group = short.split("/")[0] if "/" in short else Path(short).suffix or short
        if wanted(short):
            keep.append(item)
            kept[group] += len(item.data)
        else:
            dropped[group] += len(item.data)
    return symbol, write_items(header, keep), kept, dropped


def build_library(library: Path, workdir: Path) -> Path:
    """Write workdir/<library's name>: the same soname and symbol, only the items Qt Core asks for."""
    symbol, blob, _kept, _dropped = trimmed_blob(library)
    workdir.mkdir(parents=True, exist_ok=True)
    data = workdir / f"{symbol}.dat"
    data.write_bytes(blob)
    source = workdir / f"{symbol}.s"
    source.write_text(
        "\t.section .rodata\n\t.balign 16\n"
        f"\t.globl {symbol}\n\t.type {symbol}, @object\n{symbol}:\n"
        f'\t.incbin "{data.name}"\n\t.size {symbol}, . - {symbol}\n'
        '\t.section .note.GNU-stack,"",@progbits\n', encoding="ascii")
    obj = workdir / f"{symbol}.o"
    out = workdir / library.name
    subprocess.run(["as", "-o", str(obj), str(source)], cwd=workdir, check=True)
    subprocess.run(["ld", "-shared", "-s", "-z", "noexecstack", "-soname", library.name, "-o", str(out), str(obj)],
                   cwd=workdir, check=True)
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    _symbol, blob, kept, dropped = trimmed_blob(Path(argv[0]))
    for title, groups in (("kept", kept), ("dropped", dropped)):
        print(f"{title}: {sum(groups.values()) / 1e6:.1f} MB")
        for group, size in groups.most_common():
            print(f"  {size / 1e6:7.2f} MB  {group}")
    print(f"new data blob: {len(blob) / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
