"""Where a data folder's files are. Kept free of SQLAlchemy and the store, so that the
unlock screen can show before they are imported (desktop/ui/startup.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DATABASE_NAME = "childdesk.sqlite"


def default_data_dir() -> Path:
    import platformdirs  # only without --data-dir: not on the unlock screen's way

    return Path(platformdirs.user_data_dir("childdesk", appauthor=False))


@dataclass(frozen=True)
class DataDir:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / DATABASE_NAME

    @property
    def enrolment_key(self) -> Path:
        """The secret behind enrolment request ids, kept until this folder is enrolled."""
        return self.root / "enrolment-request.key"

    @property
    def children_list(self) -> Path:
        """The children list as it last stood, sealed (``list_snapshot``): its first paint."""
        return self.root / "children-list.sealed"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def exists(self) -> bool:
        return self.database.exists()
