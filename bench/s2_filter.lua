-- S2: GET /Users?filter=userName eq "…" of a random existing member.
dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local names

function init(args)
	seed_random()
	local _
	_, names = load_ids()
end

local function urlencode(s)
	return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", c:byte()) end))
end

function request()
	local name = names[math.random(#names)]
	return scim("GET", "/Users?filter=" .. urlencode('userName eq "' .. name .. '"'))
end
