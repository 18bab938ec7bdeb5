-- wrk script for scripts/load.sh: replays pre-signed WeChat callback requests.
--
--   wrk -t2 -c32 -d12s -s callback.lua http://127.0.0.1:PORT -- FILES ROUTE EXPECT REJECT
--
-- FILES   prefix of the files written by NeighborBot.LoadGen generate; thread n reads FILES.n
--         (one file per thread, so each thread holds only its share in memory)
-- ROUTE   prefix put before each request's path ("" for /wechat/mp/..., "/redis" for the bare+Redis route)
-- EXPECT  text every 200 body must contain ("success", "<Encrypt>", "<Content>"); "" checks nothing
-- REJECT  text no 200 body may contain (the bot's "busy" apology in plaintext mode); "" checks nothing
--
-- Each request carries its own MsgId. When a thread runs out it starts again from the top and
-- counts a wrap: repeats are answered from the dedupe mark, so a run with wraps is not a fair one.
-- done() prints one machine-readable RESULT line.

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local prefix, route = args[1], args[2] or ""
  expect, reject = args[3] or "", args[4] or ""
  local headers = { ["Content-Type"] = "text/xml" }
  local f = assert(io.open(prefix .. "." .. id, "rb"))
  requests = {}
  while true do
    local header = f:read("*l")
    if not header then break end
    local path_len, body_len = header:match("^(%d+) (%d+)$")
    local path = f:read(tonumber(path_len))
    local body = f:read(tonumber(body_len))
    requests[#requests + 1] = wrk.format("POST", route .. path, headers, body)
  end
  f:close()
  count, i, wraps, non200, bad = #requests, 0, 0, 0, 0
end

function request()
  i = i + 1
  if i > count then
    i = 1
    wraps = wraps + 1
  end
  return requests[i]
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
  elseif (expect ~= "" and not string.find(body, expect, 1, true))
      or (reject ~= "" and string.find(body, reject, 1, true)) then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local non200, bad, wraps, loaded = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    non200 = non200 + t:get("non200")
    bad = bad + t:get("bad")
    wraps = wraps + t:get("wraps")
    loaded = loaded + t:get("count")
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d non200=%d bad=%d wraps=%d loaded=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, non200, bad, wraps, loaded, e.connect + e.read + e.write + e.timeout))
end
