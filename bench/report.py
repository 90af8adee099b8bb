"""The table of ``make bench``: one row per page and cache state, medians over the rounds.

- **req/s**: the median of the rounds, with the lowest and highest in brackets;
- **p50, p99**: wrk's latency percentiles in milliseconds (median over the rounds);
- **ratio**: hello's requests per second divided by the page's, in the same round (median):
  ``1/40`` means the page serves a fortieth of what hello serves on the same workers;
- **CPU ms**: user + system time of the gunicorn workers per request (median);
- **queries**: database queries of one request, counted with Django's test client;
- **cache**: ``cold`` (every request a page-cache miss), ``warm`` (hits), ``–`` (not cached);
- **KB**: bytes per response as sent (headers included, gzip when the client asks for it).
"""

import statistics


def _median(values):
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


def summarise(variants, runs, queries, mask_path) -> list[dict]:
    hello = runs["hello", None]
    rows = []
    for page, cold, _headers in variants:
        samples = runs[page.name, cold]
        rps = [sample.rps for sample, _cpu in samples]
        ratios = [
            hello_sample.rps / sample.rps if sample.rps else None
            for (sample, _cpu), (hello_sample, _hello_cpu) in zip(samples, hello, strict=True)
        ]
        count, status = queries[page.name, cold]
        requests = sum(sample.requests for sample, _cpu in samples)
        rows.append(
            {
                "page": page.name,
                "path": mask_path(page.path) + ("?…" if "?" in page.path else ""),
                "who": page.who,
                "cache": {True: "cold", False: "warm", None: "–"}[cold],
                "served_as": samples[-1][0].cache_state,
                "rps_median": round(statistics.median(rps), 1),
                "rps_min": round(min(rps), 1),
                "rps_max": round(max(rps), 1),
                "p50_ms": round(_median(sample.p50_ms for sample, _cpu in samples), 2),
                "p99_ms": round(_median(sample.p99_ms for sample, _cpu in samples), 2),
                "hello_per_page": _round(_median(ratios), 2),
                "cpu_ms": _round(_median(cpu for _sample, cpu in samples), 2),
                # The page's CPU per request over hello's, per round: the ratio again, from the
                # workers' CPU time alone, steadier than req/s when other processes share the
                # cores (JSON only).
                "cpu_per_hello_cpu": _round(
                    _median(
                        cpu / hello_cpu if cpu and hello_cpu else None
                        for (_sample, cpu), (_hello, hello_cpu) in zip(samples, hello, strict=True)
                    ),
                    1,
                ),
                "queries": count,
                "status": status,
                "non_200": sum(sample.non200 for sample, _cpu in samples),
                "errors": sum(sample.errors for sample, _cpu in samples),
                "kb": round(sum(s.bytes for s, _c in samples) / requests / 1024, 1)
                if requests
                else None,
            }
        )
    return rows


def _round(value, digits):
    return None if value is None else round(value, digits)


def _rps(value) -> str:
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def ratio_text(value) -> str:
    if value is None:
        return "–"
    if value < 10:
        return f"1/{value:.1f}"
    return f"1/{value:.0f}"


def table(dataset: dict) -> str:
    header = (
        "| page | cache | req/s (range) | p50 ms | p99 ms | ratio to hello "
        "| CPU ms/req | queries | KB |"
    )
    lines = [header, "|---|---|---|---|---|---|---|---|---|"]
    for row in dataset["rows"]:
        warning = ""
        if row["non_200"] or row["errors"] or row["status"] != 200:
            warning = (
                f" ⚠ status {row['status']}, {row['non_200']} non-200, {row['errors']} errors"
            )
        cpu = "–" if row["cpu_ms"] is None else f"{row['cpu_ms']:.1f}"
        lines.append(
            f"| {row['page']}{warning} | {row['cache']} "
            f"| {_rps(row['rps_median'])} ({_rps(row['rps_min'])}–{_rps(row['rps_max'])}) "
            f"| {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | {ratio_text(row['hello_per_page'])} "
            f"| {cpu} | {row['queries']} | {row['kb']} |"
        )
    return "\n".join(lines)


def print_table(report: dict) -> None:
    print()
    print(
        f"make bench {report['date']} (commit {report['commit']}): {report['database']}, "
        f"cache {report['cache']}, CONN_MAX_AGE {report['conn_max_age']}, "
        f"{report['workers']} sync workers, {report['load_generator']} "
        f"-c{report['connections']} -d{report['duration_s']}s, {report['rounds']} rounds, "
        f"gzip {'on' if report['gzip'] else 'off'}, {report['cores']} cores"
    )
    for dataset in report["datasets"]:
        counts = dataset["counts"]
        print()
        print(
            f"{dataset['name']}: {counts['modules']} modules, {counts['offerings']} offerings, "
            f"{counts['enrolments']} enrolments ({counts['professional_enrolments']} of the "
            f"professional), {counts['findings']} findings"
        )
        print()
        print(table(dataset))
    print()
