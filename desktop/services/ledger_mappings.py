"""Column mappings remembered per ledger layout, so next month's file goes straight on.

A layout is known by its headers in order (``casework.ledger_layout.layout_signature``);
what is kept is {signature: {header: target}} — column names and field names, nothing
about any child — in ``ledger-mappings.json`` in the data folder, written atomically.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from casework.ledger_vocabulary import TARGETS

logger = logging.getLogger(__name__)

FILE_NAME = "ledger-mappings.json"
Mappings = dict[str, dict[str, str]]


def load_mappings(folder: Path) -> Mappings:
    """The remembered mappings; an unreadable file counts as none (it is only a help)."""
    path = folder / FILE_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        logger.warning("remembered ledger mappings unreadable; starting afresh")
        return {}
    return parse_mappings(data)


def parse_mappings(data: object) -> Mappings:
    """Only well-formed entries naming known targets are kept."""
    if not isinstance(data, dict):
        return {}
    out: Mappings = {}
    for signature, targets in data.items():
        if isinstance(targets, dict):
            out[str(signature)] = {
                str(h): str(t) for h, t in targets.items() if isinstance(t, str) and t in TARGETS
            }
    return out


def remember_mappings(folder: Path, chosen: Mapping[str, Mapping[str, str]]) -> None:
    """Add (or replace) the mappings of the layouts just imported."""
    mappings = load_mappings(folder)
    mappings.update({k: dict(v) for k, v in chosen.items()})
    text = json.dumps(mappings, ensure_ascii=False, indent=1, sort_keys=True)
    handle, temporary = tempfile.mkstemp(prefix=".mappings-", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, folder / FILE_NAME)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        logger.warning("could not remember the ledger mapping")
