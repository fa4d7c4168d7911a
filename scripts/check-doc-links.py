#!/usr/bin/env python3
"""Check the relative links of the repository's Markdown: every link in README.md, docs/*.md and
the other tracked *.md files must name a file that exists, and a #anchor must name a heading of
that file, with the anchor spelled as GitHub spells it.

Usage: scripts/check-doc-links.py [--allow-missing PATH ...]
  --allow-missing PATH   a page linked before it is written (reported, not an error)
Exits 1 when a link is broken, 0 otherwise. Links to http(s):// and mailto: are not followed.
"""
import argparse
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
LINK = re.compile(r"(?<!\!)\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^()\s]+)(?:\s+\"[^\"]*\")?\)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def markdown_files():
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.md"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return sorted(ROOT / p for p in out.split() if (ROOT / p).is_file())


def outside_fences(text):
    """Lines outside fenced code blocks, with their numbers."""
    fence = None
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.lstrip()
        marker = re.match(r"(`{3,}|~{3,})", stripped)
        if fence is None and marker:
            fence = marker.group(1)[0] * len(marker.group(1))
            continue
        if fence is not None:
            if stripped.startswith(fence):
                fence = None
            continue
        yield number, line


def prose_lines(text):
    """Lines outside fenced code blocks with inline code spans blanked: where links can be."""
    for number, line in outside_fences(text):
        yield number, re.sub(r"(`+)(.+?)\1", lambda m: " " * len(m.group(0)), line)


def slug(heading):
    """GitHub's anchor for a heading: rendered text, lower case, punctuation dropped, spaces to '-'."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)   # links keep their text
    text = re.sub(r"(`+)(.+?)\1", r"\2", text)               # code spans keep their content
    text = re.sub(r"[*_]{1,3}([^*_]+)[*_]{1,3}", r"\1", text)  # emphasis
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


_anchors = {}


def anchors(path):
    """Every heading anchor of a Markdown file, duplicates numbered as GitHub numbers them."""
    cache = _anchors
    if path not in cache:
        seen, result = {}, set()
        for _, line in outside_fences(path.read_text(encoding="utf-8")):
            m = HEADING.match(line)
            if not m:
                continue
            base = slug(m.group(2))
            n = seen.get(base, 0)
            seen[base] = n + 1
            result.add(base if n == 0 else f"{base}-{n}")
        cache[path] = result
    return cache[path]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--allow-missing", action="append", default=[], metavar="PATH")
    args = parser.parse_args()
    allowed = {(ROOT / p).resolve() for p in args.allow_missing}
    errors = pending = checked = 0
    for md in markdown_files():
        rel = md.relative_to(ROOT)
        for number, line in prose_lines(md.read_text(encoding="utf-8")):
            for m in LINK.finditer(line):
                target = m.group(1)
                if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
                    continue
                checked += 1
                file_part, _, anchor = target.partition("#")
                dest = (md.parent / file_part).resolve() if file_part else md
                where = f"{rel}:{number}: {target}"
                if not dest.exists():
                    if dest in allowed:
                        pending += 1
                        print(f"{where}: pending (not written yet)")
                    else:
                        errors += 1
                        print(f"{where}: no such file")
                    continue
                if anchor and dest.suffix == ".md" and anchor not in anchors(dest):
                    errors += 1
                    print(f"{where}: no heading #{anchor} in {dest.relative_to(ROOT)}")
    print(f"{checked} relative links checked: {errors} broken, {pending} pending")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
