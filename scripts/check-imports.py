#!/usr/bin/env python3
"""Holds the module import table of docs/architecture.md.

Fails (exit 1) when a Swift file under Sources/ or Benchmarks/ imports a module its module's row does not allow,
when a module has no row, or when a Package.swift target depends on a module its row does not allow.

    scripts/check-imports.py [ROOT]      check the tree at ROOT (default: the repository)
    scripts/check-imports.py --self-test check a copy with one forbidden import added, and fail unless it is caught
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

IMPORT = re.compile(r'^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:public |internal |package |private |fileprivate )?import\s+'
                    r'(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_][A-Za-z0-9_]*)', re.M)
# Modules every file may import: the standard library's own.
ALWAYS = {"Swift", "_Concurrency", "_StringProcessing", "Synchronization"}


def table(root):
    text = open(os.path.join(root, "docs/architecture.md"), encoding="utf-8").read()
    begin, end = "<!-- imports-table: begin -->", "<!-- imports-table: end -->"
    if begin not in text or end not in text:
        sys.exit("docs/architecture.md: the imports table markers are missing")
    rows = {}
    for line in text.split(begin, 1)[1].split(end, 1)[0].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("module", "") or set(cells[0]) <= set("-"):
            continue
        allowed = set() if cells[2] == "(nothing)" else {m.strip() for m in cells[2].split(",")}
        rows[cells[0]] = allowed
    return rows


def source_dirs(root):
    """Module name -> folder, from Package.swift's targets (custom paths included)."""
    dump = json.loads(subprocess.run(["swift", "package", "dump-package"], cwd=root, check=True,
                                     capture_output=True, text=True).stdout)
    out = {}
    for t in dump["targets"]:
        if t["type"] == "test":
            continue
        path = t.get("path") or os.path.join("Sources", t["name"])
        deps = set()
        for d in t.get("dependencies", []):
            for kind in ("byName", "target", "product"):
                if kind in d:
                    deps.add(d[kind][0])
        out[t["name"]] = (path, deps)
    return out


def check(root):
    rows = table(root)
    problems = []
    for module, (path, deps) in sorted(source_dirs(root).items()):
        if module not in rows:
            problems.append(f"{module}: no row in docs/architecture.md's imports table")
            continue
        allowed = rows[module]
        for dep in sorted(deps - allowed):
            problems.append(f"Package.swift: target {module} depends on {dep}, which its row does not allow")
        folder = os.path.join(root, path)
        for dirpath, _, names in os.walk(folder):
            for name in sorted(names):
                if not name.endswith(".swift"):
                    continue
                file = os.path.join(dirpath, name)
                for m in IMPORT.finditer(open(file, encoding="utf-8").read()):
                    imported = m.group(1)
                    if imported not in allowed and imported not in ALWAYS:
                        line = m.string.count("\n", 0, m.start()) + 1
                        problems.append(f"{os.path.relpath(file, root)}:{line}: {module} may not import {imported} "
                                        f"(allowed: {', '.join(sorted(allowed)) or 'nothing'})")
    for module in sorted(set(rows) - set(source_dirs(root))):
        problems.append(f"docs/architecture.md: row {module} names no target in Package.swift")
    return problems


def self_test(root):
    """Adds `import CoachServer` to a CoachTerminal file in a copy of the tree; the check must catch it."""
    with tempfile.TemporaryDirectory() as tmp:
        for item in ("Package.swift", "Sources", "Benchmarks", "docs", "Tests"):
            src = os.path.join(root, item)
            (shutil.copytree if os.path.isdir(src) else shutil.copy)(src, os.path.join(tmp, item))
        victim = os.path.join(tmp, "Sources/CoachTerminal/ChatLoop.swift")
        with open(victim, "r+", encoding="utf-8") as f:
            text = f.read()
            f.seek(0)
            f.write("import CoachServer\n" + text)
        problems = check(tmp)
        caught = any("CoachTerminal may not import CoachServer" in p for p in problems)
        print(f"check-imports self-test: a front end importing another front end {'is' if caught else 'is NOT'} caught")
        return caught


def main():
    args = sys.argv[1:]
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
    if args and args[0] == "--self-test":
        sys.exit(0 if self_test(root) else 1)
    if args:
        root = os.path.abspath(args[0])
    problems = check(root)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} import(s) against docs/architecture.md's table", file=sys.stderr)
        sys.exit(1)
    print("imports: every module imports only what docs/architecture.md allows")


if __name__ == "__main__":
    main()
