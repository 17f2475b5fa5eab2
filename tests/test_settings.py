"""Settings: config.toml, SAFAR_<SECTION>_<KEY> overrides, REDIS_URL, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config.errors import ConfigError
from bot.config.secrets import DATA_KEY_ENV, data_keys, new_data_key
from bot.config.settings import ROOT, known_environment_names, load_settings

CONFIG = ROOT / "config.toml"


def test_defaults_from_the_shipped_file() -> None:
    """The shipped config.toml loads into typed values."""
    settings = load_settings(CONFIG, env={})
    assert settings.bot.languages == ("tg", "ru", "en")
    assert settings.session.idle_minutes == 30
    assert settings.bot.flows_dir == ROOT / "flows"


def test_environment_overrides_every_type() -> None:
    """SAFAR_<SECTION>_<KEY> overrides ints, floats, lists and text."""
    settings = load_settings(
        CONFIG,
        env={
            "SAFAR_SESSION_IDLE_MINUTES": "5",
            "SAFAR_SESSION_LOCK_TIMEOUT_SECONDS": "2.5",
            "SAFAR_BOT_LANGUAGES": "ru, en",
            "SAFAR_BOT_DEFAULT_LANGUAGE": "ru",
            "SAFAR_REDIS_KEY_PREFIX": "ngo1",
        },
    )
    assert settings.session.idle_minutes == 5
    assert settings.session.lock_timeout_seconds == 2.5
    assert settings.bot.languages == ("ru", "en")
    assert settings.redis.key_prefix == "ngo1"


def test_redis_url_is_honoured() -> None:
    """REDIS_URL sets redis.url; SAFAR_REDIS_URL wins over it."""
    assert load_settings(CONFIG, env={"REDIS_URL": "redis://h:1/2"}).redis.url == "redis://h:1/2"
    both = {"REDIS_URL": "redis://a/0", "SAFAR_REDIS_URL": "redis://b/0"}
    assert load_settings(CONFIG, env=both).redis.url == "redis://b/0"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"SAFAR_SESSION_IDLE_MINUTES": "soon"},
            "session.idle_minutes (SAFAR_SESSION_IDLE_MINUTES): expected a whole number",
        ),
        ({"SAFAR_SESSION_IDLE_MINUTES": "0"}, "session.idle_minutes: expected a number above 0"),
        ({"SAFAR_BOT_DEFAULT_LANGUAGE": "de"}, "bot.default_language: expected one of"),
        ({"SAFAR_SMS_SEGMENT_BUDGET": "2.5"}, "sms.segment_budget"),
    ],
)
def test_wrong_values_name_the_key(env: dict[str, str], message: str) -> None:
    """A wrong value stops start-up with the key's name and what was expected."""
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_settings(CONFIG, env=env)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[session]\nidle_minutes = "30"\n', "session.idle_minutes: expected a whole number"),
        ("[session]\nidel_minutes = 3\n", "session.idel_minutes: unknown key"),
        ("[sesion]\n", "unknown section"),
        ('[bot]\nlanguages = "tg"\n', "bot.languages: expected a list of text"),
        ("not toml at all [", "not valid TOML"),
    ],
)
def test_wrong_file_values_name_the_key(tmp_path: Path, toml: str, message: str) -> None:
    """Typos and wrong types in config.toml name the key."""
    path = tmp_path / "config.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings(path, env={})


def test_relative_paths_are_relative_to_the_config_file(tmp_path: Path) -> None:
    """flows_dir = "flows" in /srv/x/config.toml means /srv/x/flows."""
    path = tmp_path / "config.toml"
    path.write_text('[bot]\nflows_dir = "content/flows"\n', encoding="utf-8")
    assert load_settings(path, env={}).bot.flows_dir == tmp_path / "content" / "flows"
    env = {"SAFAR_BOT_DATA_DIR": "other"}
    assert load_settings(path, env=env).bot.data_dir == tmp_path / "other"


def test_known_environment_names() -> None:
    """Every key has its SAFAR_ name (documented in the README)."""
    names = known_environment_names()
    assert "SAFAR_SESSION_IDLE_MINUTES" in names
    assert "SAFAR_SMS_SEGMENT_BUDGET" in names
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [n for n in names if n not in readme] == []


def test_data_key_is_required_unless_ephemeral_is_fine() -> None:
    """A server needs SAFAR_DATA_KEY; the terminal may use a throwaway key."""
    with pytest.raises(ConfigError, match=DATA_KEY_ENV):
        data_keys({}, ephemeral_ok=False)
    assert data_keys({}, ephemeral_ok=True).hashing
    with pytest.raises(ConfigError, match="at least 32 bytes"):
        data_keys({DATA_KEY_ENV: "c2hvcnQ"}, ephemeral_ok=False)
    key = new_data_key()
    assert data_keys({DATA_KEY_ENV: key}, ephemeral_ok=False) == data_keys(
        {DATA_KEY_ENV: key}, ephemeral_ok=False
    )


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"SAFAR_DESK_CHAT_ID": "caseworkers"}, "desk.chat_id"),
        ({"SAFAR_DESK_CASEWORKERS": "501,@dilnoza"}, "desk.caseworkers"),
        ({"SAFAR_DESK_HOURS": "18:00-09:00"}, "desk.hours"),
        ({"SAFAR_DESK_HOURS": "9-18"}, "desk.hours"),
        ({"SAFAR_DESK_DAYS": "mon,friday"}, "desk.days"),
        ({"SAFAR_DESK_TIMEZONE": "Mars/Olympus"}, "desk.timezone"),
        ({"SAFAR_DESK_LANGUAGE": "de"}, "desk.language"),
        ({"SAFAR_CASES_P1_CLAIM_MINUTES": "0"}, "cases.p1_claim_minutes"),
    ],
)
def test_a_wrong_desk_or_case_setting_names_its_key(env: dict[str, str], named: str) -> None:
    """Caseworker ids, hours, days, zone and timers are checked at start-up."""
    with pytest.raises(ConfigError, match=named.replace(".", r"\.")):
        load_settings(ROOT / "config.toml", env=env)


def test_desk_ids_and_targets_from_the_environment() -> None:
    settings = load_settings(
        ROOT / "config.toml",
        env={
            "SAFAR_DESK_CHAT_ID": "-1001234567890",
            "SAFAR_DESK_CASEWORKERS": "501, 502",
            "SAFAR_DESK_SUPERVISORS": "601",
            "SAFAR_CASES_P2_CLAIM_MINUTES": "30",
        },
    )
    assert settings.desk.staff == frozenset({501, 502, 601})
    assert settings.cases.claim_minutes("P2") == 30
    assert settings.cases.claim_minutes("P1") == 5
