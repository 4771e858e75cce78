-- S5: PATCH /Groups/{id} adding one member, a different one each request,
-- to the group BENCH_GROUP. The members come from BENCH_FROM..BENCH_TO of
-- the ids file, split between the threads; after the last one a thread
-- starts again (adding a member twice changes nothing and still answers 204).
dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local ids
local i = 0
local path

function init(args)
	ids = stripe(load_ids())
	path = "/Groups/" .. os.getenv("BENCH_GROUP")
end

local BODY = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],'
	.. '"Operations":[{"op":"add","path":"members","value":[{"value":"%s"}]}]}'

function request()
	i = i % #ids + 1
	return scim("PATCH", path, string.format(BODY, ids[i]))
end
