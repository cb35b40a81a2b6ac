"""Plausible Vietnamese names for demo people (deterministic for a given random source)."""

from __future__ import annotations

import random

SURNAMES = (
    ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 35), ("Vũ", 40),
    ("Phan", 30), ("Đặng", 20), ("Bùi", 20), ("Đỗ", 15), ("Ngô", 13), ("Dương", 10),
    ("Đinh", 8), ("Mai", 6), ("Trịnh", 6), ("Lương", 5), ("Đào", 6), ("Cao", 5), ("Lưu", 4),
    ("Tạ", 3), ("Hà", 5), ("Lại", 3), ("Nhữ", 2), ("Đồng", 3), ("Khúc", 2), ("Hồ", 5),
)
MIDDLE = {
    "M": ("Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thành", "Ngọc", "Tuấn", "Mạnh",
          "Công", "Đình", "Duy", "Trung", "Hồng", "Việt"),
    "F": ("Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Phương", "Kim",
          "Bích", "Thúy", "Lan", "Mai"),
}
GIVEN = {
    "M": ("Hùng", "Dũng", "Tuấn", "Minh", "Hải", "Nam", "Long", "Thắng", "Cường", "Quân",
          "Sơn", "Tùng", "Hiếu", "Đức", "Trung", "Kiên", "Phong", "Khánh", "Huy", "Bình",
          "Thành", "Toàn", "Lâm", "Vinh", "Hoàng", "Tiến", "Quyết", "Chiến", "Thịnh", "Hưng",
          "Đạt", "Phúc", "Tâm", "Thuận", "Nghĩa", "Hòa", "Tú", "An", "Bảo", "Khải"),
    "F": ("Lan", "Hương", "Hoa", "Mai", "Linh", "Trang", "Hằng", "Nga", "Thảo", "Huyền",
          "Ngọc", "Yến", "Hạnh", "Thu", "Hà", "Dung", "Phương", "Loan", "Nhung", "Vân",
          "Oanh", "Thủy", "Liên", "Hiền", "Quyên", "Giang", "Chi", "Anh", "Nhàn", "Tuyết"),
}


def vietnamese_name(rng: random.Random, gender: str) -> str:
    surnames, weights = zip(*SURNAMES, strict=True)
    surname = rng.choices(surnames, weights)[0]
    return f"{surname} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
