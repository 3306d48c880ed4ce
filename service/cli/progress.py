"""A progress bar on a terminal, a line now and then elsewhere: for the commands that run many articles."""

from __future__ import annotations

import time
from typing import IO


class Progress:
    """A progress bar on a terminal (redrawn at most ten times a second), a line now and then elsewhere."""

    def __init__(self, stream: IO[str], total: int | None, enabled: bool = True) -> None:
        self.stream = stream
        self.total = total
        self.enabled = enabled
        self.tty = enabled and stream.isatty()
        self.done = 0
        self.skipped = 0  # counted by the thread that feeds the workers
        self.problems = 0
        self.started = time.monotonic()
        self.last_draw = 0.0
        self.next_report = 0.1

    def advance(self, ok: bool) -> None:
        self.done += 1
        self.problems += 0 if ok else 1
        now = time.monotonic()
        if self.tty and now - self.last_draw >= 0.1:
            self.last_draw = now
            self.stream.write("\r" + self.line(now) + "\x1b[K")
            self.stream.flush()
        elif self.enabled and not self.tty and self._report_due():
            self.stream.write(self.line(now) + "\n")
            self.stream.flush()

    def _report_due(self) -> bool:
        """Off a terminal: a line at every tenth of the total, or every 500 articles when it is unknown."""
        if self.total:
            if self.count / self.total >= self.next_report:
                self.next_report += 0.1
                return True
            return False
        return self.count % 500 == 0

    @property
    def count(self) -> int:
        return self.done + self.skipped

    def line(self, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        tail = f"{self.count}" + (f"/{self.total}" if self.total else "") + f" articles, {rate:.1f}/s"
        if self.skipped:
            tail += f", {self.skipped} skipped"
        if self.problems:
            tail += f", {self.problems} problem{'s' if self.problems != 1 else ''}"
        if not self.total:
            return tail
        share = min(self.count / self.total, 1.0)
        width = 28
        filled = int(share * width)
        bar = "█" * filled + "·" * (width - filled)
        eta = max(self.total - self.count, 0) / rate if rate > 0 else 0
        return f"[{bar}] {share:4.0%} {tail}, ETA {int(eta // 60)}:{int(eta % 60):02d}"

    def close(self) -> None:
        if self.tty:
            self.stream.write("\r" + self.line(time.monotonic()) + "\x1b[K\n")
            self.stream.flush()

