"""The Thủy Nguyên ward as the seed report describes it: units, members, bodies, congress.

Figures from the report: 102 organizations directly under the ward committee (5 grassroots
Party committees, 23 grassroots cells, 74 affiliated cells), cells under the grassroots
committees (15 of them held congresses), 2,846 members, an Executive Committee of 27 of whom 9
are the Standing Committee.
"""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import insert, select

from intranet.db import db
from intranet.demo.names import vietnamese_name
from intranet.org.models import (
    Body,
    BodyMembership,
    Congress,
    Member,
    OrgUnit,
    Position,
    UnitKind,
)

TERM = "2025-2030"
TOTAL_MEMBERS = 2846
EXECUTIVE_SIZE = 27
STANDING_SIZE = 9

GRASSROOTS_COMMITTEES = (
    ("Đảng bộ Công an phường", ("Chi bộ Đội An ninh – Cảnh sát", "Chi bộ Đội Tổng hợp",
                                "Chi bộ Công an khu vực")),
    ("Đảng bộ Quân sự phường", ("Chi bộ Ban Chỉ huy Quân sự", "Chi bộ Dân quân thường trực",
                                "Chi bộ Kho vũ khí")),
    ("Đảng bộ các cơ quan Đảng, Mặt trận và đoàn thể phường",
     ("Chi bộ Văn phòng Đảng ủy", "Chi bộ Ban Xây dựng Đảng", "Chi bộ Mặt trận – Đoàn thể")),
    ("Đảng bộ Ủy ban nhân dân phường", ("Chi bộ Văn phòng HĐND – UBND", "Chi bộ Phòng Kinh tế – "
                                        "Hạ tầng – Đô thị", "Chi bộ Phòng Văn hóa – Xã hội")),
    ("Đảng bộ Trung tâm Y tế khu vực Thủy Nguyên",
     ("Chi bộ Khối Điều trị", "Chi bộ Khối Dự phòng", "Chi bộ Khối Hành chính")),
)

GRASSROOTS_CELLS = (
    "Chi bộ Trường THPT Thủy Sơn", "Chi bộ Trường THPT Lê Ích Mộc",
    "Chi bộ Trường THCS Dương Quan", "Chi bộ Trường THCS Thủy Đường",
    "Chi bộ Trường THCS Hoa Động", "Chi bộ Trường Tiểu học Dương Quan",
    "Chi bộ Trường Tiểu học Thủy Đường", "Chi bộ Trường Tiểu học Hoa Động",
    "Chi bộ Trường Tiểu học An Lư", "Chi bộ Trường Mầm non Dương Quan",
    "Chi bộ Trường Mầm non Thủy Đường", "Chi bộ Trường Mầm non Hoa Động",
    "Chi bộ Trường Mầm non Thủy Hà", "Chi bộ Trung tâm Văn hóa – Thông tin và Thể thao",
    "Chi bộ Trung tâm Phục vụ hành chính công", "Chi bộ Trạm Y tế phường",
    "Chi bộ Ngân hàng Chính sách xã hội", "Chi bộ Quỹ tín dụng nhân dân Thủy Đường",
    "Chi bộ Công ty cổ phần Cấp nước Thủy Nguyên", "Chi bộ Công ty Điện lực Thủy Nguyên",
    "Chi bộ Ban Quản lý dự án đầu tư xây dựng", "Chi bộ Kho bạc Nhà nước khu vực",
    "Chi bộ Chi cục Thuế khu vực",
)

# Residential groups (tổ dân phố) of the former wards merged into Thủy Nguyên.
AFFILIATED_AREAS = (("Dương Quan", 18), ("Thủy Đường", 16), ("Hoa Động", 20), ("An Lư", 10),
                    ("Thủy Hà", 10))

MEMBER_RANGE = {
    UnitKind.SUB_CELL: (12, 30),
    UnitKind.GRASSROOTS_CELL: (9, 26),
    UnitKind.AFFILIATED_CELL: (18, 42),
}


def ward_unit_specs() -> list[tuple[str, str, UnitKind, str | None]]:
    """(code, name, kind, parent code) for every unit under the ward committee, in order."""
    specs: list[tuple[str, str, UnitKind, str | None]] = []
    for i, (name, cells) in enumerate(GRASSROOTS_COMMITTEES, 1):
        code = f"DBCS{i:02d}"
        specs.append((code, name, UnitKind.GRASSROOTS_COMMITTEE, None))
        for j, cell in enumerate(cells, 1):
            specs.append((f"{code}-CB{j:02d}", cell, UnitKind.SUB_CELL, code))
    for i, name in enumerate(GRASSROOTS_CELLS, 1):
        specs.append((f"CBCS{i:02d}", name, UnitKind.GRASSROOTS_CELL, None))
    n = 0
    for area, groups in AFFILIATED_AREAS:
        for k in range(1, groups + 1):
            n += 1
            specs.append((f"CBTT{n:02d}", f"Chi bộ Tổ dân phố {area} {k}",
                          UnitKind.AFFILIATED_CELL, None))
    return specs


