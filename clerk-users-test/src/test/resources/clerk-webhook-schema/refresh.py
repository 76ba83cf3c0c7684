#!/usr/bin/env python3
"""Regenerates the field lists of Clerk's webhook payloads from Clerk's published schema.

Usage (from this directory, with a clone of https://github.com/clerk/openapi-specs):

    python3 refresh.py /path/to/openapi-specs

It reads webhooks/2025-04-15.yml at the clone's checked-out commit and writes one
<event-type>.json per event in EVENTS below, each with the envelope's and the data's fields
(dotted paths, `[]` for array items) and the spec's example for the event. Needs PyYAML.
See README.md for the rules applied.
"""

import json
import os
import re
import subprocess
import sys

import yaml

SPEC_FILE = "webhooks/2025-04-15.yml"
REPOSITORY = "clerk/openapi-specs"
MAX_DEPTH = 5  # segments below `data`

# The events the test kit builds (dev.clerkusers.test.webhook.ClerkEvents).
EVENTS = [
    "user.created", "user.updated", "user.deleted",
    "session.created", "session.ended", "session.removed", "session.revoked",
    "organization.created", "organization.updated", "organization.deleted",
    "organizationMembership.created", "organizationMembership.updated", "organizationMembership.deleted",
    "organizationInvitation.created", "organizationInvitation.accepted", "organizationInvitation.revoked",
]


class StrictLoader(yaml.SafeLoader):
    """YAML 1.2-like loading: only true/false are booleans, no dates, no sexagesimal numbers."""


StrictLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers
          if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


class Spec:

    def __init__(self, document):
        self.document = document

    def ref(self, ref):
        node = self.document
        for part in ref.lstrip("#/").split("/"):
            node = node[part]
        return node

    def resolve(self, schema):
        """The schema with $ref followed and allOf/oneOf merged: a dict with
        type, nullable, enum, properties (ordered), required (set), items, notes."""
        if "$ref" in schema:
            resolved = dict(self.resolve(self.ref(schema["$ref"])))
            if schema.get("nullable"):
                resolved["nullable"] = True
                resolved["notes"] = resolved.get("notes", []) + [
                    "nullable:true is a sibling of $ref (strict OpenAPI 3.0 ignores $ref siblings)"]
            return resolved
        result = {"type": schema.get("type"), "nullable": bool(schema.get("nullable", False)),
                  "enum": list(schema["enum"]) if "enum" in schema else None,
                  "properties": {}, "required": set(schema.get("required", [])),
                  "items": schema.get("items"), "notes": []}
        for name, prop in (schema.get("properties") or {}).items():
            result["properties"][name] = prop
        for part in schema.get("allOf", []):
            merge(result, self.resolve(part), outer_nullable=bool(schema.get("nullable", False)))
        if "oneOf" in schema:
            variants = [(variant_name(v), self.resolve(v)) for v in schema["oneOf"]]
            union = {}
            for name, variant in variants:
                for prop_name, prop in variant["properties"].items():
                    union.setdefault(prop_name, []).append((name, prop))
                if variant["type"] and not result["type"]:
                    result["type"] = variant["type"]
                result["nullable"] = result["nullable"] or variant["nullable"]
            for prop_name, defined in union.items():
                schemas = [self.resolve(prop) for _, prop in defined]
                merged = dict(schemas[0])
                merged["nullable"] = any(s["nullable"] for s in schemas)
                merged["enum"] = union_enums(schemas)
                if len(defined) < len(variants):
                    merged["notes"] = merged.get("notes", []) + [
                        "only in variants: " + ",".join(name for name, _ in defined)]
                result["properties"][prop_name] = {"__resolved__": merged}
            result["required"] |= set.intersection(*[v["required"] for _, v in variants])
        return result

    def resolved(self, prop):
        return prop["__resolved__"] if "__resolved__" in prop else self.resolve(prop)


def variant_name(schema):
    return schema["$ref"].rsplit("/", 1)[-1] if "$ref" in schema else "inline"


def union_enums(schemas):
    values = []
    for schema in schemas:
        values += [value for value in (schema.get("enum") or []) if value not in values]
    return values or None


