-- wrk script for bench/inbound_ack.py: POSTs pre-signed bodies from a file, each once
-- (one wrk thread, so the counter is the only one), and prints wrk's figures as JSON.
--   wrk -t1 -c8 -d20s -s inbound_ack.lua http://127.0.0.1:PORT -- requests.tsv PATH
-- requests.tsv: one request a line, "<X-Hub-Signature-256>\t<body>".

local requests = {}
local threads = {}
sent = 0

setup = function(thread)
  threads[#threads + 1] = thread
end

init = function(args)
  for line in io.lines(args[1]) do
    local signature, body = line:match("^(%S+)\t(.*)$")
    requests[#requests + 1] = wrk.format("POST", args[2], {
      ["Content-Type"] = "application/json",
      ["X-Hub-Signature-256"] = signature,
      -- What the TLS-terminating proxy adds: PUBLIC_URL is https.
      ["X-Forwarded-Proto"] = "https",
    }, body)
  end
end

request = function()
  sent = sent + 1
  return requests[(sent - 1) % #requests + 1]
end

done = function(summary, latency, _)
  local errors = summary.errors
  local issued = 0
  for _, thread in ipairs(threads) do
    issued = issued + thread:get("sent")
  end
  io.write(string.format(
    'WRK-JSON {"issued": %d, "requests": %d, "duration_us": %d, "non_2xx": %d, "connect_errors": %d, '
      .. '"read_errors": %d, "write_errors": %d, "timeouts": %d, "p50_us": %d, '
      .. '"p99_us": %d, "max_us": %d}\n',
    issued, summary.requests, summary.duration, errors.status, errors.connect, errors.read,
    errors.write, errors.timeout, latency:percentile(50), latency:percentile(99),
    latency.max))
end
