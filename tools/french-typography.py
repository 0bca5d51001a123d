#!/usr/bin/env python3
# Usage: python3 tools/french-typography.py vignettes/*.Rmd
# (tests/testthat/test-vignettes.R checks the result.)
# Put U+00A0 before : ; ! ? % and inside « » in the French prose of an Rmd
# (outside code fences, inline code and the YAML header except title/index entry).
import re, sys
NB = '\u00a0'
def fix_prose(t):
    t = re.sub(r'[ \t]*\n[ \t]*([:;!?%»])', NB + r'\1', t)   # line wrapped before the mark
    t = re.sub(r'[ \t]+([:;!?%»])', NB + r'\1', t)
    t = re.sub(r'«[ \t]*\n[ \t]*', '«' + NB, t)
    t = re.sub(r'«[ \t]+', '«' + NB, t)
    return t
def fix_text(t):
    # split off inline code `...`
    parts = re.split(r'(`[^`\n]*`)', t)
    return ''.join(p if p.startswith('`') and p.endswith('`') and len(p) > 1 else fix_prose(p) for p in parts)
def fix(src):
    out = []
    lines = src.split('\n')
    i = 0
    # YAML
    if lines and lines[0] == '---':
        j = lines.index('---', 1)
        for l in lines[:j+1]:
            m = re.match(r'^(title: ")(.*)(")$', l)
            if m: l = m.group(1) + fix_prose(m.group(2)) + m.group(3)
            m = re.match(r'^(\s*%\\VignetteIndexEntry\{)(.*)(\})$', l)
            if m: l = m.group(1) + fix_prose(m.group(2)) + m.group(3)
            out.append(l)
        i = j + 1
    buf = []; incode = False; code = []
    def flush():
        if buf: out.extend(fix_text('\n'.join(buf)).split('\n')); buf.clear()
    for l in lines[i:]:
        if re.match(r'^\s*```', l):
            if not incode:
                flush(); incode = True; out.append(l)
            else:
                incode = False; out.append(l)
            continue
        (out if incode else buf).append(l)
    flush()
    return '\n'.join(out)
for f in sys.argv[1:]:
    s = open(f, encoding='utf-8').read()
    n = fix(s)
    if n != s:
        open(f, 'w', encoding='utf-8').write(n)
        print(f, 'changed')
