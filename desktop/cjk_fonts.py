"""Which Chinese font families the window and the PDFs ask for, best first.

The villages run Windows: the families every Simplified Chinese Windows has (微软雅黑
Microsoft YaHei since Vista, 等线 DengXian since Windows 10, 宋体 SimSun and 黑体 SimHei
always) come first, by name, so the choice never rests on Qt's fallback; then macOS's,
then the free families a Linux machine (or a build that bundles one) has. No Qt here:
the caller says which families are installed.
"""

from __future__ import annotations

from collections.abc import Iterable

WINDOWS_FAMILIES: tuple[str, ...] = (
    "Microsoft YaHei UI",  # the UI cut of YaHei: Windows' own menus and dialogs use it
    "Microsoft YaHei",
    "DengXian",
    "SimSun",
    "SimHei",
)
MAC_FAMILIES: tuple[str, ...] = ("PingFang SC",)
FREE_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",  # make system-deps installs it on Debian
)
# The window: Windows' families, then the others.
WINDOW_FAMILIES = WINDOWS_FAMILIES + MAC_FAMILIES + FREE_FAMILIES
# Documents: the full YaHei (its UI cut is for menus), then the rest as for the window.
DOCUMENT_FAMILIES = tuple(f for f in WINDOW_FAMILIES if f != "Microsoft YaHei UI")


def preferred_installed(preferred: Iterable[str], installed: Iterable[str]) -> list[str]:
    """The preferred families that are installed, in the order preferred."""
    present = set(installed)
    return [family for family in preferred if family in present]


__all__ = [
    "DOCUMENT_FAMILIES",
    "FREE_FAMILIES",
    "MAC_FAMILIES",
    "WINDOWS_FAMILIES",
    "WINDOW_FAMILIES",
    "preferred_installed",
]
