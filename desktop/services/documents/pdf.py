"""HTML to PDF with QtGui: a QGuiApplication on demand, an explicit CJK font, A4 pages.

Chinese text must come out as real, embedded glyphs with a text layer (so it prints
everywhere and can be searched); that needs a font that covers Simplified Chinese. The
font is chosen by name rather than left to Qt's fallback, and its absence is an error
the user can act on, never a PDF of empty boxes.
"""

from __future__ import annotations

import html
import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from casework.messages import Message
from desktop.cjk_fonts import DOCUMENT_FAMILIES

logger = logging.getLogger(__name__)

# Preferred families, best first (Windows' own first: ``desktop/cjk_fonts.py``); any other
# family covering Simplified Chinese follows.
CJK_FAMILIES: tuple[str, ...] = DOCUMENT_FAMILIES
BODY_POINT_SIZE = 10.5

M_NO_CJK_FONT = Message(
    "找不到可用的中文字体，无法生成 PDF。请安装文泉驿微米黑字体（Debian/Ubuntu：sudo apt-get "
    "install fonts-wqy-microhei，或在源代码目录运行 make system-deps）后重试。",
    "No Chinese (CJK) font is installed, so the PDF cannot be made. Install WenQuanYi Micro "
    "Hei (Debian/Ubuntu: sudo apt-get install fonts-wqy-microhei, or make system-deps in "
    "the source folder) and try again.",
)
M_PDF_NAME = Message("只能保存为 .pdf 文件：{path}", "The document is saved as a .pdf file: {path}")
M_CANNOT_WRITE = Message("无法写入文件 {path}：{reason}", "Cannot write {path}: {reason}")

_application: object | None = None


class DocumentError(Exception):
    """A document could not be made; ``message`` says why in both languages."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.en)
        self.message = message


def ensure_gui_application() -> None:
    """QtGui painting needs a QGuiApplication; make an offscreen one if none exists."""
    global _application
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _application = QGuiApplication([])


def choose_cjk_family(families: Sequence[str], covers_chinese: Callable[[str], bool]) -> str:
    """The first preferred family installed, else any covering Simplified Chinese."""
    installed = set(families)
    for family in CJK_FAMILIES:
        if family in installed and covers_chinese(family):
            return family
    for family in families:
        if covers_chinese(family):
            return family
    raise DocumentError(M_NO_CJK_FONT)


def cjk_family() -> str:
    ensure_gui_application()
    from PySide6.QtGui import QFontDatabase

    def covers(family: str) -> bool:
        return QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)

    return choose_cjk_family(QFontDatabase.families(), covers)


def escape(value: object) -> str:
    """Cell text for HTML: empty for None, escaped otherwise."""
    return "" if value is None else html.escape(str(value))


def table(
    rows: Iterable[Sequence[object]],
    *,
    header: Sequence[str] = (),
    widths: Sequence[int] = (),
    padding: int = 4,
) -> str:
    """An HTML table with thin borders; ``rows`` hold cell text (escaped here)."""
    parts = [
        f'<table width="100%" cellspacing="0" cellpadding="{padding}" border="1"'
        ' style="border-collapse:collapse; border-color:#444">'
    ]
    if header:
        cells = "".join(
            f'<th{_width(widths, i)} style="background:#e8e8e8">{escape(h)}</th>'
            for i, h in enumerate(header)
        )
        parts.append(f"<tr>{cells}</tr>")
    for row in rows:
        cells = "".join(f"<td{_width(widths, i)}>{escape(v)}</td>" for i, v in enumerate(row))
        parts.append(f"<tr>{cells}</tr>")
    parts.append("</table>")
    return "".join(parts)


def _width(widths: Sequence[int], index: int) -> str:
    return f' width="{widths[index]}%"' if index < len(widths) else ""


def write_pdf(
    body_html: str,
    path: Path,
    *,
    title: str,
    landscape: bool = False,
    point_size: float = BODY_POINT_SIZE,
) -> int:
    """Render ``body_html`` to an A4 PDF at ``path``; returns the number of pages."""
    if path.suffix.lower() != ".pdf":
        raise DocumentError(M_PDF_NAME.format(path=path))
    family = cjk_family()
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

    handle, temporary = tempfile.mkstemp(prefix=".childdesk-", suffix=".pdf", dir=path.parent)
    os.close(handle)
    writer: QPdfWriter | None = None
    try:
        writer = QPdfWriter(temporary)
        writer.setTitle(title)
        writer.setCreator("childdesk")
        writer.setResolution(300)
        orientation = (
            QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
        )
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                orientation,
                QMarginsF(15, 15, 15, 15),
                QPageLayout.Unit.Millimeter,
            )
        )
        document = QTextDocument()
        # Lay out in the writer's resolution, or point sizes shrink to a third at 300 dpi.
        document.documentLayout().setPaintDevice(writer)
        font = QFont(family)
        font.setPointSizeF(point_size)
        document.setDefaultFont(font)
        document.setDefaultStyleSheet(
            f"body, table, td, th, p, h1, h2 {{ font-family: '{family}'; }}"
        )
        document.setHtml(f"<html><body>{body_html}</body></html>")
        rect = writer.pageLayout().paintRectPixels(writer.resolution())
        document.setPageSize(QSizeF(rect.width(), rect.height()))
        document.print_(writer)
        pages = document.pageCount()
        writer = None  # finishes and closes the file (Windows: before it is replaced)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except OSError as error:
        writer = None  # closed before its file is removed (Windows refuses an open one)
        Path(temporary).unlink(missing_ok=True)
        raise DocumentError(
            M_CANNOT_WRITE.format(path=path, reason=error.strerror or error)
        ) from None
    except BaseException:
        writer = None
        Path(temporary).unlink(missing_ok=True)
        raise
    logger.info("document written: %d pages", pages)
    return pages
