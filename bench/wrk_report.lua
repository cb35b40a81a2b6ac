-- wrk script: method, body and headers from the environment; paths cycled from BENCH_PATHS
-- (space separated) when given; prints one JSON line of results at the end.
local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
local cookie = os.getenv("BENCH_COOKIE")
local csrf = os.getenv("BENCH_CSRF")
local paths = {}
for p in string.gmatch(os.getenv("BENCH_PATHS") or "", "%S+") do table.insert(paths, p) end
local counter = 0

function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
end

function init(args)
  index = offset or 0
  step = counter > 0 and counter or 1
end

request = function()
  local headers = {}
  if cookie then headers["Cookie"] = cookie end
  if csrf then headers["X-CSRFToken"] = csrf end
  if body then headers["Content-Type"] = "application/x-www-form-urlencoded" end
  local path = nil
  if #paths > 0 then
    index = index + 1
    path = paths[(index % #paths) + 1]
  end
  return wrk.format(method, path, headers, body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, ' ..
    '"timeout": %d}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
