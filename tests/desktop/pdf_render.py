"""Reading produced PDFs back in tests: text layer, embedded fonts, pixels of a PNG render."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtGui import QImage

DARK = 110  # grey level below which a pixel counts as ink


@dataclass(frozen=True)
class RenderedPage:
    text: str  # whitespace removed: PDFium breaks lines between glyphs
    image: QImage  # grayscale, read back from the PNG written to disk

    def dark_fraction(self, top: float = 0.0, bottom: float = 1.0) -> float:
        """Share of dark pixels in a horizontal band (fractions of the page height)."""
        width, height = self.image.width(), self.image.height()
        stride = self.image.bytesPerLine()
        data = bytes(self.image.constBits())
        first, last = int(height * top), int(height * bottom)
        dark = 0
        for y in range(first, last):
            row = data[y * stride : y * stride + width]
            dark += sum(1 for value in row if value < DARK)
        return dark / max(1, width * (last - first))


def render_pdf(path: Path, png_dir: Path) -> list[RenderedPage]:
    """Every page of ``path``: its text, and its image rendered to PNG and read back."""
    document = pdfium.PdfDocument(str(path))
    pages: list[RenderedPage] = []
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            text = "".join(textpage.get_text_range().split())
            textpage.close()
            bitmap = page.render(scale=1.5)
            image = QImage(
                bytes(bitmap.buffer),
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_BGR888,
            )
            png = png_dir / f"{path.stem}-{index + 1}.png"
            assert image.save(str(png), "PNG")
            bitmap.close()
            page.close()
            loaded = QImage(str(png)).convertToFormat(QImage.Format.Format_Grayscale8)
            pages.append(RenderedPage(text, loaded))
    finally:
        document.close()
    return pages


def embedded_fonts(path: Path) -> bytes:
    """The raw PDF, for checking that font programs are embedded (FontFile2)."""
    return path.read_bytes()
