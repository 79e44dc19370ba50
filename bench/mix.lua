-- wrk script for bench/mixed.py: replay a request list (path, cookie) in order, and count how
-- the answers were served (X-Page-Cache: hit / miss / none).
--   wrk -t1 -c16 -d10s -s bench/mix.lua http://127.0.0.1:PORT -- requests.tsv
-- Each line of requests.tsv is "<path>\t<cookie header or empty>".

local requests = {}
local position = 0
hits, misses, others, errors = 0, 0, 0, 0

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    local path, cookie = line:match("^([^\t]*)\t?(.*)$")
    local headers = {}
    if cookie ~= nil and cookie ~= "" then headers["Cookie"] = cookie end
    requests[#requests + 1] = wrk.format("GET", path, headers)
  end
  file:close()
  -- A thread starts at its own place in the list, so runs do not replay the same opening.
  position = tonumber(args[2] or "0") % #requests
end

function request()
  position = position % #requests + 1
  return requests[position]
end

function response(status, headers, body)
  if status >= 400 then errors = errors + 1 end
  local served = headers["X-Page-Cache"]
  if served == "hit" then
    hits = hits + 1
  elseif served == "miss" then
    misses = misses + 1
  else
    others = others + 1
  end
end

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests_done)
  local h, m, o, e = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits")
    m = m + thread:get("misses")
    o = o + thread:get("others")
    e = e + thread:get("errors")
  end
  io.write(string.format("PAGECACHE hits=%d misses=%d others=%d errors=%d\n", h, m, o, e))
end
