"""Which collected files the packaged app keeps (build.spec applies these to the Analysis).

PyInstaller's Qt hooks collect far more of Qt than the window uses, and ``excludes`` only
keeps Python modules out, not the libraries, plugins and catalogs. The window needs Qt
Core, Gui and Widgets, the platform plugins (xcb on Linux, windows on Windows, offscreen
for the self-test), input methods (typing Chinese), and Qt's Chinese and English catalogs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

Entry = tuple[str, str, str]  # (path in the bundle, source file, kind)

# DBus and XcbQpa: the Linux platform plugin, input methods (fcitx/ibus) and accessibility.
QT_LIBRARIES = frozenset({"Core", "Gui", "Widgets", "DBus", "XcbQpa"})
QT_PLUGINS = frozenset(
    {"platforms", "platforminputcontexts", "platformthemes", "imageformats", "styles",
     "xcbglintegrations"}
)  # fmt: skip
PLATFORM_PLUGINS = re.compile(r"(q?xcb|q?offscreen|q?minimal|q?windows)\b")
IMAGE_FORMATS = re.compile(r"q(ico|gif)\b")  # PNG is built into QtGui
QT_CATALOGS = re.compile(r"qt(base)?_(zh_CN|en)\.qm$")
QT_LIBRARY = re.compile(r"^(lib)?Qt6(\w+?)(\.so[.\d]*|\.dll)$")
# Windows: software OpenGL and the shader compiler serve Qt Quick only.
WINDOWS_EXTRAS = frozenset({"opengl32sw.dll", "d3dcompiler_47.dll"})


def wanted(dest: str) -> bool:
    """Keep a collected file? ``dest`` is its path inside the bundle (either separator)."""
    path = dest.replace("\\", "/")
    name = path.rsplit("/", 1)[-1]
    if name.lower() in WINDOWS_EXTRAS:
        return False
    library = QT_LIBRARY.match(name)
    if library and library.group(2) not in QT_LIBRARIES:
        return False
    if "/plugins/" in path:
        group = path.split("/plugins/", 1)[1].split("/", 1)[0]
        if group not in QT_PLUGINS:
            return False
        if group == "platforms" and not PLATFORM_PLUGINS.search(name):
            return False
        if group == "imageformats" and not IMAGE_FORMATS.search(name):
            return False
        if group == "platformthemes" and "gtk3" in name:
            return False  # drags in GTK, Pango and Cairo; Qt's own style looks the same
    if "/translations/" in path and "PySide6" in path:
        return bool(QT_CATALOGS.search(name))
    return "PySide6/Qt/qml/" not in path


def _dependency(entry: Entry) -> bool:
    """A system library PyInstaller placed at the top because some binary links to it."""
    dest, _source, kind = entry
    return (
        kind == "BINARY"
        and "/" not in dest.replace("\\", "/")
        and dest.startswith("lib")
        and ".so" in dest
        and not dest.startswith("libpython")
    )


def needed_only(
    binaries: Iterable[Entry], linked_names: Callable[[str], Iterable[str]]
) -> list[Entry]:
    """Drop top-level libraries nothing kept links to (Linux).

    The Analysis resolved every collected binary's dependencies before :func:`wanted`
    dropped some of them, so the libraries only a dropped plugin needed are still listed.
    ``linked_names(file)`` gives the names of the libraries a binary loads (transitively).
    """
    entries = list(binaries)
    roots = [entry for entry in entries if not _dependency(entry)]
    linked = {
        name
        for _dest, source, kind in roots
        if kind in ("BINARY", "EXTENSION")
        for name in linked_names(source)
    }
    return [entry for entry in entries if not _dependency(entry) or entry[0] in linked]
