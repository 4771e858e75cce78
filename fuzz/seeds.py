#!/usr/bin/env python3
"""Write the seed corpora of the fuzz targets from the data-driven tests.

usage: fuzz/seeds.py ROOT OUT     (writes OUT/filter, OUT/patch, OUT/codec,
                                  OUT/bulk, OUT/http)

filter: the input of every block of scim/filter/tests/filters.test.
patch:  every %%BODY of scim/patch/tests/patch_cases/*.test.
codec:  every %%DEFINE, %%RESOURCE and %%EXPECT JSON of the same files
        (stored-form resources are bodies the codec accepts).
bulk:   the BulkRequest bodies of conformance/bulk.test.mjs (its JavaScript
        literals evaluated by node, with a placeholder for every name the
        test computes), and the operations and bodies of the unit test
        scim/resources/tests/test_bulk.c, each wrapped in a BulkRequest.
http:   a request (fuzz/fuzz_http.c: "METHOD URI", header lines, a blank
        line, the body) per route of scim/http/routes.c and per URL the
        conformance files request, with the headers scimd reads.
"""

import glob
import hashlib
import json
import os
import re
import subprocess
import sys


def put(out, kind, text):
    data = text.encode('utf-8', 'surrogatepass')
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(out, kind, name), 'wb') as f:
        f.write(data)


def filters(root, out):
    path = os.path.join(root, 'scim/filter/tests/filters.test')
    block = []
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n') + ['']
    for line in lines:
        if line.strip() == '':
            if block:
                first = block[0]
                if first.startswith('%%JSON '):
                    first = json.loads(first[len('%%JSON '):])
                put(out, 'filter', first)
            block = []
        elif block or not line.startswith('#'):
            block.append(line)


def patches(root, out):
    for path in sorted(glob.glob(os.path.join(root, 'scim/patch/tests/patch_cases/*.test'))):
        section, text = None, []
        with open(path, encoding='utf-8') as f:
            lines = f.read().split('\n') + ['%%END']
        for line in lines:
            if line.startswith('%%'):
                body = '\n'.join(text).strip()
                if section and body:
                    put(out, section, body)
                word = line.split()[0]
                rest = line[len(word):].strip()
                section = None
                if word == '%%BODY':
                    section = 'patch'
                elif word in ('%%DEFINE', '%%EXPECT', '%%RESOURCE') and \
                        (word == '%%DEFINE' or not rest):
                    section = 'codec'
                text = []
            elif section and not line.startswith('#'):
                text.append(line)


BULK_URN = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest'

# Evaluates each JavaScript expression of argv in a scope where any name
# the test computes (userName, uid(), URN.user ...) is a placeholder.
JS_EVAL = r"""
const stub = new Proxy(function () {}, {
  get: (t, k) => (k === Symbol.toPrimitive ? () => 'x'
    : k === 'toJSON' ? () => 'x' : k === 'map' ? undefined : stub),
  apply: () => stub,
});
const scope = new Proxy({}, {
  has: (t, k) => !(k in globalThis),
  get: (t, k) => (k === Symbol.unscopables ? undefined : stub),
});
const out = [];
for (const text of JSON.parse(process.argv[1])) {
  try {
    out.push(JSON.stringify(new Function('s', 'with (s) { return (' + text + '); }')(scope)));
  } catch (e) { out.push(null); }
}
console.log(JSON.stringify(out));
"""


def call_args(text, start):
    """The text of the call's arguments from the '(' at start, to its ')'."""
    depth, i, quote = 0, start, None
    while i < len(text):
        c = text[i]
        if quote:
            if c == '\\':
                i += 1
            elif c == quote:
                quote = None
        elif c in '\'"`':
            quote = c
        elif c in '([{':
            depth += 1
        elif c in ')]}':
            depth -= 1
            if depth == 0:
                return text[start + 1:i]
        i += 1
    return None


def bulk_js(root, out):
    path = os.path.join(root, 'conformance/bulk.test.mjs')
    with open(path, encoding='utf-8') as f:
        text = f.read()
    exprs = []
    for m in re.finditer(r"\bbulk\(|post\('/Bulk',", text):
        args = call_args(text, m.start() + m.group(0).index('('))
        if args is None:
            continue
        if m.group(0) == 'bulk(':
            # bulk(ops, extra): the body the test's helper builds.
            exprs.append('((o, e = {}) => ({ schemas: ["%s"], Operations: o, ...e }))(%s)'
                         % (BULK_URN, args))
        else:
            exprs.append(args.split(',', 1)[1])
    res = subprocess.run(['node', '-e', JS_EVAL, json.dumps(exprs)],
                         check=True, capture_output=True, text=True)
    bodies = [b for b in json.loads(res.stdout) if b is not None]
    if not bodies:
        sys.exit('seeds.py: no /Bulk body found in ' + path)
    for b in bodies:
        put(out, 'bulk', b)


