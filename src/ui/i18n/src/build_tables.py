#!/usr/bin/env python3
"""Writes src/ui/i18n/{es,de}.txt from the translation lists beside this file
(each a dict English -> (Spanish, German)): the keys the code asks for, in
the code's order; a key's spaces at either end carry over to its translations.
Run from the repository root: python3 src/ui/i18n/src/build_tables.py"""
import glob, importlib.util, os, sys
here = os.path.dirname(os.path.abspath(__file__))
T = {}
for f in sorted(glob.glob(os.path.join(here, '*.py'))):
    if f.endswith('build_tables.py') or f.endswith('keys.py'):
        continue
    spec = importlib.util.spec_from_file_location(os.path.basename(f)[:-3], f)
    m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
    for k, v in m.T.items():
        if k in T and T[k] != v:
            sys.exit(f'{k!r} translated twice, differently')
        T[k] = v
sys.path.insert(0, here)
from keys import wanted
missing = []
for i, lang in enumerate(['es', 'de']):
    out = [f'# {lang}: English text, then "= " and its translation. Written by src/ui/i18n/src/build_tables.py.', '']
    for k in wanted():
        s = k.strip()
        if k in T:
            out += [k, '= ' + T[k][i], '']
            continue
        if s not in T:
            if i == 0: missing.append(k)
            continue
        lead = k[:len(k) - len(k.lstrip())]
        trail = k[len(k.rstrip()):]
        out += [k, '= ' + lead + T[s][i] + trail, '']
    open(f'src/ui/i18n/{lang}.txt', 'w').write('\n'.join(out))
for k in missing:
    print('untranslated:', repr(k))
