"""Station configuration: the sample is truthful, and bad files fail clearly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from andon_kiosk import config
from andon_kiosk.assets import resource
from andon_kiosk.config import ConfigError
from andon_kiosk.core.light import Buzzer, Lamp
from andon_kiosk.core.phrases import default_phrases

SAMPLE = resource("config", "station.sample.toml")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "station.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_embedded_defaults_need_no_file() -> None:
    cfg = config.load(None)
    assert cfg.source == "<embedded defaults>"
    assert [c.symbol for c in cfg.reasons.categories] == ["安", "人", "机", "料", "法"]
    assert cfg.escalation.default[1].after_s == 20 * 60
    assert cfg.sign_in.max_attempts == 5
    assert cfg.users == ()


def test_the_sample_config_is_valid_and_matches_the_embedded_defaults() -> None:
    sample, embedded = config.load(SAMPLE), config.load(None)
    assert sample.reasons == embedded.reasons
    assert sample.escalation == embedded.escalation
    assert sample.light == embedded.light
    assert sample.shifts == embedded.shifts
    assert sample.sign_in == embedded.sign_in
    assert sample.devices == embedded.devices
    assert sample.shared is None and sample.kind == "line" and sample.scope == ("L3",)
    assert sample.products == embedded.products
    assert (sample.line, sample.station, sample.timezone) == ("L3", "L3-ST1", "Asia/Shanghai")


def test_a_small_plant_file_overrides_only_what_it_names(tmp_path: Path) -> None:
    cfg = config.load(
        write(
            tmp_path,
            """
[station]
line = "L7"
station = "L7-A"
language = "en"

[[categories]]
key = "safety"
symbol = "安"
en = "Safety"
zh_CN = "安全"
department = "production"
safety = true
reasons = [{ key = "fire", en = "Fire", zh_CN = "火灾" }]

[escalation.categories]
safety = [{ after_minutes = 0, notify = ["ehs"] }, { after_minutes = 5, notify = ["gm"] }]

