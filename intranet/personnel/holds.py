"""Holds on a person: open matters elsewhere (a complaint being verified…) that block their
approval or appointment.

The guards of approval and appointment read `holds` from the facts; those facts come from here.
Another area registers a source once, at import:

    from intranet.personnel.holds import Hold, register_hold_source

    def open_complaints(member_ids):  # -> iterable of Hold
        ...
    register_hold_source("complaints", open_complaints)

A source receives a collection of member ids and answers with one query for all of them (the
review queues ask for many people at once).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from workflows.engine import Text


@dataclass(frozen=True)
class Hold:
    member_id: int
    source: str  # the registering area, e.g. "complaints"
    reference: str  # what the users look up, e.g. "#12"
    label: Text  # what blocks, in both languages


HoldSource = Callable[[Collection[int]], Iterable[Hold]]

_SOURCES: dict[str, HoldSource] = {}


def register_hold_source(name: str, source: HoldSource) -> None:
    _SOURCES[name] = source


def unregister_hold_source(name: str) -> None:
    _SOURCES.pop(name, None)


def holds_for(member_ids: Collection[int]) -> dict[int, list[Hold]]:
    """Every open hold on these people, by member id (people without one are absent)."""
    found: dict[int, list[Hold]] = {}
    if not member_ids:
        return found
    for source in _SOURCES.values():
        for hold in source(member_ids):
            found.setdefault(hold.member_id, []).append(hold)
    return found


def holds_text(holds: Iterable[Hold]) -> Text:
    holds = list(holds)
    return Text("; ".join(f"{h.label.vi} ({h.reference})" for h in holds),
                "; ".join(f"{h.label.en} ({h.reference})" for h in holds))
