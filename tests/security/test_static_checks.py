"""The static checks are part of the suite: ruff clean, bandit clean (each accepted finding is
marked in place with `# nosec BXXX` and its reason)."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_is_clean():
    result = run(str(BIN / "ruff"), "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_bandit_is_clean():
    result = run(str(BIN / "bandit"), "-q", "-c", "pyproject.toml", "-r", "intranet",
                 "workflows")
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_nosec_names_its_check_and_gives_a_reason():
    """`# nosec BXXX`, with the reason after it (`# nosec B603 # why`: bandit reads the ids up
    to the next #) or in a comment on the line above."""
    bare = []
    for path in [*ROOT.glob("intranet/**/*.py"), *ROOT.glob("workflows/**/*.py")]:
        lines = path.read_text().splitlines()
        for number, line in enumerate(lines, 1):
            if "nosec" not in line:
                continue
            named = re.search(r"nosec B\d{3}\b", line)
            reason = re.search(r"nosec B\d{3}\b.*#\s*\S", line) or (
                number > 1 and lines[number - 2].strip().startswith("#"))
            if not (named and reason):
                bare.append(f"{path.relative_to(ROOT)}:{number}")
    assert bare == []
