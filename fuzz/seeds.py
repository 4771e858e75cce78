#!/usr/bin/env python3
"""Write the seed corpora of the fuzz targets from the data-driven tests.

usage: fuzz/seeds.py ROOT OUT     (writes OUT/filter, OUT/patch, OUT/codec)

filter: the input of every block of scim/filter/tests/filters.test.
patch:  every %%BODY of scim/patch/tests/patch_cases/*.test.
codec:  every %%DEFINE, %%RESOURCE and %%EXPECT JSON of the same files
        (stored-form resources are bodies the codec accepts).
"""

import glob
import hashlib
import json
import os
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


def main():
    root, out = sys.argv[1], sys.argv[2]
    for kind in ('filter', 'patch', 'codec'):
        os.makedirs(os.path.join(out, kind), exist_ok=True)
    filters(root, out)
    patches(root, out)


main()