[light]
call = { lamp = "white", buzzer = "pulse" }
""",
        )
    )
    assert cfg.line == "L7" and cfg.language == "en"
    assert [c.key for c in cfg.reasons.categories] == ["safety"]
    assert cfg.reasons.classify("safety", "fire").safety
    assert cfg.escalation.levels_for("safety")[1].after_s == 300
    assert cfg.light.call.lamp is Lamp.WHITE and cfg.light.call.buzzer is Buzzer.PULSE
    assert cfg.light.running.lamp is Lamp.GREEN  # untouched keys keep their defaults


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        ("[station\nline = 1", "", "not valid TOML"),
        ("[station]\nlnie = 'L1'", "station.lnie", "unknown key (did you mean 'line'?)"),
        ("[stattion]\nline = 'L1'", "stattion", "unknown key"),
        ("[station]\nline = 3", "station.line", "valid string"),
        ("[station]\nfullscreen = 'yes'", "station.fullscreen", "valid boolean"),
        ("[station]\nlanguage = 'fr'", "station.language", "'en' or 'zh_CN'"),
        ("[station]\ntimezone = 'Mars/Olympus'", "station.timezone", "unknown time zone"),
        (
            "[sign_in]\nmax_pin_attempts = 0",
            "sign_in.max_pin_attempts",
            "greater than or equal to 1",
        ),
        (
            "[escalation]\ndefault = [{ after_minutes = -5, notify = ['x'] }]",
            "escalation.default[0].after_minutes",
            "greater than or equal to 0",
        ),
        (
            "[escalation]\ndefault = [{ after_minutes = 0, notify = ['a'] },"
            " { after_minutes = 0, notify = ['b'] }]",
            "escalation.default",
            "strictly increase",
        ),
        (
            "[escalation.categories]\nrobots = [{ after_minutes = 0, notify = ['a'] }]",
            "escalation.categories.robots",
            "unknown category",
        ),
        ("[light]\nrunning = { lamp = 'purple' }", "light.running.lamp", "'red'"),
        (
            "[[categories]]\nkey = 'x'\nsymbol = 'X'\nen = 'X'\ndepartment = 'nowhere'",
            "categories[0].department",
            "unknown department 'nowhere'",
        ),
        (
            "[[categories]]\nkey = 'Bad Key'\nsymbol = 'X'\nen = 'X'\ndepartment = 'quality'",
            "categories[0].key",
            "use lowercase letters",
        ),
        ("[[shifts]]\nname = 'a'\nstart = '25:00'\nend = '06:00'", "shifts[0].start", "HH:MM"),
        (
            "[[users]]\nid = '1'\nname = 'A'\nrole = 'boss'\npin = '1234'",
            "users[0].role",
            "'operator'",
        ),
        (
            "[[users]]\nid = '1'\nname = 'A'\nrole = 'leader'",
            "users[0]",
            "exactly one of pin or pin_hash",
        ),
        (
            "[[users]]\nid = '1'\nname = 'A'\nrole = 'leader'\npin = '1234'",
            "users[0].pin",
            "a PIN is 6 to 8 digits",
        ),
        (
            "[sign_in]\nmin_pin_length = 4\n"
            "[[users]]\nid = '1'\nname = 'A'\nrole = 'leader'\npin = '123'",
            "users[0].pin",
            "a PIN is 4 to 8 digits",
        ),
        ("[sign_in]\nmin_pin_length = 3", "sign_in.min_pin_length", "greater than or equal to 4"),
        ("[devices.light]\nprotocol = 'modbus-rtu'", "devices.light.port", "needs a port"),
        (
            "[devices.light]\nprotocol = 'patlite-pns'\nport = 'socket://:10000'",
            "devices.light.port",
            "needs a host and a port",
        ),
        (
            "[devices.light]\nprotocol = 'patlite-pns'\nport = 'socket://tower.local:99999'",
            "devices.light.port",
            "a TCP port is 1 to 65535",
        ),
        (
            "[devices.light]\nprotocol = 'patlite-pns'\nport = 'http://tower.local:80'",
            "devices.light.port",
            "unknown kind of port http://",
        ),
        (
            "[devices.light]\nprotocol = 'modbus-rtu'\nport = 'ttyUSB0'",
            "devices.light.port",
            "not a port: 'ttyUSB0'",
        ),
        (
            "[devices.light]\nprotocol = 'modbus-rtu'\nport = '/dev/ttyUSB0'\nbaudrate = 7",
            "devices.light.baudrate",
            "not a standard baudrate: 7",
        ),
        (
            "[devices.counter]\nprotocol = 'modbus-rtu'\nport = '/dev/ttyUSB1'\nunit = 300",
            "devices.counter.unit",
            "less than or equal to 247",
        ),
        (
            "[devices.light]\nprotocol = 'modbus-rtu'\nport = '/dev/ttyUSB0'\nreply_timeout_ms = 5",
            "devices.light.reply_timeout_ms",
            "greater than or equal to 20",
        ),
        (
            "[devices.light]\nprotocol = 'usb-tower'\nport = '/dev/ttyUSB0'",
            "light.call",
            "the usb-tower tower has no blue lamp",
        ),
        (
            "[[users]]\nid = '1'\nname = 'A'\nrole = 'leader'\npin_hash = 'scrypt$1$2$3$x$y'",
            "users[0].pin_hash",
            "not a PIN hash",
        ),
        ("[station]\nline_name = '" + "x" * 101 + "'", "station.line_name", "at most 100"),
        ("[station]\nstation = '" + "s" * 65 + "'", "station.station", "at most 64"),
        ('[station]\nline = "L\\u0007"', "station.line", "control character (U+0007)"),
        ('[station]\nline_name = "Assembly\\u0000"', "station.line_name", "control character"),
        (
            "[[users]]\nid = '1'\nname = \"A\\tB\"\nrole = 'leader'\npin = '1234'",
            "users[0].name",
            "control character (U+0009)",
        ),
        (
            "[[users]]\nid = '" + "1" * 33 + "'\nname = 'A'\nrole = 'leader'\npin = '1234'",
            "users[0].id",
            "at most 32",
        ),
        (
            "[[shifts]]\nname = 'a'\nstart = '08:00'\nend = '16:00'\n"
            "breaks = [{ start = '17:00', end = '17:30' }]",
            "shifts[0].breaks[0]",
            "not inside the shift",
        ),
        (
            "[[shifts]]\nname = 'day'\nstart = '06:00'\nend = '18:00'\n"
            "[[shifts]]\nname = 'night'\nstart = '17:00'\nend = '06:00'",
            "shifts[1]",
            "overlaps shift 'day'",
        ),
        (
            "[[shifts]]\nname = 'night'\nstart = '22:00'\nend = '07:00'\n"
            "[[shifts]]\nname = 'early'\nstart = '06:00'\nend = '14:00'",
            "shifts[1]",
            "overlaps shift 'night'",
        ),
        ("[shared]\nurl = 'mysql://db/andon'", "shared.url", "PostgreSQL"),
        ("[shared]\nurl = 'postgresql://andon:hunter2@db/andon'", "shared.url", "password_env"),
        ("[shared]\nurl = 'postgresql://db'", "shared.url", "database name"),
        (
            "[shared]\nurl = 'postgresql://db/andon'\npassword_env = 'NO_SUCH_VARIABLE_X'",
            "shared.password_env",
            "NO_SUCH_VARIABLE_X is not set",
        ),
        (
            "[shared]\nurl = 'postgresql://db/andon'\npassword_file = '/nonexistent/pw'",
            "shared.password_file",
            "cannot read",
        ),
        ("[shared]\nurl = 'postgresql://db/a'\nbatch_size = 0", "shared.batch_size", "greater"),
        ("[station]\nlines = ['L1']", "station.lines", "maintenance"),
        ("[station]\nkind = 'tower'", "station.kind", "'maintenance'"),
        ("[calendar]\nclosed_dates = ['2026-13-01']", "calendar.closed_dates[0]", "YYYY-MM-DD"),
        ("[calendar]\nclosed_weekdays = ['sunday']", "calendar.closed_weekdays[0]", "'sun'"),
        (
            "[[calendar.planned_stops]]\nstart = '2026-11-24 14:00'\nend = '2026-11-24 13:00'",
            "calendar.planned_stops[0].end",
            "end after it starts",
        ),
        (
            "[[products]]\nkey = 'p1'\nen = 'P1'\nideal_cycle_seconds = 30",
            "products[0]",
            "exactly one of demand_per_shift or takt_seconds",
        ),
        (
            "[[products]]\nkey = 'p1'\nen = 'P1'\nideal_cycle_seconds = 0\ntakt_seconds = 30",
            "products[0].ideal_cycle_seconds",
            "greater than or equal to 0.01",
        ),
        (
            "[[products]]\nkey = 'p1'\nen = 'P1'\nideal_cycle_seconds = 30\ntakt_seconds = 1e-300",
            "products[0].takt_seconds",
            "greater than or equal to 0.01",
        ),
        (
            "[[categories]]\nkey = 'x'\nsymbol = 'X'\nen = 'X'\ndepartment = 'quality'\n"
            "colour = 'red'",
            "categories[0].colour",
            "write a colour as #rrggbb",
        ),
        (
            "[devices.light]\nprotocol = 'patlite-pns'\nport = 'socket://x:1'\nlease_seconds = 3",
            "devices.light.lease_seconds",
            "a lease needs protocol modbus-rtu",
        ),
        (
            "[devices.light]\ncoils = { red = 0, amber = 0 }",
            "devices.light.coils",
            "two outputs on one relay",
        ),
        ("[devices.light]\ncoils = { purple = 0 }", "devices.light.coils.purple", "'red'"),
        ("[devices.counter]\nword_order = 'middle'", "devices.counter.word_order", "'big'"),
        (
            "[[phrases]]\nfield = 'containment'\ncode = 'x'\nen = 'X'\ncategory = 'robots'",
            "phrases[0].category",
            "no category 'robots' (safety, person, machine, material, method)",
        ),
        (
            "[[phrases]]\nfield = 'root_cause'\ncode = 'x'\nen = 'X'\nreason = 'breakdown'",
            "phrases[0].reason",
            "needs its category",
        ),
        (
            "[[phrases]]\nfield = 'root_cause'\ncode = 'x'\nen = 'X'\n"
            "category = 'machine'\nreason = 'nope'",
            "phrases[0].reason",
            "machine has no reason 'nope'",
        ),
        (
            "[[phrases]]\nfield = 'root_cause'\ncode = 'other'\nen = 'X'",
            "phrases[0].code",
            "'other' is the kiosk's own",
        ),
        ("[[phrases]]\nfield = 'cause'\ncode = 'x'\nen = 'X'", "phrases[0].field", "'containment'"),
        (
            "[[phrases]]\nfield = 'note'\ncode = 'x'\nen = 'X'\n"
            "[[phrases]]\nfield = 'note'\ncode = 'x'\nen = 'Y'",
            "phrases[1].code",
            "duplicate phrase 'x'",
        ),
        ("[display]\ninches = 3", "display.inches", "5 inches or more"),
        ("[display]\ninches = '55'", "display.inches", ""),
        ("[display]\nreading_distance_m = 0", "display.reading_distance_m", ""),
        ("[display]\npage_seconds = 1", "display.page_seconds", ""),
        ("[display]\nscreen = 55", "display.screen", ""),
        (
            "[devices.light]\nprotocol = 'modbus-rtu'\nport = '/dev/x'\n"
            "[devices.counter]\nprotocol = 'modbus-rtu'\nport = '/dev/x'\nunit = 1",
            "devices.counter.unit",
            "different unit numbers",
        ),
    ],
)
def test_bad_config_names_the_file_and_the_key(
    tmp_path: Path, text: str, key: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        config.load(path)
    assert info.value.source == str(path)
    assert info.value.key == key
    assert message in str(info.value)
    assert str(info.value).startswith(f"{path}: {key}" if key else f"{path}: ")


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read the file"):
        config.load(tmp_path / "nope.toml")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes("[station]\nline_name = 'Línea'".encode("latin-1"))
    with pytest.raises(ConfigError, match="not UTF-8"):
        config.load(bad)


def test_toml_local_times_are_accepted_for_shifts(tmp_path: Path) -> None:
    cfg = config.load(
        write(tmp_path, "[[shifts]]\nname = 'early'\nstart = 06:00:00\nend = 14:00:00")
    )
    assert cfg.shifts.shifts[0].start.hour == 6


def test_calendar_and_products(tmp_path: Path) -> None:
    cfg = config.load(
        write(
            tmp_path,
            """
