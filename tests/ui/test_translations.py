"""The translation catalogs: up to date with the code, and complete in Chinese.

Every user-visible string goes through ``tr()``; these tests fail when string extraction
would change a committed ``.ts`` file, or when a Chinese translation is missing,
unfinished, or drops or adds a placeholder (CONVENTIONS 11).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from desktop.ui.i18n import LANGUAGES, ROOT, compile_catalog, lupdate_command, ts_path

PLACEHOLDER = re.compile(r"%(?:\d+|n)|\{[A-Za-z_][A-Za-z0-9_]*\}")

Message = tuple[str, str, str, str]  # context, source, translation, type


def messages(path: Path) -> list[Message]:
    found = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            found.append(
                (
                    name,
                    message.findtext("source") or "",
                    translation.text or "",
                    translation.get("type", ""),
                )
            )
    return found


def test_lupdate_would_not_change_the_catalogs(tmp_path: Path) -> None:
    copies = []
    for language in LANGUAGES:
        copy = tmp_path / ts_path(language).name
        shutil.copy(ts_path(language), copy)
        copies.append(copy)
    subprocess.run(lupdate_command(copies), check=True, cwd=ROOT, capture_output=True, timeout=120)
    for language, copy in zip(LANGUAGES, copies, strict=True):
        committed = set(messages(ts_path(language)))
        fresh = set(messages(copy))
        assert (fresh - committed, committed - fresh) == (set(), set()), (
            f"{ts_path(language).name} is out of date (left: what lupdate would add, right: "
            "what it would drop): run `python -m desktop.ui.i18n` and translate the new strings"
        )


def test_every_chinese_translation_is_finished() -> None:
    missing = [
        (context, source)
        for context, source, translation, kind in messages(ts_path("zh_CN"))
        if kind or not translation.strip()
    ]
    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_placeholders(language: str) -> None:
    broken = [
        (context, source, translation)
        for context, source, translation, _kind in messages(ts_path(language))
        if translation
        and Counter(PLACEHOLDER.findall(source)) != Counter(PLACEHOLDER.findall(translation))
    ]
    assert broken == []


def test_the_compiled_catalog_translates(tmp_path: Path) -> None:
    qm = tmp_path / "childdesk_zh_CN.qm"
    assert compile_catalog(ts_path("zh_CN"), qm)
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("MainWindow", "Children") == "儿童档案"
    # And the app as a whole is running in Chinese (tests/ui/conftest.py installs it).
    assert QCoreApplication.translate("MainWindow", "Conflicts") == "冲突"
