"""What the window offers on this laptop, by the role the county enrolled it with (issue 18
item 2): a township supervisor's laptop reads the township's files and writes only notes,
tasks and assessments, so it offers no new child, no import and no mandatory report;
the store refuses such writes anyway (``casework.role_refusals``)."""

from __future__ import annotations

from dataclasses import dataclass

from casework.permissions import may


@dataclass(frozen=True)
class WindowOffers:
    new_child: bool = True  # the children page's New child, Ctrl+N
    import_ledger: bool = True
    mandatory_report: bool = True


def window_offers(role: str | None) -> WindowOffers:
    """A laptop never enrolled (the director's own, offline) is offered everything."""
    if role is None:
        return WindowOffers()
    return WindowOffers(
        new_child=may(role, "child", "create"),
        import_ledger=may(role, "child", "create"),
        mandatory_report=may(role, "mandatory_report", "create"),
    )
