-- wrk script for bench/run.py: prints one JSON line with the latency
-- percentiles (ms), the request count and the errors. With WRK_FORM set (a
-- form body with one %d), every request is a POST of that form, the %d
-- cycling through 0..3 (a rating value).
local form = os.getenv("WRK_FORM")

if form then
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  local n = 0
  request = function()
    n = n + 1
    return wrk.format(nil, nil, nil, string.format(form, n % 4))
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50": %.3f, "p95": %.3f, "p99": %.3f, "errors": %d, "bad_status": %d}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
