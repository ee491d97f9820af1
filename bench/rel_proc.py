"""Starting ``bench.rel_worker`` children and reading their lines with a deadline."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "STC_BUSY_TIMEOUT_MS": "10000"}


def start(mode: str, *args: str, stdin: bool = False) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bench.rel_worker", mode, *args],
                            stdin=subprocess.PIPE if stdin else None, stdout=subprocess.PIPE,
                            env=child_env(), cwd=str(ROOT))


class LineReader:
    """Lines from a child's stdout, with a deadline (no thread, no hang)."""

    def __init__(self, stream):
        self.fd = stream.fileno()
        self.buffer = b""

    def read_until(self, deadline: float, stop=lambda line: False) -> list[str]:
        lines: list[str] = []
        while True:
            while b"\n" in self.buffer:
                raw, self.buffer = self.buffer.split(b"\n", 1)
                line = raw.decode("utf-8")
                lines.append(line)
                if stop(line):
                    return lines
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return lines
            ready, _, _ = select.select([self.fd], [], [], remaining)
            if ready:
                chunk = os.read(self.fd, 65536)
                if not chunk:
                    return lines
                self.buffer += chunk
