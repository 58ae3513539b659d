#!/usr/bin/env python3
"""Validate coach dialog files against Dialogs/coach-dialog.schema.json.

Usage:
    scripts/validate-dialogs.py            # every Dialogs/**/*.yaml
    scripts/validate-dialogs.py FILE...    # only these files

Prints one line `path: error message` per problem and exits 1 on any problem;
prints nothing and exits 0 when every file passes. Needs PyYAML and jsonschema.

The schema checks shapes only (keys, types, ids); `coach check` does the rest
(references, coverage, placeholders).
"""
import re
import sys
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "Dialogs" / "coach-dialog.schema.json"


class DialogLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2-style scalars.

    YAML 1.1 reads yes/no/on/off (any case) as booleans, which would turn the
    choice id `no` or the flag value `no` into False. Only true/false are
    booleans here. Dates stay strings too, so every value is JSON-compatible.
    Duplicate keys are errors instead of silently keeping the last one.
    """

    duplicate_keys = None  # list of (line, key) per document, set in load()


# Copy the resolver table so the change does not leak into yaml.SafeLoader.
DialogLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
DialogLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _construct_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            key = key_node.value
            if key in seen:
                loader.duplicate_keys.append((key_node.start_mark.line + 1, key))
            seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


def _construct_yaml_map(loader, node):
    data = {}
    yield data
    data.update(_construct_mapping(loader, node))


DialogLoader.add_constructor("tag:yaml.org,2002:map", _construct_yaml_map)


def load(text):
    """Return (data, root node, duplicate keys) of a YAML document."""
    loader = DialogLoader(text)
    loader.duplicate_keys = []
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
        return data, root, loader.duplicate_keys
    finally:
        loader.dispose()


def line_of(root, path):
    """The 1-based line of the YAML node at a JSON path, or of its nearest parent."""
    node, line = root, (root.start_mark.line + 1 if root is not None else 1)
    for part in path:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == part:
                    node = value_node
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return line
        line = node.start_mark.line + 1
    return line


def where(path):
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def explain(error):
    """The errors worth showing for one schema error.

    A oneOf/anyOf failure is replaced by the errors of the alternative that
    fits the value's type (e.g. the object form of `answer`); when none fits,
    the message names what the alternatives accept (the schema's description).
    """
    if error.validator == "not":
        desc = error.validator_value.get("description") if isinstance(error.validator_value, dict) else None
        if desc:
            return [(error, desc)]
        return [(error, error.message)]
    if error.validator in ("minProperties", "maxProperties") and isinstance(error.instance, dict):
        keys = ", ".join(map(str, error.instance)) or "none"
        limit = "at least" if error.validator == "minProperties" else "at most"
        return [(error, f"{limit} {error.validator_value} key(s) allowed, found: {keys}")]
    if error.validator not in ("oneOf", "anyOf") or not error.context:
        return [(error, error.message)]
    branches = {}
    for sub in error.context:
        branches.setdefault(sub.schema_path[0], []).append(sub)
    fitting = {
        i: subs for i, subs in branches.items()
        if not any(e.validator in ("type", "const", "enum") and not e.relative_path for e in subs)
    }
    if len(fitting) == 1:
        out = []
        for sub in next(iter(fitting.values())):
            out += explain(sub)
        return out
    if fitting and all(e.validator == "required" and not e.relative_path
                       for subs in fitting.values() for e in subs):
        names = " or ".join(repr(e.validator_value[0]) for subs in fitting.values() for e in subs)
        return [(error, f"{names} is a required property")]
    if fitting:
        return explain(best_match(e for subs in fitting.values() for e in subs))
    desc = error.schema.get("description") if isinstance(error.schema, dict) else None
    instance = error.instance
    shown = repr(instance) if not isinstance(instance, (dict, list)) else type(instance).__name__
    return [(error, f"{shown} is not valid here" + (f" ({desc})" if desc else ""))]


def rel(path):
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def validate_file(path, validator):
    problems = []
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        return [f"{rel(path)}: cannot read: {e}"]
    try:
        data, root, duplicates = load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        at = f"line {mark.line + 1}: " if mark else ""
        problem = getattr(e, "problem", None) or str(e)
        return [f"{rel(path)}: {at}YAML syntax error: {problem}"]
    for line, key in duplicates:
        problems.append(f"{rel(path)}: line {line}: duplicate key '{key}'")
    found = []
    for top in validator.iter_errors(data):
        for error, message in explain(top):
            epath = list(error.absolute_path)
            line = line_of(root, epath)
            msg = f"{rel(path)}: line {line}: {where(epath)}: {message}"
            if (line, msg) not in found:
                found.append((line, msg))
    return problems + [msg for _, msg in sorted(found, key=lambda f: f[0])]


def main(argv):
    import json

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    if argv:
        files = [Path(a) for a in argv]
    else:
        dialogs = ROOT / "Dialogs"
        files = sorted(p for p in dialogs.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    problems = []
    for f in files:
        problems += validate_file(f, validator)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
