#!/usr/bin/env python3
"""Checks, with an independent validator, that every JSON sample is a return as
Schemas/return.schema.json describes, and that the rules file matches its schema.
Problem files (Samples/问题文件/) are broken on purpose and skipped."""
import json
import pathlib
import sys

import jsonschema

root = pathlib.Path(__file__).resolve().parent.parent
schemas = root / "Schemas"


def check(schema_file, documents):
    schema = json.loads((schemas / schema_file).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    jsonschema.Draft202012Validator.check_schema(schema)
    failures = 0
    for path in documents:
        errors = list(validator.iter_errors(json.loads(path.read_text(encoding="utf-8"))))
        for error in errors:
            print(f"{path.relative_to(root)}: {error.json_path}: {error.message}")
        failures += bool(errors)
    return failures, len(documents)


samples = [p for p in sorted((root / "Samples").rglob("*.json")) if "问题文件" not in p.parts]
failed, total = check("return.schema.json", samples)
rules_failed, rules_total = check("rules.schema.json", [schemas / "rules.json"])
for name in ("calendar.schema.json", "regions.schema.json"):
    json.loads((schemas / name).read_text(encoding="utf-8"))
failed += rules_failed
total += rules_total
print(f"schemas: {total - failed} passed, {failed} failed")
sys.exit(1 if failed or not samples else 0)
