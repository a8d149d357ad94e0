"""The Qt filter of build.spec, on the installed PySide6 wheel and on Windows paths."""

from __future__ import annotations

import sys
from pathlib import Path

import PySide6
import pytest

from bundle.qt_filter import needed_only, wanted

WHEEL = Path(PySide6.__file__).parent


def _kept_names(folder: Path) -> set[str]:
    """Files of the installed wheel that the filter keeps, by name."""
    return {
        path.name
        for path in folder.rglob("*")
        if path.is_file() and wanted(str(Path("PySide6") / path.relative_to(WHEEL)))
    }


@pytest.mark.skipif(sys.platform != "linux", reason="names of the Linux wheel")
def test_the_window_keeps_what_it_needs_from_the_real_wheel() -> None:
    kept = _kept_names(WHEEL)
    assert {
        "QtCore.abi3.so", "QtGui.abi3.so", "QtWidgets.abi3.so",
        "libQt6Core.so.6", "libQt6Gui.so.6", "libQt6Widgets.so.6", "libQt6XcbQpa.so.6",
        "libqxcb.so", "libqoffscreen.so", "libibusplatforminputcontextplugin.so",
        "qtbase_zh_CN.qm",
    } <= kept  # fmt: skip


def test_unused_qt_goes_from_the_real_wheel() -> None:
    kept = _kept_names(WHEEL)
    present = {path.name for path in WHEEL.rglob("*") if path.is_file()}
    for unused in ("libQt6Qml.so.6", "libQt6Quick.so.6", "libQt6Network.so.6", "libQt6Pdf.so.6",
                   "libqgtk3.so", "libqeglfs.so", "qtbase_de.qm"):  # fmt: skip
        if unused in present:
            assert unused not in kept, unused
    assert not any(name.endswith(".qml") for name in kept)


def test_windows_paths() -> None:
    assert wanted(r"PySide6\Qt6Widgets.dll")
    assert wanted(r"PySide6\plugins\platforms\qwindows.dll")
    assert wanted(r"PySide6\plugins\platforms\qoffscreen.dll")
    assert wanted(r"PySide6\plugins\styles\qmodernwindowsstyle.dll")
    assert not wanted(r"PySide6\Qt6Quick.dll")
    assert not wanted(r"PySide6\Qt6Network.dll")
    assert not wanted(r"PySide6\opengl32sw.dll")
    assert not wanted(r"PySide6\plugins\platforms\qdirect2d.dll")
    assert not wanted(r"PySide6\plugins\tls\qschannelbackend.dll")


def test_libraries_only_a_dropped_plugin_needed_go_too() -> None:
    binaries = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/w/libqxcb.so", "BINARY"),
        ("libxcb-cursor.so.0", "/usr/lib/libxcb-cursor.so.0", "BINARY"),
        ("libgtk-3.so.0", "/usr/lib/libgtk-3.so.0", "BINARY"),
        ("libpython3.11.so.1.0", "/usr/lib/libpython3.11.so.1.0", "BINARY"),
    ]
    links = {"/w/libqxcb.so": ["libxcb-cursor.so.0", "libc.so.6"]}
    kept = needed_only(binaries, lambda binary: links.get(binary, []))
    assert [entry[0] for entry in kept] == [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "libxcb-cursor.so.0",
        "libpython3.11.so.1.0",
    ]
