"""docs/security.md backs every claim with a named test: each one must exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
DOC = ROOT / "docs" / "security.md"
REFERENCE = re.compile(r"`(tests/[\w/]+\.py)::(\w+)`")


def references() -> list[tuple[str, str]]:
    """(file, test name) of every `tests/...::test_...` in the document."""
    return REFERENCE.findall(DOC.read_text(encoding="utf-8"))


def defined_tests(path: Path) -> set[str]:
    """Names of the test functions defined in a file (module level or in classes)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name.startswith("test_")
    }


def test_security_doc_names_tests_for_each_threat():
    text = DOC.read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.M)[1:]
    threats = [s for s in sections if s[0].isdigit()]
    assert len(threats) >= 9
    for section in threats:
        assert REFERENCE.search(section), f"no test named under: {section.splitlines()[0]}"


def test_every_test_named_in_security_doc_exists():
    refs = references()
    assert len(refs) >= 40
    missing = []
    for file, name in refs:
        path = ROOT / file
        if not path.is_file() or name not in defined_tests(path):
            missing.append(f"{file}::{name}")
    assert not missing, "docs/security.md names tests that do not exist: " + ", ".join(missing)
