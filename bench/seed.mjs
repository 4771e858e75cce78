// bench/seed.mjs: fills the benchmark org through the SCIM API.
//
//   node seed.mjs users  BASE TOKEN N IDS_FILE [CONCURRENCY]
//       POST /Users N times (user1@bench.test … userN@bench.test), CONCURRENCY
//       requests in flight (default 32); writes IDS_FILE ("id userName" per
//       line, in order) and prints {"members":N,"seconds":S,"per_s":R}.
//   node seed.mjs groups BASE TOKEN IDS_FILE COUNT SIZE
//       COUNT groups of SIZE members each (members taken from the ids file).
//   node seed.mjs group  BASE TOKEN NAME          prints the new group's id
//   node seed.mjs add    BASE TOKEN GROUP IDS_FILE FROM TO [BATCH]
//       PATCH the group to add ids-file lines FROM..TO (1-based, inclusive),
//       BATCH members per request (default 1000), one request at a time as
//       an IdP does; prints {"added":…,"seconds":…,"requests":…}.
import { client, expect, readIds, writeIds, pool, USER_SCHEMA, GROUP_SCHEMA, PATCH_SCHEMA } from './client.mjs';

const [cmd, base, token, ...args] = process.argv.slice(2);

function userBody(i) {
  const userName = `user${i}@bench.test`;
  return {
    schemas: [USER_SCHEMA],
    userName,
    externalId: `ext-${i}`,
    name: { givenName: 'User', familyName: String(i) },
    displayName: `User ${i}`,
    emails: [{ value: userName, type: 'work', primary: true }],
    active: true,
  };
}

async function users(n, file, concurrency) {
  const c = client(base, token, concurrency);
  const rows = new Array(n);
  const t0 = Date.now();
  await pool(n, concurrency, async (k) => {
    const body = userBody(k + 1);
    const res = expect(await c.request('POST', '/Users', body), 201, `POST /Users ${body.userName}`);
    rows[k] = { id: res.json.id, userName: body.userName };
  });
  const seconds = (Date.now() - t0) / 1000;
  c.close();
  writeIds(file, rows);
  console.log(JSON.stringify({ members: n, seconds, per_s: Math.round(n / seconds) }));
}

async function groups(file, count, size) {
  const c = client(base, token, 4);
  const ids = readIds(file);
  await pool(count, 4, async (g) => {
    const members = ids.slice(g * size, (g + 1) * size).map((r) => ({ value: r.id }));
    expect(await c.request('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: `bench group ${g + 1}`, members }),
      201, `POST /Groups bench group ${g + 1}`);
  });
  c.close();
}

async function group(name) {
  const c = client(base, token, 1);
  const res = expect(await c.request('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: name }), 201,
    `POST /Groups ${name}`);
  c.close();
  console.log(res.json.id);
}

async function add(groupId, file, from, to, batch) {
  const c = client(base, token, 1);
  const ids = readIds(file).slice(from - 1, to);
  const t0 = Date.now();
  let requests = 0;
  for (let k = 0; k < ids.length; k += batch) {
    const value = ids.slice(k, k + batch).map((r) => ({ value: r.id }));
    const body = { schemas: [PATCH_SCHEMA], Operations: [{ op: 'add', path: 'members', value }] };
    const res = await c.request('PATCH', `/Groups/${groupId}`, body);
    if (res.status !== 204 && res.status !== 200)
      expect(res, 204, `PATCH /Groups/${groupId} (${value.length} members)`);
    requests++;
  }
  c.close();
  console.log(JSON.stringify({ added: ids.length, seconds: (Date.now() - t0) / 1000, requests }));
}

const n = Number;
switch (cmd) {
  case 'users': await users(n(args[0]), args[1], n(args[2] ?? 32)); break;
  case 'groups': await groups(args[0], n(args[1]), n(args[2])); break;
  case 'group': await group(args[0]); break;
  case 'add': await add(args[0], args[1], n(args[2]), n(args[3]), n(args[4] ?? 1000)); break;
  default:
    console.error('usage: node seed.mjs users|groups|group|add BASE TOKEN ...');
    process.exit(2);
}
