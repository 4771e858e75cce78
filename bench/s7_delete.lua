-- S7: DELETE /Users/{id}, each member once: the ids file lines are split
-- between the threads. Past its last one a thread asks again for the
-- first, which answers 404 and shows as non-2xx.
dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local ids
local i = 0

function init(args)
	ids = stripe(load_ids())
end

function request()
	i = i % #ids + 1
	return scim("DELETE", "/Users/" .. ids[i])
end
