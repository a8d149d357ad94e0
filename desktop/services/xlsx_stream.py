"""A small streaming ``.xlsx`` writer for big plain tables (the ledger of a whole village).

openpyxl spends ~50 µs on every cell it writes; a ledger of 10,000 children has some
300,000 filled cells. This writes the SpreadsheetML parts directly: inline strings,
numbers, dates (as serial numbers with a date format), a handful of fixed styles, column
widths, a frozen header, a printed page header and the document properties. Anything
fancier goes through openpyxl.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import quoteattr

from openpyxl.utils import get_column_letter

Style = Literal["plain", "text", "date", "header", "required", "banner"]
# Indexes into cellXfs of the styles part below.
_XF: dict[str, int] = {"plain": 0, "text": 1, "date": 2, "header": 3, "required": 4, "banner": 5}
_EPOCH = date(1899, 12, 30)
# One translate() per string: escape markup, drop what XML 1.0 cannot hold at all.
_XML_TEXT: dict[int, str | None] = {
    **{c: None for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]},
    ord("&"): "&amp;",
    ord("<"): "&lt;",
    ord(">"): "&gt;",
}

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_STYLES = f"""{_HEAD}<styleSheet xmlns="{_MAIN}">
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>
<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font>
<font><b/><sz val="11"/><name val="Calibri"/></font>
<font><b/><sz val="16"/><color rgb="FFC00000"/><name val="Calibri"/></font></fonts>
<fills count="4"><fill><patternFill patternType="none"/></fill>
<fill><patternFill patternType="gray125"/></fill>
<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/></patternFill></fill>
<fill><patternFill patternType="solid"><fgColor rgb="FFFCE4D6"/></patternFill></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="6">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"
 applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="1" fillId="3" borderId="0" xfId="0" applyFont="1" applyFill="1"
 applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


@dataclass(frozen=True)
class Styled:
    """A value with a style other than the one its type gets by default."""

    value: object
    style: Style


Cell = object  # a str, int, float, date, None, or Styled
Row = Sequence[Cell]


@dataclass
class SheetSpec:
    name: str
    rows: Iterable[Row]
    widths: Sequence[float] = ()
    freeze_header: bool = False  # first row and first column stay in view
    page_header: str = ""  # printed at the top centre of every page, in dark red


@dataclass
class DocumentProperties:
    title: str = ""
    subject: str = ""
    keywords: str = ""
    description: str = ""
    creator: str = "childdesk"
    created: datetime = field(default_factory=lambda: datetime.now(UTC))


@lru_cache(maxsize=512)
def _letter(column: int) -> str:
    return str(get_column_letter(column))


def _text(value: str) -> str:
    return value.translate(_XML_TEXT)


def _cell(ref: str, value: object) -> str:
    style: Style = "plain"
    if isinstance(value, Styled):
        style = value.style
        value = value.value
    if value is None:
        return f'<c r="{ref}" s="{_XF[style]}"/>' if style != "plain" else ""
    s = f' s="{_XF[style]}"' if style != "plain" else ""
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    if isinstance(value, date) and not isinstance(value, datetime):
        s = f' s="{_XF["date"] if style == "plain" else _XF[style]}"'
        return f'<c r="{ref}"{s}><v>{(value - _EPOCH).days}</v></c>'
    return _string_cell(ref, s, str(value))


def _string_cell(ref: str, style: str, text: str) -> str:
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{_text(text)}</t></is></c>'


def _row(number: int, row: Row) -> str:
    parts = [f'<row r="{number}">']
    for column, value in enumerate(row, start=1):
        if value is None:  # most ledger cells are empty: no reference, no call
            continue
        ref = f"{_letter(column)}{number}"
        # Plain text is most of the rest.
        parts.append(_string_cell(ref, "", value) if type(value) is str else _cell(ref, value))
    parts.append("</row>")
    return "".join(parts)


def _sheet_parts(spec: SheetSpec, selected: bool) -> Iterable[str]:
    yield f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><sheetViews>'
    tab = ' tabSelected="1"' if selected else ""
    if spec.freeze_header:
        yield (
            f'<sheetView workbookViewId="0"{tab}><pane xSplit="1" ySplit="1" topLeftCell="B2"'
            ' activePane="bottomRight" state="frozen"/><selection pane="bottomRight"/>'
            "</sheetView>"
        )
    else:
        yield f'<sheetView workbookViewId="0"{tab}/>'
    yield '</sheetViews><sheetFormatPr defaultRowHeight="15"/>'
    if spec.widths:
        yield "<cols>"
        for index, width in enumerate(spec.widths, start=1):
            yield f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>'
        yield "</cols>"
    yield "<sheetData>"
    for number, row in enumerate(spec.rows, start=1):
        yield _row(number, row)
    yield "</sheetData>"
    yield '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    if spec.page_header:
        yield f"<headerFooter><oddHeader>&amp;C&amp;KC00000{_text(spec.page_header)}</oddHeader>"
        yield "</headerFooter>"
    yield "</worksheet>"


def _workbook(sheets: Sequence[SheetSpec], active: int) -> str:
    entries = "".join(
        f'<sheet name={quoteattr(s.name)} sheetId="{i}" r:id="rId{i}"/>'
        for i, s in enumerate(sheets, start=1)
    )
    return (
        f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews>'
        f'<workbookView activeTab="{active}"/></bookViews><sheets>{entries}</sheets></workbook>'
    )


def _workbook_rels(count: int) -> str:
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{kind}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, count + 1)
    )
    rels += f'<Relationship Id="rId{count + 1}" Type="{kind}/styles" Target="styles.xml"/>'
    return f'{_HEAD}<Relationships xmlns="{_PKG}">{rels}</Relationships>'


def _content_types(count: int) -> str:
    sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{sheet}"/>'
        for i in range(1, count + 1)
    )
    return (
        f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
        f'package.core-properties+xml"/>{overrides}</Types>'
    )


def _root_rels() -> str:
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
    core = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
    return (
        f'{_HEAD}<Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{office}" Target="xl/workbook.xml"/>'
        f'<Relationship Id="rId2" Type="{core}" Target="docProps/core.xml"/></Relationships>'
    )


def _core(props: DocumentProperties) -> str:
    created = props.created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f'{_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_text(props.title)}</dc:title><dc:subject>{_text(props.subject)}</dc:subject>"
        f"<dc:creator>{_text(props.creator)}</dc:creator>"
        f"<cp:keywords>{_text(props.keywords)}</cp:keywords>"
        f"<dc:description>{_text(props.description)}</dc:description>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>'
        "</cp:coreProperties>"
    )


def write_xlsx(
    path: Path, sheets: Sequence[SheetSpec], properties: DocumentProperties, *, active: int = 0
) -> None:
    """Write ``sheets`` (rows streamed) as an ``.xlsx`` file at ``path``."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", _content_types(len(sheets)))
        zf.writestr("_rels/.rels", _root_rels())
        zf.writestr("docProps/core.xml", _core(properties))
        zf.writestr("xl/workbook.xml", _workbook(sheets, active))
        zf.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
        zf.writestr("xl/styles.xml", _STYLES)
        for index, spec in enumerate(sheets, start=1):
            with zf.open(f"xl/worksheets/sheet{index}.xml", "w") as part:
                buffer: list[str] = []
                for piece in _sheet_parts(spec, selected=index - 1 == active):
                    buffer.append(piece)
                    if len(buffer) >= 512:
                        part.write("".join(buffer).encode())
                        buffer.clear()
                part.write("".join(buffer).encode())
