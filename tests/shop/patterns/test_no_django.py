from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PURE = sorted(
    f"shop.patterns.{p.stem}"
    for p in (ROOT / "shop" / "patterns").glob("*.py")
    if p.stem not in ("__init__", "benchmark")
)


def test_drafting_and_nesting_load_no_django() -> None:
    assert "shop.patterns.nesting" in PURE and "shop.patterns.jacket" in PURE
    code = (
        f"import sys, shop.patterns, {', '.join(PURE)}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0].startswith('django'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert out.stdout.strip() == "", f"Django modules loaded: {out.stdout}"
