"""The README's tables match the code, as test_security_doc does for docs/security.md: the
"Configuration" table lists exactly the settings of checkin/config.py DEFAULTS with their
defaults, and the "Command line" block exactly the commands of `checkin` and their options;
and the README's test command checks the formatting too."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest

from checkin.cli import main
from checkin.config import DEFAULTS

ROOT = Path(__file__).resolve().parent.parent.parent
README = (ROOT / "README.md").read_text()


def _section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


# --- configuration -----------------------------------------------------------------------


def _config_rows() -> dict[str, str]:
    """{variable: default cell} of the Configuration table, one variable per row."""
    rows = {}
    for line in _section("Configuration").splitlines():
        match = re.match(r"\| `(CHECKIN_[A-Z0-9_]+)` \| ([^|]+) \|", line)
        if match:
            assert match[1] not in rows, f"{match[1]} is listed twice"
            rows[match[1]] = match[2].strip()
    return rows


def _as_environment_value(default: object) -> str:
    """How the default is written as CHECKIN_<NAME> (from_prefixed_env parses JSON)."""
    return default if isinstance(default, str) else json.dumps(default)


def test_configuration_table_lists_exactly_the_settings():
    assert sorted(_config_rows()) == sorted(f"CHECKIN_{key}" for key in DEFAULTS)


@pytest.mark.parametrize("key", sorted(DEFAULTS))
def test_configuration_table_gives_the_default(key):
    cell = _config_rows().get(f"CHECKIN_{key}")
    assert cell is not None, f"CHECKIN_{key} is missing from the README"
    default = DEFAULTS[key]
    if default is None or default == "":
        assert cell.startswith("unset"), f"CHECKIN_{key}: {cell!r} (the default is unset)"
    else:
        want = f"`{_as_environment_value(default)}`"
        assert cell == want or cell.startswith(want + " "), f"CHECKIN_{key}: {cell!r} != {want}"


# --- command line ------------------------------------------------------------------------


def _command_lines() -> dict[str, str]:
    """{command: the rest of its line} from the fenced block of the Command line section."""
    block = _section("Command line").split("```")[1]
    lines = {}
    for line in block.strip().splitlines():
        usage = line.split("  #", 1)[0].strip()
        program, name, *_rest = usage.split(" ", 2) + [""]
        assert program == "checkin", line
        assert name not in lines, f"{name} is listed twice"
        lines[name] = usage.removeprefix(f"checkin {name}")
    return lines


def _words(usage: str) -> list[tuple[str, bool]]:
    """(word, inside brackets) for each word of a usage line, quoted text kept whole."""
    words, depth = [], 0
    for match in re.finditer(r'"[^"]*"|\[|\]|[^\s\[\]"]+', usage):
        word = match[0]
        if word == "[":
            depth += 1
        elif word == "]":
            depth -= 1
        else:
            words.append((word, depth > 0))
    assert depth == 0, f"unbalanced brackets: {usage}"
    return words


#: The app's own commands. Extensions may add theirs to the group once an app is built
#: (Flask-Limiter's `limiter`); those are not the README's to list.
COMMANDS = {
    name: command
    for name, command in main.commands.items()
    if (command.callback or main).__module__.startswith("checkin")
}


def test_command_line_lists_exactly_the_commands():
    assert sorted(_command_lines()) == sorted(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_line_gives_each_option_and_argument(name):
    usage = _command_lines().get(name)
    assert usage is not None, f"checkin {name} is missing from the README"
    words = _words(usage)
    flags = {word: optional for word, optional in words if word.startswith("-")}
    command = COMMANDS[name]
    options = [p for p in command.params if isinstance(p, click.Option) and not p.hidden]
    known = {opt for option in options for opt in option.opts}
    assert set(flags) <= known, f"checkin {name}: no such option {set(flags) - known}"
    for option in options:
        shown = [opt for opt in option.opts if opt in flags]
        assert shown, f"checkin {name}: {option.opts[-1]} is missing"
        assert flags[shown[0]] == (not option.required), (
            f"checkin {name}: {shown[0]} is {'required' if option.required else 'optional'}"
        )
        if isinstance(option.type, click.Choice):
            after = [w for (w, _o), (prev, _p) in zip(words[1:], words, strict=False)
                     if prev == shown[0]]  # fmt: skip
            assert after == ["|".join(option.type.choices)], f"checkin {name} {shown[0]}"
    for argument in (p for p in command.params if isinstance(p, click.Argument)):
        assert (argument.name.upper(), False) in words, f"checkin {name}: {argument.name}"


# --- the test command --------------------------------------------------------------------


def test_test_command_checks_lint_and_formatting():
    script = (ROOT / "scripts" / "test").read_text()
    assert "ruff check ." in script and "ruff format --check ." in script
    assert ".venv/bin/mypy" in script  # the type checker, configured in pyproject.toml
