-- wrk script for benchmarks/load.py (`make load`): POST request bodies to /v1/timeline in turn.
--   wrk -t1 -cN -dS -s benchmarks/wrk_post.lua http://127.0.0.1:PORT -- BODIES_FILE [DELAY_MS]
-- BODIES_FILE holds one JSON request body per line. DELAY_MS (default 0) is a pause before each request
-- of a connection, to pace the load; latency is timed from the send, so the pause is not counted.
-- At the end, one JSON line of figures (latencies in microseconds) is written to stdout.

local bodies = {}
local next_body = 0
local delay_ms = 0
local headers = { ["Content-Type"] = "application/json" }

function init(args)
  for line in io.lines(args[1]) do
    bodies[#bodies + 1] = line
  end
  delay_ms = tonumber(args[2] or "0")
  next_body = math.random(#bodies) - 1
end

function delay()
  return delay_ms
end

function request()
  next_body = next_body % #bodies + 1
  return wrk.format("POST", "/v1/timeline", headers, bodies[next_body])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,'
      .. '"p50":%d,"p95":%d,"p99":%d,"max":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