def merge(into, part, outer_nullable):
    into["type"] = into["type"] or part["type"]
    into["nullable"] = outer_nullable or into["nullable"] or part["nullable"]
    into["enum"] = into["enum"] or part["enum"]
    into["items"] = into["items"] or part["items"]
    into["required"] |= part["required"]
    into["notes"] += part.get("notes", [])
    for name, prop in part["properties"].items():
        if name in into["properties"]:
            into["properties"][name] = {"allOf": [into["properties"][name], prop]}
        else:
            into["properties"][name] = prop


def flatten(spec, schema, prefix="", depth=0):
    fields = {}
    for name, prop in schema["properties"].items():
        resolved = spec.resolved(prop)
        path = prefix + name
        entry = {"type": resolved["type"] or ("object" if resolved["properties"] else None),
                 "required": name in schema["required"], "nullable": resolved["nullable"]}
        if resolved["enum"]:
            entry["enum"] = resolved["enum"]
        if resolved.get("notes"):
            entry["notes"] = resolved["notes"]
        fields[path] = entry
        if depth + 1 >= MAX_DEPTH:
            if resolved["properties"] or resolved["items"]:
                entry.setdefault("notes", []).append("children omitted (depth limit %d)" % MAX_DEPTH)
            continue
        if resolved["properties"]:
            fields.update(flatten(spec, resolved, path + ".", depth + 1))
        if entry["type"] == "array" and resolved["items"]:
            items = spec.resolve(resolved["items"])
            entry["items"] = items["type"] or "object"
            if items["properties"]:
                fields.update(flatten(spec, items, path + "[].", depth + 1))
    return fields


def example(spec, content):
    if "example" in content:
        return content["example"]
    return spec.ref(content["examples"]["default"]["$ref"])["value"]


def main(clone):
    commit = subprocess.check_output(["git", "-C", clone, "rev-parse", "HEAD"], text=True).strip()
    file_commit = subprocess.check_output(
        ["git", "-C", clone, "log", "-1", "--format=%H", "--", SPEC_FILE], text=True).strip()
    with open(os.path.join(clone, SPEC_FILE), encoding="utf-8") as spec_file:
        spec = Spec(yaml.load(spec_file, Loader=StrictLoader))
    here = os.path.dirname(os.path.abspath(__file__))
    for event in EVENTS:
        content = spec.document["x-webhooks"][event]["post"]["requestBody"]["content"]["application/json"]
        payload = spec.resolve(content["schema"])
        fields = flatten(spec, payload, depth=-1)

        document = {
            "event": event,
            "source": {"repository": REPOSITORY, "file": SPEC_FILE, "commit": commit, "file_commit": file_commit},
            "envelope": {path: entry for path, entry in fields.items()
                         if path != "data" and not path.startswith("data.") and not path.startswith("data[]")},
            "data": {path[len("data."):]: entry for path, entry in fields.items() if path.startswith("data.")},
            "example": example(spec, content),
        }
        document["envelope"]["data"] = fields["data"]
        with open(os.path.join(here, event + ".json"), "w", encoding="utf-8") as out:
            out.write(render(document))
            out.write("\n")
    print("Wrote %d files from %s %s@%s" % (len(EVENTS), REPOSITORY, SPEC_FILE, commit))


def render(document):
    """JSON with one line per field, so that a refresh shows as a readable diff."""
    lines = ["{"]
    lines.append('  "event": %s,' % json.dumps(document["event"]))
    lines.append('  "source": %s,' % json.dumps(document["source"]))
    for section in ("envelope", "data"):
        lines.append('  "%s": {' % section)
        entries = list(document[section].items())
        for index, (path, entry) in enumerate(entries):
            lines.append("    %s: %s%s" % (json.dumps(path), json.dumps(entry, ensure_ascii=False),
                                         "," if index < len(entries) - 1 else ""))
        lines.append("  },")
    lines.append('  "example": %s' % json.dumps(document["example"], indent=2, ensure_ascii=False)
                 .replace("\n", "\n  "))
    lines.append("}")
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
