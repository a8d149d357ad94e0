"""打印: a child's one-page dossier or entrustment confirmation written as a PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from desktop.models.store import CaseStore
from desktop.services.documents.dossier import write_dossier
from desktop.services.documents.entrustment import write_entrustment

Document = Literal["dossier", "entrustment"]
DOSSIER: Document = "dossier"
ENTRUSTMENT: Document = "entrustment"


def print_document(store: CaseStore, *, which: Document, child_id: str, path: Path) -> Path:
    """Write the PDF (it decrypts the child's records: on the database lane); its path."""
    writer = write_dossier if which == DOSSIER else write_entrustment
    writer(store, child_id, path)
    return path
