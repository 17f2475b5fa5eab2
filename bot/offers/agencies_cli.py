"""``python -m bot agencies import|check``: keep the licensed-agency list."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.offers.agencies import AGENCIES_FILE, key, load_agencies, read_csv, to_toml


def _header(path: Path) -> str:
    if not path.exists():
        return ""
    lines = path.read_text(encoding="utf-8").splitlines()
    kept = []
    for line in lines:
        if line.startswith("#") or not line.strip():
            kept.append(line)
        else:
            break
    return "\n".join(kept).rstrip() + "\n\n"


def import_csv(data_dir: Path, csv_path: Path, *, replace: bool) -> int:
    """Merge (or replace with) the rows of a CSV; every row needs a source."""
    rows = read_csv(csv_path)  # raises AgenciesError naming the line
    current = () if replace else load_agencies(data_dir)
    by_key = {key(a.name): a for a in current}
    for agency in rows:
        by_key[key(agency.name)] = agency
    target = data_dir / AGENCIES_FILE
    merged = sorted(by_key.values(), key=lambda a: a.name.casefold())
    target.write_text(_header(target) + to_toml(merged), encoding="utf-8")
    print(f"{len(rows)} rows read; {len(merged)} agencies in {target}")
    return 0


def check(data_dir: Path) -> int:
    agencies = load_agencies(data_dir)
    if not agencies:
        print(
            "no licensed agencies listed: Safar will say it cannot confirm any licence",
            file=sys.stderr,
        )
    print(f"{len(agencies)} agencies, every one with a source and a date")
    return 0