[[shifts]]
name = "early"
start = "06:00"
end = "14:00"
breaks = [
  { start = "09:00", end = "09:15" },
  { start = "11:00", end = "11:10", kind = "planned", reason = "5S" },
]

[calendar]
closed_dates = [2026-10-01, "2026-10-02"]
closed_weekdays = ["sun"]
planned_stops = [{ start = 2026-11-24T07:00:00, end = "2026-11-24 08:00", reason = "PM" }]

[[products]]
key = "p1"
en = "P1"
zh_CN = "产品一"
ideal_cycle_seconds = 25
takt_seconds = 30
""",
        )
    )
    cal = cfg.shifts
    assert cal.shifts[0].breaks[1].kind == "planned"
    assert len(cal.closed_dates) == 2 and cal.closed_weekdays == frozenset({"sun"})
    assert cal.planned[0].reason == "PM"
    assert cfg.product("p1").takt_s == 30 and cfg.product("nope") is None


def test_shared_database_password_from_the_environment_or_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANDON_TEST_PW", "s3cret-Pw")
    cfg = config.load(
        write(
            tmp_path,
            "[station]\nkind = 'maintenance'\nlines = ['L1', 'L2', 'L1']\n"
            "[shared]\nurl = 'postgresql://andon@db.plant:5433/andon'\n"
            "password_env = 'ANDON_TEST_PW'\n",
        )
    )
    assert cfg.shared is not None
    assert cfg.shared.url == "postgresql+psycopg://andon@db.plant:5433/andon"
    assert cfg.shared.password is not None and cfg.shared.password.reveal() == "s3cret-Pw"
    assert "s3cret" not in repr(cfg) and "s3cret" not in str(cfg.shared)
    assert cfg.scope == ("L1", "L2") and cfg.kind == "maintenance"

    (tmp_path / "db.password").write_text("from-a-file\nignored\n", encoding="utf-8")
    by_file = config.load(
        write(tmp_path, "[shared]\nurl = 'postgres://db/andon'\npassword_file = 'db.password'\n")
    )
    assert by_file.shared is not None and by_file.shared.password.reveal() == "from-a-file"
    board = config.load(write(tmp_path, "[station]\nkind = 'board'\n"))
    assert board.scope is None  # the whole plant


def test_a_usb_tower_station_shows_calls_on_a_lamp_it_has(tmp_path: Path) -> None:
    path = tmp_path / "station.toml"
    path.write_text(
        "[devices.light]\nprotocol = 'usb-tower'\nport = 'usb:AB0C1234'\n"
        "[light]\ncall = { lamp = 'amber', blink = true }\n",
        encoding="utf-8",
    )
    cfg = config.load(path)
    assert cfg.light.call.lamp is Lamp.AMBER and cfg.light.call.blink


def test_a_file_that_never_ends_or_never_comes_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "station.toml"
    os.mkfifo(fifo)  # reading it would wait forever
    with pytest.raises(ConfigError, match="not a regular file"):
        config.load(fifo)
    with pytest.raises(ConfigError, match="not a regular file"):
        config.load(Path("/dev/zero"))  # would never end
    station = tmp_path / "shared.toml"
    for password_file, why in (
        ("/dev/zero", "is not a regular file"),
        (str(tmp_path / "latin1.txt"), "is not UTF-8 text"),
    ):
        (tmp_path / "latin1.txt").write_bytes(b"caf\xe9\n")
        station.write_text(
            f'[shared]\nurl = "postgresql://andon@db/andon"\npassword_file = "{password_file}"\n',
            encoding="utf-8",
        )
        with pytest.raises(ConfigError, match=f"shared.password_file: .*{why}"):
            config.load(station)


def test_a_malformed_shared_url_is_refused_without_echoing_its_password(tmp_path: Path) -> None:
    path = write(tmp_path, "[shared]\nurl = 'postgresql//andon:S3CRETPW@db-host/andon'")
    with pytest.raises(ConfigError) as info:
        config.load(path)
    assert info.value.key == "shared.url" and "S3CRETPW" not in str(info.value)


def test_only_a_newline_ends_the_password_in_a_password_file(tmp_path: Path) -> None:
    secret = tmp_path / "db.password"
    secret.write_text("pa\u2028ss\x0cword\r\nignored\n", encoding="utf-8")
    path = write(
        tmp_path,
        "[shared]\nurl = 'postgresql://andon@db/andon'\npassword_file = 'db.password'",
    )
    shared = config.load(path).shared
    assert shared is not None and shared.password.reveal() == "pa\u2028ss\x0cword"


NOTIFY = """
[[notify.channels]]
name = "wecom_l3"
kind = "wecom"
url_env = "ANDON_TEST_WECOM_URL"
[[notify.channels]]
name = "mail"
kind = "email"
smtp_host = "mail.plant.local"
sender = "andon@plant.local"
[[notify.people]]
id = "zhao"
name = "赵敏 Zhao Min"
mobile = "13800005001"
email = "zhao@plant.local"
[[notify.duty]]
role = "production_supervisor"
people = ["zhao"]
channels = ["wecom_l3", "mail"]
"""


def test_notify_section_builds_the_roster_with_its_secret_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANDON_TEST_WECOM_URL", "https://qyapi.weixin.qq.com/send?key=K3Y")
    cfg = config.load(write(tmp_path, NOTIFY))
    robot = cfg.notify.channels["wecom_l3"]
    assert robot.per_minute == 20 and robot.url.endswith("key=K3Y")
    assert "K3Y" not in repr(robot)
    [(person, channel), (_, second)] = cfg.notify.roster.on_duty("production_supervisor", None)
    assert person.name == "赵敏 Zhao Min" and (channel, second) == ("wecom_l3", "mail")


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        (("production_supervisor", "ceo"), "notify.duty[0].role", "no escalation level names"),
        (('people = ["zhao"]', 'people = ["nobody"]'), "notify.duty[0].people", "unknown person"),
        (('"wecom_l3", "mail"', '"wecom_l3", "sms"'), "notify.duty[0].channels", "unknown channel"),
        (('url_env = "ANDON_TEST_WECOM_URL"', ""), "notify.channels[0].url", "needs its URL"),
        (('smtp_host = "mail.plant.local"', ""), "notify.channels[1].smtp_host", "smtp_host"),
        (('email = "zhao@plant.local"', ""), "notify.duty[0].people", "'zhao' has no email"),
        (
            ('channels = ["wecom_l3", "mail"]', 'channels = ["mail"]\nshift = "dya"'),
            "notify.duty[0].shift",
            "unknown shift 'dya' (day, night)",
        ),
        (
            ('url_env = "ANDON_TEST_WECOM_URL"', 'url = "qyapi.weixin.qq.com/send"'),
            "notify.channels[0].url",
            "must start with https://",
        ),
        (
            ('"wecom_l3", "mail"', '"wecom_l3", "sms"'),
            "notify.duty[0].channels",
            "(mail, wecom_l3)",
        ),
        (('mobile = "13800005001"', 'mobile = "@all"'), "notify.people[0].mobile", "pattern"),
        (
            ('sender = "andon@plant.local"', 'sender = "a@b\\r\\nBcc: evil@x"'),
            "notify.channels[1].sender",
            "control",
        ),
        (
            (
                '[[notify.channels]]\nname = "mail"',
                '[notify.mqtt]\nhost = "mqtt"\n'
                'password_env = "ANDON_TEST_WECOM_URL"\n[[notify.channels]]\nname = "mail"',
            ),
            "notify.mqtt.username",
            "needs its username",
        ),
        (
            (
                '[[notify.channels]]\nname = "mail"',
                '[notify.mqtt]\nhost = " "\n[[notify.channels]]\nname = "mail"',
            ),
            "notify.mqtt.host",
            "pattern",
        ),
        (
            (
                '[[notify.channels]]\nname = "wecom_l3"',
                '[notify]\nsafety_roles = ["safety_oficer"]\n'
                '[[notify.channels]]\nname = "wecom_l3"',
            ),
            "notify.safety_roles[0]",
            "no [[notify.duty]] is for 'safety_oficer'",
        ),
    ],
)
def test_notify_mistakes_name_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: tuple[str, str], key: str, words: str
) -> None:
    monkeypatch.setenv("ANDON_TEST_WECOM_URL", "https://qyapi.weixin.qq.com/send?key=K3Y")
    with pytest.raises(ConfigError) as info:
        config.load(write(tmp_path, NOTIFY.replace(*change)))
    assert info.value.key == key and words in str(info.value)
    assert "K3Y" not in str(info.value)


@pytest.mark.parametrize(
    ("words", "why"),
    [("nul\\u0000x", "control"), ("Bell\\u0007", "control"), ("a\\u202eb", "control"),
     ("   ", "blank"),
     # what shows as an empty button, or is cut on it
     ("zero\\u200bwidth", "invisible"), ("\\u2800\\u2800", "blank"), ("\\u3164", "blank"),
     ("x" * 61, "longer than 60")],
)  # fmt: skip
def test_a_phrase_the_store_would_refuse_is_refused_by_the_check(
    tmp_path: Path, words: str, why: str
) -> None:
    path = write(tmp_path, f'[[phrases]]\nfield = "note"\ncode = "x"\nen = "{words}"\n')
    with pytest.raises(ConfigError) as info:
        config.load(path)
    assert info.value.key == "phrases[0].en" and why in str(info.value)


def test_phrases_from_the_file_replace_the_embedded_ones_field_by_field(tmp_path: Path) -> None:
    path = write(tmp_path, """