def c_literals(text):
    """The C string arguments of text, adjacent literals joined, unescaped."""
    for m in re.finditer(r'(?:"(?:[^"\\\n]|\\.)*"\s*)+', text):
        parts = re.findall(r'"((?:[^"\\\n]|\\.)*)"', m.group(0))
        yield ''.join(parts).encode('latin-1', 'backslashreplace').decode('unicode_escape')


def bulk_unit(root, out):
    path = os.path.join(root, 'scim/resources/tests/test_bulk.c')
    with open(path, encoding='utf-8') as f:
        text = f.read()
    for lit in c_literals(text):
        try:
            v = json.loads(lit)
        except ValueError:
            continue
        if not isinstance(v, dict):
            continue
        ops = v.get('Operations')
        if 'method' in v or 'path' in v:
            body = {'schemas': [BULK_URN], 'Operations': [v]}
        elif isinstance(ops, list) and ops and 'method' in ops[0]:
            body = v
        elif any(k.lower() == 'failonerrors' for k in v):
            body = dict(v, Operations=[{'method': 'DELETE', 'path': '/Users/x'}])
        else:
            # Resource data with references: the data of a POST and a PUT.
            body = {'schemas': [BULK_URN], 'Operations': [
                {'method': 'POST', 'bulkId': 'alice', 'path': '/Users', 'data': v},
                {'method': 'PUT', 'path': '/Groups/bulkId:alice', 'data': v}]}
        put(out, 'bulk', json.dumps(body))


HEADERS = ['Authorization: Bearer  scim_t0k3n ', 'Content-Type: application/scim+json',
           'If-Match: W/"1", "2"', 'If-None-Match: *', 'X-Request-Id: req-1.a:b']
METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']


def put_request(out, method, uri, body='{"schemas":[]}'):
    put(out, 'http', '\n'.join([method + ' ' + uri] + HEADERS + ['', body]))


def http_routes(root, out):
    path = os.path.join(root, 'scim/http/routes.c')
    with open(path, encoding='utf-8') as f:
        text = f.read()
    prefix = {'SCIM': '/scim/v2', 'ADMIN': '/admin/v1', '': ''}
    found = re.findall(r'\.path = (?:(SCIM|ADMIN) )?"([^"]*)"', text)
    if not found:
        sys.exit('seeds.py: no route in ' + path)
    for i, (macro, tmpl) in enumerate(found):
        uri = prefix[macro] + re.sub(r'\{[a-z]+\}', '2819c223-7f76-453a-919d-413861904646', tmpl)
        put_request(out, METHODS[i % len(METHODS)], uri)


def http_conformance(root, out):
    """The URLs the conformance files request: SCIM paths and admin paths."""
    urls = set()
    for path in sorted(glob.glob(os.path.join(root, 'conformance/*.test.mjs'))):
        with open(path, encoding='utf-8') as f:
            text = f.read()
        for m in re.finditer(r"""(admin\(\s*'[A-Z]+',\s*)?[`']((?:/scim/v2|/admin/v1)?/(?:Users|Groups|Bulk|Me|Schemas|ResourceTypes|ServiceProviderConfig|\.search|orgs|sso/v1|healthz|readyz|metrics)[^`'\s]*)[`']""", text):
            url = re.sub(r'\$\{[^}]*\}', 'x', m.group(2))
            if m.group(1) or url.startswith('/orgs'):
                url = '/admin/v1' + url
            elif not url.startswith(('/scim/', '/admin/', '/sso/', '/healthz', '/readyz', '/metrics')):
                url = '/scim/v2' + url
            urls.add(url)
    if not urls:
        sys.exit('seeds.py: no URL in conformance/')
    for i, url in enumerate(sorted(urls)):
        put_request(out, METHODS[i % 5], url)


def main():
    root, out = sys.argv[1], sys.argv[2]
    for kind in ('filter', 'patch', 'codec', 'bulk', 'http'):
        os.makedirs(os.path.join(out, kind), exist_ok=True)
    filters(root, out)
    patches(root, out)
    bulk_js(root, out)
    bulk_unit(root, out)
    http_routes(root, out)
    http_conformance(root, out)


main()
