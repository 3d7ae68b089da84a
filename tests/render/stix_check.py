#!/usr/bin/env python3
"""Checks a STIX 2.1 bundle the way the OASIS validator does.

usage: stix_check.py SCHEMA_DIR BUNDLE.json

Schema part (as stix2validator.validate_instance): the bundle against
common/bundle.json without its `objects` item list, and each object against
the schema of its own type (the bundle schema's list of object types omits
grouping, incident, location, note and opinion, so the validator checks
objects one by one). Best-practice part: the SHOULD checks of the validator
that apply to these objects (open vocabularies, relationship types) and the
producer's own rules (every reference resolves inside the bundle, modified
not before created, created_by_ref and a TLP marking on every object,
UUIDv5 identifiers). Prints one line per problem and "N errors" last; exits 0
when N is 0, else 1.
"""
import json
import pathlib
import re
import sys
import uuid

import jsonschema

THREAT_ACTOR_TYPES = {"activist", "competitor", "crime-syndicate", "criminal", "hacker", "insider-accidental",
                      "insider-disgruntled", "nation-state", "sensationalist", "spy", "terrorist", "unknown"}
IDENTITY_CLASSES = {"individual", "group", "system", "organization", "class", "unknown"}
GROUPING_CONTEXTS = {"suspicious-activity", "malware-analysis", "unspecified"}
COMMON_RELATIONSHIPS = {"derived-from", "duplicate-of", "related-to"}
TLP_IDS = {"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
           "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
           "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
           "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"}
# The incident's attribution is this producer's documented choice (STIX 2.1
# defines no relationships for the Incident stub); the others are the spec's.
SUGGESTED = {("incident", "attributed-to", "threat-actor")}


def main():
    root = pathlib.Path(sys.argv[1])
    bundle = json.load(open(sys.argv[2]))
    store = {}
    by_name = {}
    for path in root.rglob("*.json"):
        schema = json.loads(path.read_text())
        store[schema["$id"]] = schema
        by_name[path.stem] = schema
    problems = []

    def validate(schema, instance, what):
        try:  # jsonschema >= 4.18 resolves references through a registry
            from referencing import Registry, Resource
            registry = Registry().with_resources((k, Resource.from_contents(v)) for k, v in store.items())
            validator = jsonschema.Draft202012Validator(schema, registry=registry)
        except ImportError:  # Debian bookworm's 4.10
            resolver = jsonschema.RefResolver(base_uri=schema["$id"], referrer=schema, store=store)
            validator = jsonschema.Draft202012Validator(schema, resolver=resolver)
        for e in validator.iter_errors(instance):
            where = "/".join(map(str, e.absolute_path))
            problems.append(f"{what}: {where}: {e.message[:300]}")

    shell = dict(by_name["bundle"])
    shell["properties"] = dict(shell["properties"])
    shell["properties"]["objects"] = {"type": "array", "minItems": 1}
    validate(shell, bundle, "bundle")
    objects = bundle.get("objects", [])
    ids = {o.get("id") for o in objects}
    for o in objects:
        what = f"{o.get('type')} {o.get('id')}"
        if o.get("type") not in by_name:
            problems.append(f"{what}: no schema for this type")
            continue
        validate(by_name[o["type"]], o, what)
        # Best practices.
        for key, value in o.items():
            refs = value if isinstance(value, list) and key.endswith("_refs") else [value] if key.endswith("_ref") else []
            for ref in refs:
                if ref not in ids:
                    problems.append(f"{what}: {key} {ref} is not in the bundle")
        if o["type"] == "marking-definition":
            if o["id"] not in TLP_IDS:
                problems.append(f"{what}: not one of the TLP markings STIX 2.1 predefines")
            continue
        if o["type"] != "identity" and "created_by_ref" not in o:
            problems.append(f"{what}: no created_by_ref")
        if not any(r in TLP_IDS for r in o.get("object_marking_refs", [])):
            problems.append(f"{what}: no TLP marking")
        if o.get("modified", "") < o.get("created", ""):
            problems.append(f"{what}: modified is before created")
        try:
            if uuid.UUID(o["id"].split("--", 1)[1]).version != 5:
                problems.append(f"{what}: identifier is not a UUIDv5")
        except (ValueError, IndexError):
            problems.append(f"{what}: identifier is not a UUID")
        for key, allowed in (("threat_actor_types", THREAT_ACTOR_TYPES), ("identity_class", IDENTITY_CLASSES),
                             ("context", GROUPING_CONTEXTS)):
            values = o.get(key, [])
            for v in values if isinstance(values, list) else [values]:
                if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", v) or v not in allowed:
                    problems.append(f"{what}: {key} value '{v}' is not in the open vocabulary")
        if o["type"] == "relationship" and o.get("relationship_type") not in COMMON_RELATIONSHIPS:
            triple = (o["source_ref"].split("--")[0], o["relationship_type"], o["target_ref"].split("--")[0])
            if triple not in SUGGESTED:
                problems.append(f"{what}: {triple} is not a suggested relationship")
    for p in problems:
        print(p)
    print(f"{len(problems)} errors")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
