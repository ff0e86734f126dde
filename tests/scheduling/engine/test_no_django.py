from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_engine_import_loads_no_django() -> None:
    code = (
        "import sys, scheduling.engine, scheduling.engine.solver, scheduling.engine.validate\n"
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
