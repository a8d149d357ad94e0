"""Language: Qt translations (``.qm`` compiled from ``resources/i18n/*.ts``) and the
bilingual :class:`~casework.messages.Message` texts of the rules below the UI.

Chinese (``zh_CN``) is the default; ``CHILDDESK_LANG=en`` chooses English. Source strings
in the code are English; ``resources/i18n/childdesk_zh_CN.ts`` holds the Chinese.
Regenerate the ``.ts`` files after changing strings with ``python -m desktop.ui.i18n``
(the test suite fails when they are out of date).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from casework.messages import Message

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
TS_DIR = ROOT / "resources" / "i18n"
QM_BUILD_DIR = ROOT / "build" / "i18n"
LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"
APP_CATALOG = "childdesk"
# Where lupdate looks for strings: every module of the window, and the entry point.
SOURCE_DIRS = (ROOT / "desktop" / "ui",)
SOURCE_FILES = (ROOT / "desktop" / "app.py",)
LUPDATE_OPTIONS = ("-no-obsolete", "-locations", "none", "-silent")


def chosen_language(env: Mapping[str, str] | None = None) -> str:
    value = (env if env is not None else os.environ).get("CHILDDESK_LANG", "")
    return "en" if value.lower().startswith("en") else DEFAULT_LANGUAGE


def language_to_use(preferred: str, env: Mapping[str, str] | None = None) -> str:
    """CHILDDESK_LANG when set, else the language chosen in the settings, else Chinese."""
    if (env if env is not None else os.environ).get("CHILDDESK_LANG"):
        return chosen_language(env)
    return preferred if preferred in LANGUAGES else DEFAULT_LANGUAGE


def apply_language_setting(app: QCoreApplication, preferred: str) -> None:
    """The language chosen in the settings ("" for none), before any window is built."""
    if not preferred:
        return
    language = language_to_use(preferred)
    if QLocale().name() != QLocale(language).name():
        switch_language(app, language)


def switch_language(app: QCoreApplication, language: str) -> None:
    """Replace the installed catalogs (at start, before any window is built)."""
    for translator in app.findChildren(QTranslator):
        app.removeTranslator(translator)
        translator.deleteLater()
    install_translations(app, language)


def is_english() -> bool:
    return QLocale().language() == QLocale.Language.English


def message_text(message: Message) -> str:
    """The text of a rule's bilingual message in the window's language."""
    return message.en if is_english() else message.zh


def ts_path(language: str) -> Path:
    return TS_DIR / f"{APP_CATALOG}_{language}.ts"


def _tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else name


def compile_catalog(ts_file: Path, qm_file: Path) -> bool:
    """``pyside6-lrelease`` one catalog; False (logged) when the tool is missing or fails."""
    try:
        qm_file.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [_tool("pyside6-lrelease"), "-silent", str(ts_file), "-qm", str(qm_file)],
            check=True,
            capture_output=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        logger.warning("could not compile %s", ts_file.name)
        return False
    return True


def find_catalog(language: str, search: Sequence[Path] = (QM_BUILD_DIR, TS_DIR)) -> Path | None:
    """The compiled catalog: built by ``make``, or compiled now from the ``.ts`` file."""
    name = f"{APP_CATALOG}_{language}.qm"
    source = ts_path(language)
    newest = source.stat().st_mtime if source.exists() else 0.0
    for folder in search:
        if (folder / name).exists() and (folder / name).stat().st_mtime >= newest:
            return folder / name
    if source.exists():
        # Started without `make` (python -m desktop.app): compile where make would, or
        # into a private temporary folder when that one is not writable.
        for target in (QM_BUILD_DIR / name, None):
            if target is None:
                target = Path(tempfile.mkdtemp(prefix="childdesk-")) / name
            if compile_catalog(source, target):
                return target
    return None


def install_translations(
    app: QCoreApplication, language: str, *, catalog: Path | None = None
) -> list[QTranslator]:
    """Set the locale and load the app's and Qt's own catalogs for ``language``."""
    QLocale.setDefault(QLocale(language))
    installed: list[QTranslator] = []
    if language == "en" and catalog is None:
        return installed  # the source strings are English
    path = catalog or find_catalog(language)
    if path is None:
        logger.warning("no translation catalog for %s; showing the English source text", language)
    else:
        translator = QTranslator(app)
        if translator.load(str(path)):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            logger.warning("translation catalog %s did not load", path.name)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_translator = QTranslator(app)
    if qt_translator.load(f"qtbase_{language}", qt_dir):  # standard buttons: 确定, 取消 ...
        app.installTranslator(qt_translator)
        installed.append(qt_translator)
    return installed


def source_files() -> list[Path]:
    files = [p for d in SOURCE_DIRS for p in sorted(d.rglob("*.py"))]
    return files + list(SOURCE_FILES)


def lupdate_command(ts_files: Sequence[Path]) -> list[str]:
    """The one lupdate invocation used by ``python -m desktop.ui.i18n`` and by the test."""
    return [
        _tool("pyside6-lupdate"),
        *LUPDATE_OPTIONS,
        *(str(p.relative_to(ROOT)) for p in source_files()),
        "-ts",
        *(str(p) for p in ts_files),
    ]


def update_catalogs() -> None:
    subprocess.run(lupdate_command([ts_path(lang) for lang in LANGUAGES]), check=True, cwd=ROOT)


if __name__ == "__main__":
    update_catalogs()
