"""The gunicorn server ``make bench`` measures, and the CPU time its workers spend.

Started with the repository's ``gunicorn.conf.py`` (production settings through
``DJANGO_SETTINGS_MODULE=bench.settings``) and two sync workers, as in the issue's method; the
access log and the periodic worker restarts (``max_requests``) are off, so that a worker's CPU
counters are not reset in the middle of a run. CPU time is read from ``/proc/<pid>/stat``
(user + system time of each worker, in clock ticks) before and after a run.
"""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")


class Server:
    def __init__(self, port: int, workers: int, log_path: Path):
        self.port = port
        self.workers = workers
        self.log_path = log_path
        self.process = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, probe: str) -> None:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
        command += ["-c", str(ROOT / "gunicorn.conf.py")]
        command += ["--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers)]
        env = {
            **os.environ,
            "GUNICORN_MAX_REQUESTS": "0",
            "GUNICORN_ACCESS_LOG": "",
            "GUNICORN_LOG_LEVEL": "warning",
        }
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.url + probe, timeout=5) as response:
                    if response.status == 200 and len(self.worker_pids()) == self.workers:
                        return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        tail = self.log_path.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"gunicorn did not start; its log ({self.log_path}):\n{tail}")

    def worker_pids(self) -> list[int]:
        """The worker processes: the children of gunicorn's master process."""
        if self.process is None:
            return []
        pids = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(entry))
        return sorted(pids)

    def cpu(self) -> tuple[float, tuple[int, ...]]:
        """(user + system seconds of all workers, their pids)."""
        total = 0
        pids = tuple(self.worker_pids())
        for pid in pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / TICKS, pids

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
