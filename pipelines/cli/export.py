"""`ogi export`: the published warehouse's tables and views as files, one per relation."""

from __future__ import annotations

import sys
from pathlib import Path

from warehouse import export as exporter


def export(warehouse: str, fmt: str, out: str) -> int:
    path = Path(warehouse)
    if not path.exists():
        print(f"ogi: no warehouse at {path}", file=sys.stderr)
        return 1
    files = exporter.export(path, Path(out), fmt)
    print(f"wrote {len(files)} {fmt} files to {out}")
    return 0
