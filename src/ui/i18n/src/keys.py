"""The keys the code asks for, in the code's order (mirrors src/ui/i18n/tests.rs):
t("…"), both texts of plural(n, "…", "…"), and the built-in lessons' texts."""
import glob, json, re


def literal(s, i):
    """The Rust string literal starting at s[i] == '"': its value and the index after it."""
    assert s[i] == '"'
    out = []
    i += 1
    while True:
        c = s[i]
        if c == '"':
            return ''.join(out), i + 1
        if c == '\\':
            d = s[i + 1]
            i += 2
            if d == 'n':
                out.append('\n')
            elif d in '"\\\'':
                out.append(d)
            elif d == 'u':
                j = s.index('}', i)
                out.append(chr(int(s[i + 1:j], 16)))
                i = j + 1
            elif d == '\n':
                while s[i].isspace():
                    i += 1
            else:
                raise ValueError(d)
            continue
        out.append(c)
        i += 1


LESSON_TEXTS = ["title", "menu", "goal", "met", "first_part"]


def wanted():
    keys = []

    def add(k):
        if k not in keys:
            keys.append(k)

    ident = lambda c: c.isalnum() or c == '_'
    for p in sorted(glob.glob('src/ui/**/*.rs', recursive=True)):
        if p.endswith('i18n/tests.rs'):
            continue
        s = open(p).read()
        for m in re.finditer(r'(?<=mar)k\(\s*"|t\(\s*"', s):
            if s[m.start()] != 'k' and m.start() > 0 and ident(s[m.start() - 1]):
                continue
            add(literal(s, m.end() - 1)[0])
        for m in re.finditer(r'plural\(', s):
            if m.start() > 0 and ident(s[m.start() - 1]) or s[:m.start()].endswith('fn '):
                continue
            q = s.index('"', m.start())
            a, e = literal(s, q)
            q = s.index('"', e)
            b, _ = literal(s, q)
            add(a)
            add(b)
    for lesson in json.load(open('src/ui/lessons/builtin.json')):
        for f in LESSON_TEXTS:
            if isinstance(lesson.get(f), str):
                add(lesson[f])
    return keys
