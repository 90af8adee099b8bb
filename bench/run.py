"""``make bench``: requests per second, latency, CPU and queries of the portal's pages.

The method of issue R8: gunicorn with two sync workers and production settings on a free port;
wrk with 2 threads and 2 connections per page; several interleaved rounds, in each of which
every page is measured once right after a hello-world view served by the same workers. A page is
given as a ratio to hello in the same round (1/40: a fortieth of hello's requests per second),
which stays comparable on a shared machine, and as the CPU time its workers spent per request.

Steps: a fresh database (SQLite ``var/bench/bench.sqlite3``; with ``DATABASE_URL`` pointing at
PostgreSQL, a database of its own, ``<name>_bench``, dropped and created), migrations, the demo
data (``seed_demo``) and ``collectstatic``; then the demo data is measured, grown to 200
modules, 1,000 offerings and 11,500 enrolments (and 100,000 findings on PostgreSQL) and
measured again. The table is printed and written as JSON to ``var/bench/<time>.json`` and
``var/bench/latest.json``.

Options (environment or command line): BENCH_DURATION (seconds per page and round, default 4;
the issue used 8), BENCH_ROUNDS (3), BENCH_DATASETS (``demo,grown``), BENCH_FINDINGS (100000,
PostgreSQL only), BENCH_GZIP (1: send ``Accept-Encoding: gzip`` as browsers do),
BENCH_LOADGEN=python (the fallback load generator even where wrk is installed).
"""

import argparse
import datetime
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
sys.path.insert(0, str(ROOT))

from bench import load as loadgen  # noqa: E402
from bench.report import print_table, summarise  # noqa: E402
from bench.server import Server  # noqa: E402


def options(argv=None):
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=int(env("BENCH_DURATION", "4")))
    parser.add_argument("--rounds", type=int, default=int(env("BENCH_ROUNDS", "3")))
    parser.add_argument("--datasets", default=env("BENCH_DATASETS", "demo,grown"))
    parser.add_argument("--findings", type=int, default=int(env("BENCH_FINDINGS", "100000")))
    parser.add_argument("--workers", type=int, default=int(env("BENCH_WORKERS", "2")))
    parser.add_argument("--connections", type=int, default=2)
    # Keep the database of the last run (no migrate, no seed): for working on the bench itself.
    parser.add_argument("--reuse", action="store_true", default=env("BENCH_REUSE") == "1")
    parser.add_argument("--gzip", type=int, default=int(env("BENCH_GZIP", "1")))
    return parser.parse_args(argv)


