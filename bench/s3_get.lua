-- S3: GET /Users/{id} of a random existing member.
dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local ids

function init(args)
	seed_random()
	ids = load_ids()
end

function request()
	return scim("GET", "/Users/" .. ids[math.random(#ids)])
end
