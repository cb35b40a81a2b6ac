"""The load benchmark's written results: the most a page's share of the bare page could be."""

import pytest

from bench.load import FLOOR, HELLO
from bench.run import ceiling_shares


def row(name, rps, rendered=0, reference=False, page=False):
    return {"endpoint": name, "rps": rps, "rendered_rows": rendered, "reference": reference,
            "page": page}


def test_the_ceiling_is_the_bare_page_over_the_floor_plus_the_bare_pages_own_work():
    rows = [row(HELLO, 1000, reference=True),                         # 1 ms a request
            row(FLOOR, 500, reference=True),                          # 2 ms
            row("bare rows page (13 rows)", 800, 13, reference=True),  # 1.25 ms
            row("a page", 200, 13, page=True)]
    # At best the page costs the floor plus the bare page's own work: 2 + (1.25 - 1) ms.
    assert ceiling_shares(rows) == {"a page": pytest.approx(1.25 / 2.25)}


def test_runs_without_the_floor_have_no_ceiling():
    assert ceiling_shares([row(HELLO, 1000, reference=True),
                           row("a page", 200, 13, page=True)]) == {}