def member_plan(rng: random.Random, leaf_kinds: list[UnitKind], total: int) -> list[int]:
    """Members per leaf unit: plausible sizes by kind, adjusted to sum exactly to `total`."""
    sizes = [rng.randint(*MEMBER_RANGE[kind]) for kind in leaf_kinds]
    i = 0
    while sum(sizes) != total:
        step = 1 if sum(sizes) < total else -1
        low, high = MEMBER_RANGE[leaf_kinds[i % len(sizes)]]
        j = i % len(sizes)
        if low - 5 <= sizes[j] + step <= high + 15:
            sizes[j] += step
        i += 1
    return sizes


def seed_ward(index: int = 1, rng: random.Random | None = None) -> OrgUnit:
    """Create one ward (units, members, bodies, congress) unless its committee exists."""
    code = "DBP-TN" if index == 1 else f"DBP-{index:03d}"
    existing = db.session.scalar(select(OrgUnit).where(OrgUnit.code == code))
    if existing is not None:
        return existing
    # Demo data must be reproducible: a seeded, non-cryptographic generator is the point.
    rng = rng or random.Random(2025 + index)  # noqa: S311  # nosec B311
    ward_name = "Đảng bộ phường Thủy Nguyên" if index == 1 else f"Đảng bộ phường mẫu số {index}"
    ward = OrgUnit(code=code, name=ward_name, kind=UnitKind.WARD_COMMITTEE, sort_order=0)
    db.session.add(ward)
    db.session.flush()

    prefix = "" if index == 1 else f"W{index:03d}-"
    ids: dict[str, int] = {}
    leaves: list[tuple[int, UnitKind]] = []
    for order, (unit_code, name, kind, parent) in enumerate(ward_unit_specs(), 1):
        unit = OrgUnit(code=prefix + unit_code, name=name, kind=kind, sort_order=order,
                       parent_id=ids[parent] if parent else ward.id)
        db.session.add(unit)
        db.session.flush()
        ids[unit_code] = unit.id
        if kind != UnitKind.GRASSROOTS_COMMITTEE:
            leaves.append((unit.id, kind))

    sizes = member_plan(rng, [kind for _, kind in leaves], TOTAL_MEMBERS)
    rows = []
    for (unit_id, kind), size in zip(leaves, sizes, strict=True):
        for _ in range(size):
            gender = "F" if rng.random() < (0.55 if kind == UnitKind.GRASSROOTS_CELL else 0.38) \
                else "M"
            born = rng.randint(1945, 1975) if kind == UnitKind.AFFILIATED_CELL \
                else rng.randint(1966, 2001)
            joined = rng.randint(born + 18, min(born + 45, 2025))
            rows.append({"full_name": vietnamese_name(rng, gender), "org_unit_id": unit_id,
                         "gender": gender, "birth_year": born, "joined_year": joined})
    db.session.execute(insert(Member), rows)
    seed_bodies(ward, ids, prefix, rng)
    if index == 1:
        db.session.add(Congress(
            org_unit_id=ward.id, term=TERM, opens_on=date(2025, 8, 18),
            name="Đại hội đại biểu Đảng bộ phường Thủy Nguyên lần thứ I, nhiệm kỳ 2025 – 2030"))
    db.session.flush()
    return ward


def seed_bodies(ward: OrgUnit, ids: dict[str, int], prefix: str, rng: random.Random) -> None:
    """The incumbent Executive (27) and Standing (9) Committees, Inspection Commission,
    Steering Committee and its four subcommittees, drawn from the ward's own cadres."""
    cadre_units = [ids[c] for c in ids if c.startswith(("DBCS03-", "DBCS04-", "DBCS01-"))]
    cadres = db.session.scalars(
        select(Member).where(Member.org_unit_id.in_(cadre_units), Member.birth_year >= 1966)
        .order_by(Member.id)
    ).all()
    pool = rng.sample(cadres, EXECUTIVE_SIZE + 12)
    executive, others = pool[:EXECUTIVE_SIZE], pool[EXECUTIVE_SIZE:]
    standing = executive[:STANDING_SIZE]

    def seat(body: Body, member: Member, position: Position = Position.MEMBER) -> None:
        db.session.add(BodyMembership(org_unit_id=ward.id, body=body, member_id=member.id,
                                      position=position, term=TERM))

    for i, m in enumerate(executive):
        position = (Position.SECRETARY if i == 0 else
                    Position.DEPUTY_SECRETARY if i in (1, 2) else Position.MEMBER)
        seat(Body.EXECUTIVE, m, position)
        if m in standing:
            seat(Body.STANDING, m, position)
    inspection = [executive[9], *others[:4]]
    for i, m in enumerate(inspection):
        seat(Body.INSPECTION, m, Position.HEAD if i == 0 else Position.MEMBER)
    for i, m in enumerate(standing):
        seat(Body.STEERING, m, Position.HEAD if i == 0 else Position.MEMBER)
    subcommittees = {
        Body.DOCUMENTS: [standing[1], executive[10], executive[11], others[4], others[5]],
        Body.PERSONNEL: [standing[2], standing[3], executive[12], others[6]],
        Body.COMPLAINTS: [standing[4], executive[9], executive[13], others[7]],
        Body.COMMUNICATIONS: [standing[5], executive[14], others[8], others[9]],
    }
    for body, people in subcommittees.items():
        for i, m in enumerate(people):
            seat(body, m, Position.HEAD if i == 0 else Position.MEMBER)
