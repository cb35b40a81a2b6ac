-- wrk script: method, body and headers from the environment; prints one JSON line of results.
--   BENCH_PATHS   space-separated paths, cycled (each thread takes every BENCH_THREADS-th one
--                 when BENCH_THREADS is set: a thread's items are its own, requests in order)
--   BENCH_BODIES  a file with one form body per line, cycled (e.g. one public form each)
--   BENCH_HTMX    when set, requests are htmx requests (the page's swaps)
--   BENCH_XFF     when set, each request comes "from" another address (X-Forwarded-For, as
--                 behind the production reverse proxy)
local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
local cookie = os.getenv("BENCH_COOKIE")
local csrf = os.getenv("BENCH_CSRF")
local threads = tonumber(os.getenv("BENCH_THREADS") or "0")
local xff = os.getenv("BENCH_XFF")
local htmx = os.getenv("BENCH_HTMX")
local all_paths = {}
for p in string.gmatch(os.getenv("BENCH_PATHS") or "", "%S+") do table.insert(all_paths, p) end
local bodies = {}
local bodies_file = os.getenv("BENCH_BODIES")
if bodies_file then
  for line in io.lines(bodies_file) do table.insert(bodies, line) end
end
local counter = 0
local threads_list = {}

function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
  table.insert(threads_list, thread)
end

function init(args)
  index = 0
  paths = {}
  for i, p in ipairs(all_paths) do
    if threads == 0 or (i - 1) % threads == offset then table.insert(paths, p) end
  end
  sent = 0
  refused = ""
  last_path = ""
end

-- Which requests were refused, and how (the first few), printed at the end.
response = function(status, headers, body)
  index = index + 1
  if status >= 400 and #refused < 400 then
    refused = refused .. string.format("%d %s %s | ", status, last_path, string.sub(body or "", 1, 60):gsub("%s+", " "))
  end
end

request = function()
  local headers = {}
  if cookie then headers["Cookie"] = cookie end
  if csrf then headers["X-CSRFToken"] = csrf end
  if htmx then headers["HX-Request"] = "true" end
  local this_body = body
  if #bodies > 0 then
    -- threads start at different points of the list so they do not send the same form
    this_body = bodies[((sent * 2 + offset) % #bodies) + 1]
  end
  if this_body then headers["Content-Type"] = "application/x-www-form-urlencoded" end
  if xff then
    local n = sent * 2 + offset
    headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", offset, math.floor(n / 250) % 250, n % 250 + 1)
  end
  sent = sent + 1
  local path = nil
  if #paths > 0 then
    -- The path moves on when a response arrives, not here: wrk calls request() again for a
    -- request it could not write (a connection the server had closed), which must not skip
    -- a step of an approve/reconsider cycle.
    path = paths[(index % #paths) + 1]
    last_path = path
  end
  return wrk.format(method, path, headers, this_body)
end

done = function(summary, latency, requests)
  for _, t in ipairs(threads_list) do
    local r = t:get("refused")
    if r and #r > 0 then io.stderr:write("refused: " .. r .. "\n") end
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, ' ..
    '"timeout": %d}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
