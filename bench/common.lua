-- bench/common.lua: what every wrk scenario of bench/run shares. A scenario
-- script loads it first (dofile), then defines init() and request().
--
-- Environment (set by bench/run):
--   BENCH_TOKEN    SCIM bearer token
--   BENCH_OUT      file done() writes its JSON summary to
--   BENCH_IDS      ids file ("id userName" per line)
--   BENCH_FROM, BENCH_TO   the lines of the ids file this scenario uses
--                  (1-based, inclusive; default: all)
--   BENCH_THREADS  wrk's -t, so threads can split a pool between them
--   BENCH_SEED     varies the random choices between runs

BASE = "/scim/v2"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.headers["Accept"] = "application/scim+json"

-- wrk.format() takes its headers instead of wrk.headers, not on top of them
local with_body = { ["Content-Type"] = "application/scim+json" }
for k, v in pairs(wrk.headers) do with_body[k] = v end

-- scim(METHOD, PATH, BODY): the request text for wrk; BODY may be nil.
function scim(method, path, body)
	return wrk.format(method, BASE .. path, body and with_body or nil, body)
end

local threads = {}
local counter = 0

-- Runs in wrk's main Lua state, once per thread, before init().
function setup(thread)
	counter = counter + 1
	thread:set("id", counter)
	table.insert(threads, thread)
end

-- Per-thread state: the status codes this thread saw outside 2xx.
non2xx = 0
statuses = {}

function response(status, headers, body)
	if status < 200 or status > 299 then
		non2xx = non2xx + 1
		statuses[status] = (statuses[status] or 0) + 1
	end
end

-- seed_random(): a different sequence per thread and per run.
function seed_random()
	math.randomseed(os.time() + id * 7919 + tonumber(os.getenv("BENCH_SEED") or "0"))
	for _ = 1, 10 do math.random() end
end

-- load_ids(): the ids and userNames of lines BENCH_FROM..BENCH_TO.
function load_ids()
	local from = tonumber(os.getenv("BENCH_FROM") or "1")
	local to = tonumber(os.getenv("BENCH_TO") or "1e12")
	local ids, names, n = {}, {}, 0
	for line in io.lines(os.getenv("BENCH_IDS")) do
		n = n + 1
		if n >= from and n <= to then
			local id, name = line:match("^(%S+) (%S+)$")
			ids[#ids + 1] = id
			names[#names + 1] = name
		end
	end
	assert(#ids > 0, "no ids in lines " .. from .. ".." .. to .. " of " .. os.getenv("BENCH_IDS"))
	return ids, names
end

-- stripe(T): this thread's share of T (every BENCH_THREADS-th element),
-- so that two threads never pick the same element.
function stripe(t)
	local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")
	local out = {}
	for i = id, #t, nthreads do out[#out + 1] = t[i] end
	return out
end

function shuffle(t)
	for i = #t, 2, -1 do
		local j = math.random(i)
		t[i], t[j] = t[j], t[i]
	end
	return t
end

local function encode(v)
	if type(v) == "table" then
		local parts = {}
		for k, x in pairs(v) do
			parts[#parts + 1] = string.format("%q:%s", tostring(k), encode(x))
		end
		return "{" .. table.concat(parts, ",") .. "}"
	end
	return tostring(v)
end

-- Runs in the main state after the run: one JSON object to BENCH_OUT.
function done(summary, latency, requests)
	local bad, codes = 0, {}
	for _, t in ipairs(threads) do
		bad = bad + t:get("non2xx")
		for code, k in pairs(t:get("statuses")) do
			codes[code] = (codes[code] or 0) + k
		end
	end
	local ms = function(us) return string.format("%.3f", us / 1000) end
	local e = summary.errors
	local out = {
		requests = summary.requests,
		seconds = string.format("%.3f", summary.duration / 1e6),
		rps = string.format("%.1f", summary.requests / (summary.duration / 1e6)),
		p50_ms = ms(latency:percentile(50)),
		p90_ms = ms(latency:percentile(90)),
		p99_ms = ms(latency:percentile(99)),
		p999_ms = ms(latency:percentile(99.9)),
		mean_ms = ms(latency.mean),
		max_ms = ms(latency.max),
		non2xx = bad,
		statuses = codes,
		socket_errors = { connect = e.connect, read = e.read, write = e.write, timeout = e.timeout },
	}
	local f = assert(io.open(os.getenv("BENCH_OUT"), "w"))
	f:write(encode(out), "\n")
	f:close()
end
