"""The commands as a newcomer and an organisation run them, in a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.config.secrets import data_keys
from bot.config.settings import ROOT
from tests.support.menu import menu_number


def _run(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
    )


def test_piped_salom_answers_in_tajik() -> None:
    """`printf 'салом\\n' | python -m bot chat` answers in Tajik."""
    result = _run("chat", stdin="салом\n")
    assert result.returncode == 0, result.stderr
    assert "Салом! Ман Safar ҳастам." in result.stdout
    assert f"[{menu_number('@emergency')}] Рақамҳои кумак" in result.stdout


def test_chat_sms_rendering_shows_segments() -> None:
    """--channel sms shows numbered options and what each SMS costs."""
    result = _run(
        "chat", "--channel", "sms", "--lang", "ru", stdin=f"привет\n{menu_number('language')}\n"
    )
    assert result.returncode == 0, result.stderr
    assert "--- SMS (2 SMS segments, UCS-2" in result.stdout
    assert "1 Тоҷикӣ\n2 Русский\n3 English\n0 Меню" in result.stdout


def test_chat_buttons_are_pressed_by_number() -> None:
    """In Telegram rendering a number presses that button."""
    result = _run("chat", "--lang", "en", stdin=f"hi\n{menu_number('@emergency')}\n")
    assert "Emergency services, Tajikistan: 112" in result.stdout


def test_flows_check_passes_on_the_repository() -> None:
    """The shipped content validates."""
    result = _run("flows", "check")
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout


def test_bad_content_fails_check_and_start(tmp_path: Path) -> None:
    """A broken flows folder fails `flows check` and stops `chat` from starting."""
    (tmp_path / "main.toml").write_text('[flow]\nid = "main"\nstart = "x"\n', encoding="utf-8")
    env = {"SAFAR_BOT_FLOWS_DIR": str(tmp_path)}
    check = _run("flows", "check", env=env)
    assert check.returncode == 1
    assert "main.toml: [flow]: start node 'x' does not exist" in check.stderr
    chat = _run("chat", stdin="hi\n", env=env)
    assert chat.returncode == 1
    assert "refusing to start" in chat.stderr


def test_bad_setting_stops_with_key_name() -> None:
    """A wrong environment value names the key and exits non-zero."""
    result = _run("flows", "check", env={"SAFAR_SESSION_IDLE_MINUTES": "often"})
    assert result.returncode == 2
    assert "SAFAR_SESSION_IDLE_MINUTES" in result.stderr


def test_flows_diagram_writes_mermaid(tmp_path: Path) -> None:
    """`flows diagram` writes one Mermaid file per flow."""
    result = _run("flows", "diagram", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    main = (tmp_path / "main.mmd").read_text(encoding="utf-8")
    assert main.startswith("flowchart TD")
    assert 'main__menu -- "Language" --> main__language' in main
    assert (tmp_path / "emergency.mmd").exists()


def test_keygen_prints_a_usable_key() -> None:
    """keygen prints a key that SAFAR_DATA_KEY accepts."""
    key = _run("keygen").stdout.strip()
    assert data_keys({"SAFAR_DATA_KEY": key}, ephemeral_ok=False)


def test_flows_cost_prints_a_table() -> None:
    """`flows cost` lists every flow in every language with its segment costs."""
    result = _run("flows", "cost")
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()[2:]]
    assert {(row[0], row[1]) for row in rows} >= {("main", "tg"), ("emergency", "en")}
    assert all(int(row[3]) <= int(row[4]) <= int(row[5]) for row in rows)


def test_content_stale_and_contacts_check() -> None:
    """`content stale --days 0` lists everything; `contacts check` summarises the file."""
    stale = _run("content", "stale", "--days", "0")
    assert stale.returncode == 0, stale.stderr
    assert "topic    russia" in stale.stdout and "[S34]" in stale.stdout
    check = _run("contacts", "check")
    assert check.returncode == 0 and "contacts:" in check.stdout


def test_broadcast_needs_a_known_topic() -> None:
    """An unknown topic is refused with the list of known ones."""
    result = _run("broadcast", "nonsense", "--dry-run", env={"SAFAR_DATA_KEY": "x" * 43})
    assert result.returncode == 2
    assert "unknown topic 'nonsense'" in result.stderr and "passport" in result.stderr


def test_a_closed_pipe_ends_quietly() -> None:
    """`python -m bot chat | head -1` stops without a traceback."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "chat"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(("салом\n" * 50).encode())
    process.stdin.close()
    process.stdout.readline()
    process.stdout.close()
    assert process.stderr is not None
    errors = process.stderr.read()
    process.stderr.close()
    process.wait(timeout=60)

    assert b"Traceback" not in errors
