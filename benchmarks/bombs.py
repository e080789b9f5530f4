"""Each hostile document (span bomb, blank-page PDF, DOCX and ZIP bombs, broken ZIPs) extracted in its own
process: outcome, wall time and peak memory. Every one must come out `unreadable` with its limit named.

Run:  .venv/bin/python benchmarks/bombs.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harvester.demo.bombs import BOMBS  # noqa: E402

_CHILD = """
import json, sys, time

def hwm():  # VmHWM: this process's peak resident memory (ru_maxrss would carry the parent's across exec)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

from harvester.errors import ExtractionError
from harvester.extract import extract
path = sys.argv[1]
body = open(path, "rb").read()
base = hwm()
start = time.perf_counter()
try:
    extract(body, "text/html" if path.endswith(".html") else None, path)
    outcome = "read"
except ExtractionError as exc:
    outcome = f"unreadable: {exc}"
print(json.dumps({"seconds": time.perf_counter() - start, "peak_mb": hwm(), "before_mb": base, "outcome": outcome}))
"""


def measure(name: str, body: bytes) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(body)
        proc = subprocess.run([sys.executable, "-c", _CHILD, str(path)], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    print(f"{'document':<28}{'bytes':>11}{'seconds':>9}{'peak MB':>9}{'(start)':>8}  outcome")
    for name, make in BOMBS.items():
        body = make()
        m = measure(name, body)
        print(f"{name:<28}{len(body):>11}{m['seconds']:>9.2f}{m['peak_mb']:>9.0f}{m['before_mb']:>8.0f}  {m['outcome'][:100]}")


if __name__ == "__main__":
    main()
