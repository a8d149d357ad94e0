"""Which data folder is the demo's, and its passphrase (public: the demo holds no real person).

The mark is a small text file in the data folder; it never holds the passphrase, which is
this constant, printed in the README and shown on the demo's unlock screen.
"""

from __future__ import annotations

from pathlib import Path

DEMO_PASSPHRASE = "yanshi-demo-2026-taohua"
MARKER_NAME = "DEMO-演示数据.txt"
MARKER_TEXT = (
    "这个数据文件夹由 make run 生成，里面全部是虚构的演示数据（演示县），不是真实儿童。\n"
    "This data folder was made by `make run`; everything in it is made-up demo data.\n"
)


def mark_demo_folder(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / MARKER_NAME).write_text(MARKER_TEXT, encoding="utf-8")


def is_demo_folder(root: Path) -> bool:
    return (root / MARKER_NAME).is_file()
