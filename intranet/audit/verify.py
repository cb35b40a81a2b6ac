"""`audit verify`: the chain, then every workflow item's history replayed against its state."""

from __future__ import annotations

from sqlalchemy import select

from intranet.audit.chain import Finding, VerifyReport, iter_entries, verify_chain
from intranet.audit.models import AuditEntry
from intranet.db import db


def verify() -> VerifyReport:
    from intranet.workflow_service import bindings

    report = VerifyReport()
    by_type = {b.entity_type: b for b in bindings()}
    last_state: dict[tuple[str, str], tuple[str, int]] = {}

    def replay(entry: AuditEntry) -> None:
        binding = by_type.get(entry.entity_type)
        if binding is None or entry.to_state is None:
            return
        key = (entry.entity_type, entry.entity_id)
        seen = last_state.get(key)
        where = f"{entry.entity_type} #{entry.entity_id}"
        if entry.action == "create":
            if seen is not None or entry.to_state != binding.definition.initial:
                report.findings.append(Finding(entry.seq, "item created twice or not in its "
                                                          "initial state", where))
        else:
            before = seen[0] if seen else None
            t = binding.definition.transition_for(entry.from_state or "", entry.action)
            if before != entry.from_state:
                report.findings.append(Finding(
                    entry.seq, f"history broken: was {before}, entry says {entry.from_state}",
                    where))
            elif t is None or t.dest != entry.to_state:
                report.findings.append(Finding(
                    entry.seq, f"{entry.action}: {entry.from_state} -> {entry.to_state} is not "
                               "a transition of the workflow", where))
        last_state[key] = (entry.to_state, entry.seq)

    verify_chain(report, iter_entries(), on_entry=replay)
    if not report.ok:
        return report
    for binding in by_type.values():
        model = binding.model
        for item_id, state in db.session.execute(select(model.id, model.state)):
            recorded = last_state.get((binding.entity_type, str(item_id)))
            where = f"{binding.entity_type} #{item_id}"
            if recorded is None:
                report.findings.append(Finding(None, "item has no audit history", where))
            elif recorded[0] != state:
                report.findings.append(Finding(
                    recorded[1], f"stored state {state} differs from the audit log's "
                                 f"{recorded[0]} (changed outside the workflow service?)", where))
    return report
