"""shared database: one login per station, and row-level security that lets a station write
only its own lines' records, as itself; users only from an admin login (PostgreSQL only)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

Lines = sa.JSON().with_variant(JSONB(), "postgresql")

# Each function reads the register as its owner (SECURITY DEFINER), for the station logged
# in (session_user): a station login cannot read, let alone change, the register itself.
# Names are written out in full and pg_temp is searched last: a login's own temporary table
# called station_logins must not stand in for the register.
FUNCTIONS = """
CREATE FUNCTION andon_station() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$ SELECT station FROM public.station_logins WHERE login = session_user $$;
CREATE FUNCTION andon_may_write_line(line text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$ SELECT EXISTS (SELECT 1 FROM public.station_logins s
                         WHERE s.login = session_user
                           AND line <> '' AND (s.lines IS NULL OR s.lines ? line)) $$;
CREATE FUNCTION andon_is_admin() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$ SELECT COALESCE((SELECT admin FROM public.station_logins WHERE login = session_user), false) $$;
CREATE FUNCTION andon_login() RETURNS TABLE (station text, lines jsonb, admin boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$ SELECT station, lines, admin FROM public.station_logins WHERE login = session_user $$;
CREATE FUNCTION andon_heartbeat_time() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$ BEGIN
        IF EXISTS (SELECT 1 FROM public.station_logins WHERE login = session_user) THEN
            NEW.last_seen := extract(epoch FROM clock_timestamp());  -- the server's, not theirs
        END IF;
        RETURN NEW;
    END $$;
CREATE TRIGGER heartbeat_time BEFORE INSERT OR UPDATE ON stations
    FOR EACH ROW EXECUTE FUNCTION andon_heartbeat_time();
REVOKE ALL ON FUNCTION andon_station(), andon_may_write_line(text), andon_is_admin(),
    andon_login(), andon_heartbeat_time() FROM PUBLIC;
"""
RECORDS = ("events", "counts", "changeovers")
POLICIES = [
    *(
        f"CREATE POLICY station_writes_own_lines ON {t} FOR INSERT "
        "WITH CHECK (andon_may_write_line(line) AND station = andon_station())"
        for t in RECORDS
    ),
    # an event is on its ticket's line: a login may not act on another line's ticket by
    # filing the event under its own line
    "CREATE POLICY event_on_its_tickets_line ON events AS RESTRICTIVE FOR INSERT "
    "WITH CHECK (NOT EXISTS (SELECT 1 FROM events r "
    "WHERE r.ticket_id = events.ticket_id AND r.line <> events.line))",
    # a feed entry names a record of the same line (else a login could feed its line's
    # kiosks another line's records), or a user, from an admin login only
    "CREATE POLICY station_feeds_own_lines ON feed FOR INSERT WITH CHECK ("
    " (andon_may_write_line(feed.line) AND ("
    "  (feed.kind = 'event' AND EXISTS (SELECT 1 FROM events r"
    "   WHERE r.id = feed.record_id AND r.line = feed.line))"
    "  OR (feed.kind = 'count' AND EXISTS (SELECT 1 FROM counts r"
    "   WHERE r.id = feed.record_id AND r.line = feed.line))"
    "  OR (feed.kind = 'changeover' AND EXISTS (SELECT 1 FROM changeovers r"
    "   WHERE r.id = feed.record_id AND r.line = feed.line))))"
    " OR (feed.line = '' AND feed.kind = 'user' AND andon_is_admin()))",
    "CREATE POLICY admin_adds_users ON users FOR INSERT WITH CHECK (andon_is_admin())",
    "CREATE POLICY admin_changes_users ON users FOR UPDATE "
    "USING (andon_is_admin()) WITH CHECK (andon_is_admin())",
    "CREATE POLICY station_registers_itself ON stations FOR INSERT "
    "WITH CHECK (station = andon_station() AND andon_may_write_line(line))",
    "CREATE POLICY station_updates_itself ON stations FOR UPDATE "
    "USING (station = andon_station()) "
    "WITH CHECK (station = andon_station() AND andon_may_write_line(line))",
]
SECURED = (*RECORDS, "feed", "users", "stations")


def upgrade() -> None:
    op.create_table(
        "station_logins",
        sa.Column("login", sa.String(63), nullable=False),
        sa.Column("station", sa.String(64), nullable=False),
        sa.Column("lines", Lines, nullable=True),
        sa.Column("admin", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("login", name=op.f("pk_station_logins")),
    )
    if op.get_bind().dialect.name != "postgresql":
        return  # a station's own SQLite store trusts its one user
    op.execute(FUNCTIONS)
    for table in SECURED:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY everyone_reads ON {table} FOR SELECT USING (true)")
    for policy in POLICIES:
        op.execute(policy)
    # the group every station login belongs to: what it may do at all (rows: the policies)
    op.execute(
        """
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'andon_station') THEN
                CREATE ROLE andon_station NOLOGIN;
            END IF;
        END $$;
        """
    )
    op.execute(
        "GRANT SELECT, INSERT ON events, counts, changeovers TO andon_station;"
        # the feed's seq comes from its sequence only: a station choosing a huge one would
        # move every reader's cursor past all later rows
        "GRANT SELECT, INSERT (kind, record_id, line) ON feed TO andon_station;"
        "GRANT USAGE ON SEQUENCE feed_seq_seq TO andon_station;"
        "GRANT SELECT, INSERT, UPDATE ON users, stations TO andon_station;"
        "GRANT SELECT ON meta, alembic_version TO andon_station;"
        "GRANT EXECUTE ON FUNCTION andon_station(), andon_may_write_line(text), "
        "andon_is_admin(), andon_login() TO andon_station;"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in SECURED:
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
            op.execute(f"DROP POLICY IF EXISTS everyone_reads ON {table}")
        for policy in POLICIES:
            name, table = policy.split()[2], policy.split()[4]
            op.execute(f"DROP POLICY IF EXISTS {name} ON {table}")
        op.execute("DROP TRIGGER heartbeat_time ON stations")
        op.execute(
            "DROP FUNCTION andon_station(), andon_may_write_line(text), andon_is_admin(), "
            "andon_login(), andon_heartbeat_time()"
        )
    op.drop_table("station_logins")
