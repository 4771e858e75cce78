-- S6: GET /Users?startIndex=<random over the whole org>&count=100.
dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local members

function init(args)
	seed_random()
	members = tonumber(os.getenv("BENCH_MEMBERS"))
end

function request()
	return scim("GET", "/Users?startIndex=" .. math.random(members) .. "&count=100")
end