[[phrases]]
field = "root_cause"
code = "spindle_bearing"
en = "Spindle bearing worn"
zh_CN = "主轴轴承磨损"
category = "machine"
reason = "breakdown"
[[phrases]]
field = "root_cause"
code = "wear"
en = "Wear"
category = "machine"
[[phrases]]
field = "root_cause"
code = "unknown_yet"
en = "Under analysis"
""")  # fmt: skip
    book = config.load(path).phrases
    assert [p.code for p in book.offer("root_cause", "machine", "breakdown")] == [
        "spindle_bearing",
        "wear",
        "unknown_yet",
    ]  # fmt: skip  (the reason's own first, then the category's, then the plant's)
    assert [p.code for p in book.offer("root_cause", "material", None)] == ["unknown_yet"]
    # the fields the file says nothing about keep the embedded phrases
    embedded = default_phrases()
    assert book.offer("containment", "machine", None) == embedded.offer(
        "containment", "machine", None
    )
    assert book.offer("countermeasure", "material", None)
    assert config.load(None).phrases.offer("containment", "machine", None)  # the defaults


def test_the_display_section(tmp_path: Path) -> None:
    assert config.load(write(tmp_path, "")).display == config.DisplayConfig(None, 3.0, 10.0)
    text = "[display]\ninches = 55\nreading_distance_m = 6\npage_seconds = 20"
    assert config.load(write(tmp_path, text)).display == config.DisplayConfig(55.0, 6.0, 20.0)
