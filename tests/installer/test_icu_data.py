"""installer/icu_data.py: the Linux build's ICU data keeps what the desk makes Qt ask for (Chinese
collation in pinyin order) and loses the rest, without the build needing ICU's own tools."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

INSTALLER = Path(__file__).resolve().parents[2] / "installer"
QT_LIB = Path(importlib.util.find_spec("PySide6").origin).parent / "Qt" / "lib"
ICU_DATA = sorted(QT_LIB.glob("libicudata.so.*"))


def _icu_data():
    spec = importlib.util.spec_from_file_location("icu_data", INSTALLER / "icu_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


needs_wheel_icu = pytest.mark.skipif(
    not (sys.platform.startswith("linux") and ICU_DATA and shutil.which("as") and shutil.which("ld")),
    reason="only Linux PySide6 wheels carry their own ICU; the build assembles it with binutils")


def test_collation_is_kept_and_what_qt_never_asks_the_desk_for_goes():
    wanted = _icu_data().wanted
    for kept in ("coll/zh.res", "coll/zh_Hans_CN.res", "coll/root.res", "coll/ucadata.icu", "coll/en.res"):
        assert wanted(kept), kept
    for dropped in ("coll/ja.res", "coll/de.res", "zone/zh.res", "brkitr/cjdict.dict", "gb18030.cnv",
                    "zh.res", "curr/zh.res", "unames.icu", "translit/root.res"):
        assert not wanted(dropped), dropped


def test_an_items_blob_written_back_reads_the_same():
    icu_data = _icu_data()
    header = bytes([144, 0, 0xDA, 0x27]) + bytes(8) + b"CmnD" + bytes(128)  # 144 bytes, as ICU writes it
    items = [icu_data.Item("icudt73l/coll/root.res", b"root data"), icu_data.Item("icudt73l/coll/zh.res", b"z" * 33)]
    blob = icu_data.write_items(header, items)
    again_header, again = icu_data.read_items(blob)
    assert again_header == header
    # Items come back padded to ICU's 16-byte alignment, their own bytes first.
    assert [item.name for item in again] == [item.name for item in items]
    for written, read in zip(items, again, strict=True):
        assert read.data.startswith(written.data) and not read.data[len(written.data):].strip(b"\0")


@needs_wheel_icu
def test_the_trimmed_library_is_small_and_qt_still_sorts_chinese_by_pinyin(tmp_path):
    icu_data = _icu_data()
    library = icu_data.build_library(ICU_DATA[-1], tmp_path)
    assert library.name == ICU_DATA[-1].name
    assert library.stat().st_size < ICU_DATA[-1].stat().st_size / 10

    probe = ("from functools import cmp_to_key\n"
             "from PySide6.QtCore import QCollator, QLocale\n"
             "collator = QCollator(QLocale(QLocale.Chinese, QLocale.China))\n"
             "print(' '.join(sorted(['张伟', '阿强', '赵敏', '李娜'], key=cmp_to_key(collator.compare))))\n"
             "print(any('" + str(tmp_path) + "' in line for line in open('/proc/self/maps')))\n")
    env = {**os.environ, "LD_PRELOAD": str(library), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    order, loaded = result.stdout.split("\n")[:2]
    assert loaded == "True", "the probe must run on the trimmed library"
    assert order == "阿强 李娜 张伟 赵敏"  # pinyin a, l, zh-ang, zh-ao; code points would put 张 first
    assert "collator" not in result.stderr.lower()