def log(message: str) -> None:
    # UTC: Django sets the process's time zone to TIME_ZONE once it is set up.
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fresh_database(reuse: bool) -> str:
    """The bench database's URL, created empty: never the database DATABASE_URL names."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        for suffix in ("", "-wal", "-shm"):
            if not reuse:
                (OUT / f"bench.sqlite3{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{OUT / 'bench.sqlite3'}"
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    original = parts.path.lstrip("/") or "postgres"
    name = os.environ.get("BENCH_DATABASE_NAME") or f"{original}_bench"
    if name == original:
        raise SystemExit("BENCH_DATABASE_NAME must differ from the database in DATABASE_URL.")
    if reuse:
        return urlunsplit(parts._replace(path="/" + name))
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as admin:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        admin.execute(drop.format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urlunsplit(parts._replace(path="/" + name))


def manage(*args: str, output: Path | None = None) -> None:
    stdout = output.open("ab") if output else subprocess.DEVNULL
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, check=True, stdout=stdout, env=os.environ
    )


def prepare(port: int, reuse: bool) -> str:
    database = fresh_database(reuse)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=database,
        DJANGO_STATIC_ROOT=str(OUT / "static"),
        DJANGO_CONTENT_VERSION_FILE=str(OUT / "content-version"),
        PORTAL_BASE_URL=f"http://127.0.0.1:{port}",
        DJANGO_LOG_LEVEL="WARNING",
    )
    if reuse:
        log(f"database: {database.split('@')[-1]} as the last run left it")
        return database
    log(f"database: {database.split('@')[-1]}; migrate, seed_demo, collectstatic")
    manage("compile_catalogues")
    manage("migrate", "--no-input", "-v0")
    manage("seed_demo", output=OUT / "seed.log")
    manage("collectstatic", "--no-input", "-v0")
    return database


def grow(findings: int) -> None:
    from django.db import connection

    from bench.grow_catalogue import grow_catalogue

    log("growing to 200 modules, 1,000 offerings, 11,500 enrolments")
    grow_catalogue(log=log)
    if connection.vendor == "postgresql" and findings:
        log(f"growing to {findings:,} findings")
        from bench.grow_findings import grow_findings

        grow_findings(findings, log=log)


def counts() -> dict[str, int]:
    from courses.models import Enrollment, ModulePage, Offering
    from needs_analysis.models import Finding

    return {
        "modules": ModulePage.objects.filter(locale__language_code="de").count(),
        "offerings": Offering.objects.count(),
        "enrolments": Enrollment.objects.count(),
        "professional_enrolments": Enrollment.objects.filter(
            user__email="fachkraft@example.org"
        ).count(),
        "findings": Finding.objects.count(),
    }


def measure(dataset: str, server: Server, wrk: str | None, opts) -> dict:
    from django.db import connections

    from bench import pages as bench_pages
    from portal.access_log import mask_path

    pages = bench_pages.pages()
    clients = bench_pages.clients()
    base = {"Accept-Encoding": "gzip"} if opts.gzip else {}
    variants = []  # (page, cold, headers): cold None for pages the cache does not serve
    for page in pages:
        headers = {**base, **bench_pages.cookie_header(clients[page.who])}
        for cold in (True, False) if page.cacheable else (None,):
            variants.append((page, cold, headers))
    queries = {}
    for serial, (page, cold, _headers) in enumerate(variants):
        queries[page.name, cold] = bench_pages.count_queries(
            page, clients[page.who], cold=bool(cold), serial=serial
        )
    connections.close_all()

    log(f"{dataset}: warming up {len(variants)} variants")
    for page, cold, headers in variants:
        loadgen.python_load(
            server.url + page.path, duration=0.3, connections=2, cold=bool(cold), headers=headers
        )
    runs = {(page.name, cold): [] for page, cold, _headers in variants}
    for number in range(1, opts.rounds + 1):
        log(f"{dataset}: round {number} of {opts.rounds}")
        for page, cold, headers in variants:
            before, pids = server.cpu()
            sample = loadgen.load(
                server.url + page.path,
                wrk=wrk,
                duration=opts.duration,
                connections=opts.connections,
                threads=min(2, opts.connections),
                cold=bool(cold),
                headers=headers,
            )
            after, pids_after = server.cpu()
            cpu_ms = (after - before) * 1000 / sample.requests if sample.requests else None
            runs[page.name, cold].append((sample, cpu_ms if pids == pids_after else None))
    return {
        "name": dataset,
        "counts": counts(),
        "rows": summarise(variants, runs, queries, mask_path),
    }


def main(argv=None) -> int:
    opts = options(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    port = free_port()
    prepare(port, opts.reuse)
    import django

    django.setup()
    from django.db import connection

    wrk = loadgen.ensure_wrk(log)
    log(f"load generator: {wrk or 'Python threads (bench/load.py)'}")
    server = Server(port, opts.workers, OUT / "gunicorn.log")
    server.start("/bench/hello/")
    results = []
    try:
        for dataset in [name.strip() for name in opts.datasets.split(",") if name.strip()]:
            if dataset == "grown":
                grow(opts.findings)
            results.append(measure(dataset, server, wrk, opts))
    finally:
        server.stop()
    report = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "database": connection.vendor,
        "conn_max_age": connection.settings_dict["CONN_MAX_AGE"],
        "cache": "redis" if os.environ.get("REDIS_URL") else "locmem",
        "load_generator": "wrk" if wrk else "python",
        "workers": opts.workers,
        "connections": opts.connections,
        "duration_s": opts.duration,
        "rounds": opts.rounds,
        "gzip": bool(opts.gzip),
        "cores": os.cpu_count(),
        "minutes": round((time.monotonic() - started) / 60, 1),
        "datasets": results,
    }
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%SZ")
    text = json.dumps(report, indent=2, ensure_ascii=False)
    (OUT / f"{stamp}.json").write_text(text)
    (OUT / "latest.json").write_text(text)
    print_table(report)
    log(f"written: var/bench/{stamp}.json and var/bench/latest.json ({report['minutes']} min)")
    return 0


def _commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return ""
    return f"{head}{'+changes' if dirty else ''}"


if __name__ == "__main__":
    sys.exit(main())
