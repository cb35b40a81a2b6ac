"""`make bench`: every benchmark, one after the other, then bench/RESULTS.md from their JSON.

    .venv/bin/python -m bench.run [--quick]

1. transitions: the workflow service against a bare UPDATE + INSERT (bench/transitions.py);
2. audit verify of 100,000 and 1,000,000 entries (bench/verify.py);
3. load at N=1 on SQLite and PostgreSQL, and at N=100 on PostgreSQL (bench/load.py), with
   the workers' resident memory after the load;
4. peaks: 5,000 public comments in 10 minutes, 250 check-ins in 5 (bench/peaks.py).

Runs for about an hour on two cores (`--quick`: shorter loads, no N=100, peaks compressed
tenfold — for checking the benchmarks, not for figures). Needs wrk (apt-get install -y wrk),
PostgreSQL and Redis as for the tests.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from bench.common import machine
from bench.load import FLOOR, HELLO, ROOT

OUT = ROOT / "bench" / "out"


def step(*args: str) -> None:
    print(f"\n== {' '.join(args)}", flush=True)
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", *args], cwd=ROOT, check=True)
    print(f"   ({time.monotonic() - started:.0f} s)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    seconds = "3" if args.quick else "15"
    step("bench.transitions", "--json", str(OUT / "transitions.json"))
    step("bench.verify", "--json", str(OUT / "verify.json"), *(["--quick"] if args.quick else []))
    step("bench.load", "--seconds", seconds, "--scale", "1")
    if not args.quick:
        step("bench.load", "--seconds", seconds, "--scale", "100", "--backends", "postgres")
    step("bench.peaks", "--backends", "postgres", "--compress", "10" if args.quick else "1")
    write_results()


def _load(name: str):
    path = OUT / name
    return json.loads(path.read_text()) if path.exists() else None


def ceiling(bare: float, floor: float, hello: float) -> float:
    """The most a page's share of the bare page could be: its time if its own work (its rows'
    statement and template) cost no more than the bare page's (the bare page less Flask's own
    "hello"), on top of the floor every signed-in page pays. Times per request, any unit."""
    return bare / (floor + bare - hello)


def ceiling_shares(rows: list[dict]) -> dict[str, float]:
    """`ceiling` for each page of a load run (time per request: 1 / rate). Empty for runs
    without the floor endpoint."""
    rate = {row["endpoint"]: row["rps"] for row in rows}
    if FLOOR not in rate:
        return {}
    bare = {row["rendered_rows"]: 1 / row["rps"] for row in rows
            if row["reference"] and row["endpoint"].startswith("bare rows")}
    return {row["endpoint"]: ceiling(bare[row["rendered_rows"]], 1 / rate[FLOOR],
                                     1 / rate[HELLO])
            for row in rows if row["page"]}


def write_results() -> None:
    lines = ["# Benchmark results", "", f"Machine: {machine()}.", "",
             "Written by `make bench` (bench/run.py) from bench/out/*.json; the method is in "
             "docs/performance.md.", ""]
    transitions = _load("transitions.json")
    if transitions:
        lines += ["## Transitions: the workflow service against a bare UPDATE + INSERT", "",
                  "| backend | transitions | service /s | bare /s | ratio |",
                  "|---|---:|---:|---:|---:|"]
        lines += [f"| {r['backend']} | {r['transitions']:,} | {r['service_per_s']:,.0f} | "
                  f"{r['baseline_per_s']:,.0f} | {r['ratio']:.0%} |" for r in transitions]
        lines.append("")
    verify = _load("verify.json")
    if verify:
        lines += ["## Audit verify", "", "| backend | entries | verify | entries/s |",
                  "|---|---:|---:|---:|"]
        lines += [f"| {r['backend']} | {r['entries']:,} | {r['verify_s']:.1f} s | "
                  f"{r['per_s']:,.0f} |" for r in verify]
        lines.append("")
    for scale in (1, 100):
        load = _load(f"load-scale{scale}.json")
        if not load:
            continue
        lines += [f"## Load at N={scale} (gunicorn, 2 workers; wrk on loopback)", "",
                  "\"The most it could be\": the page's share of the bare page if its own work "
                  "(its rows' statement and template) cost no more than the bare page's, on top "
                  f"of the floor every signed-in page pays (\"{FLOOR}\"). "
                  "In time per request: bare / (floor + bare − hello).", ""]
        for run in load:
            lines += [f"**{run['backend']}** (seeded in {run['seed_seconds']:.0f} s; worker "
                      f"memory after the load: "
                      f"{', '.join(f'{m:.0f} MB' for m in run['worker_rss_mb'])})", "",
                      "| endpoint | rows | req/s | p50 ms | p95 ms | p99 ms | errors | "
                      "vs bare page with its rows | the most it could be |",
                      "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
            ceilings = ceiling_shares(run["rows"])
            for row in run["rows"]:
                errors = sum(row["errors"].values())
                ratio = row.get("ratio_to_bare_page")
                rendered = row.get("rendered_rows")
                ceiling = ceilings.get(row["endpoint"])
                lines.append(
                    f"| {row['endpoint']} | {f'{rendered:,}' if rendered else '—'} | "
                    f"{row['rps']:,.0f} | {row['p50_us'] / 1000:.1f} | "
                    f"{row['p95_us'] / 1000:.1f} | {row['p99_us'] / 1000:.1f} | {errors} | "
                    f"{'—' if ratio is None else f'{ratio:.0%}'} | "
                    f"{'—' if ceiling is None else f'{ceiling:.0%}'} |")
            lines.append("")
    peaks = _load("peaks.json") or _load("peaks-x10.json")
    if peaks:
        lines += ["## Peaks", ""]
        for run in peaks:
            c = run["public_comments"]
            lines.append(f"- {run['backend']}, time compressed ×{run['compress']:g}: "
                         f"{c['sent']:,} public comments in {c['minutes']} min: outcomes "
                         f"{c['outcomes']}; stored {c['stored']:,}, lost {c['lost']}, "
                         f"duplicated {c['duplicated']}.")
            if run.get("checkins"):
                k = run["checkins"]
                lines.append(f"- {run['backend']}: {k['sent']} check-ins in {k['minutes']} "
                             f"min: outcomes {k['outcomes']}; recorded {k['recorded']}, "
                             f"lost {k['lost']}, duplicated {k['duplicated']}.")
        lines.append("")
    (ROOT / "bench" / "RESULTS.md").write_text("\n".join(lines))
    print((ROOT / "bench" / "RESULTS.md").read_text())


if __name__ == "__main__":
    main()
