-- make bench (bench/load.py): one wrk run against one page.
-- `wrk ... -s bench/wrk.lua URL -- cold` gives every request its own query string (bench=<thread>-<n>),
-- so the page cache misses on every request and stores each answer: the cost of a cache miss.
-- Without "cold" every request is the same (a warm cache answers it). At the end one line
-- "BENCH_JSON {...}" with the totals, the latency percentiles and the X-Page-Cache states.
local threads = {}
local next_id = 1

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  cold = args[1] == "cold"
  n, hits, misses, bypass, non200 = 0, 0, 0, 0, 0
  if string.find(wrk.path, "?", 1, true) then sep = "&" else sep = "?" end
end

function request()
  if cold then
    n = n + 1
    return wrk.format(nil, wrk.path .. sep .. "bench=" .. tid .. "-" .. n)
  end
  return wrk.request()
end

function response(status, headers, body)
  local state = headers["X-Page-Cache"]
  if state == "hit" then
    hits = hits + 1
  elseif state == "miss" then
    misses = misses + 1
  else
    bypass = bypass + 1
  end
  if status ~= 200 then non200 = non200 + 1 end
end

function done(summary, latency, requests)
  local h, m, b, x = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits")
    m = m + thread:get("misses")
    b = b + thread:get("bypass")
    x = x + thread:get("non200")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "errors": %d, ' ..
    '"p50_us": %d, "p99_us": %d, "hits": %d, "misses": %d, "bypass": %d, "non200": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), h, m, b, x))
end
