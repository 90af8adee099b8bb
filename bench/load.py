"""The load generator of ``make bench``: wrk, or a small Python fallback where wrk is missing.

wrk (``apt-get install wrk``) is preferred: written in C, it needs a fraction of a core for the
requests a Python client would need a whole core for, and on a 2-core machine that core is taken
from the server being measured. ``ensure_wrk()`` installs it through apt when it runs as root
(or with password-less sudo); otherwise the fallback ``python_load`` is used, which makes the
same requests from threads (one per connection, a new connection per request, as gunicorn's sync
workers close each one). Its requests per second are lower, since the client competes for the
CPU; the ratios to hello, the CPU per request and the queries remain comparable.
"""

import http.client
import json
import os
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

LUA = Path(__file__).with_name("wrk.lua")


@dataclass
class Sample:
    """One load run against one page: totals and the latency percentiles."""

    requests: int
    seconds: float
    bytes: int
    errors: int
    p50_ms: float
    p99_ms: float
    hits: int
    misses: int
    bypass: int
    non200: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cache_state(self) -> str:
        """The X-Page-Cache answer most requests got (hit, miss or bypass)."""
        counts = {"hit": self.hits, "miss": self.misses, "bypass": self.bypass}
        return max(counts, key=counts.get)


def ensure_wrk(log=print) -> str | None:
    """The path of wrk, installing it through apt if possible; None when it is not there."""
    if os.environ.get("BENCH_LOADGEN") == "python":
        return None
    found = shutil.which("wrk")
    if found:
        return found
    apt = ["apt-get", "install", "-y", "-q", "wrk"]
    if os.geteuid() != 0:
        if not shutil.which("sudo"):
            return None
        apt = ["sudo", "-n", *apt]
    log("wrk is missing: " + " ".join(apt))
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    result = subprocess.run(apt, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        log("Could not install wrk; using the Python load generator (see bench/load.py).")
    return shutil.which("wrk")


def wrk_load(wrk, url, *, duration, connections, threads, cold, headers) -> Sample:
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "30s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command += ["-s", str(LUA), url, "--", "cold" if cold else "warm"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    data = json.loads(line.removeprefix("BENCH_JSON "))
    return Sample(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        bytes=data["bytes"],
        errors=data["errors"],
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        hits=data["hits"],
        misses=data["misses"],
        bypass=data["bypass"],
        non200=data["non200"],
    )


def python_load(url, *, duration, connections, cold, headers, **_ignored) -> Sample:
    """The fallback: ``connections`` threads, each sending requests one after another."""
    host_port, _slash, path = url.removeprefix("http://").partition("/")
    host, _colon, port = host_port.partition(":")
    path = "/" + path
    separator = "&" if "?" in path else "?"
    lock = threading.Lock()
    latencies, totals = [], {"bytes": 0, "errors": 0, "hit": 0, "miss": 0, "bypass": 0, "bad": 0}
    deadline = time.monotonic() + duration

    def worker(number):
        count = 0
        while time.monotonic() < deadline:
            count += 1
            target = f"{path}{separator}bench={number}-{count}" if cold else path
            started = time.perf_counter()
            try:
                connection = http.client.HTTPConnection(host, int(port), timeout=30)
                connection.request("GET", target, headers=headers)
                response = connection.getresponse()
                body = response.read()
                connection.close()
            except OSError:
                with lock:
                    totals["errors"] += 1
                continue
            elapsed = time.perf_counter() - started
            state = response.getheader("X-Page-Cache", "bypass")
            with lock:
                latencies.append(elapsed)
                totals["bytes"] += len(body)
                totals[state if state in ("hit", "miss") else "bypass"] += 1
                totals["bad"] += response.status != 200

    started = time.monotonic()
    workers = [threading.Thread(target=worker, args=(n,)) for n in range(1, connections + 1)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    seconds = time.monotonic() - started
    latencies.sort()

    def percentile(share):
        if not latencies:
            return 0.0
        return latencies[min(int(len(latencies) * share), len(latencies) - 1)] * 1000

    return Sample(
        requests=len(latencies),
        seconds=seconds,
        bytes=totals["bytes"],
        errors=totals["errors"],
        p50_ms=percentile(0.5),
        p99_ms=percentile(0.99),
        hits=totals["hit"],
        misses=totals["miss"],
        bypass=totals["bypass"],
        non200=totals["bad"],
    )


def load(url, *, wrk=None, **options) -> Sample:
    if wrk:
        return wrk_load(wrk, url, **options)
    return python_load(url, **options)
