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
FUNCTIONS = """
CREATE FUNCTION andon_station() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
    AS $$ SELECT station FROM station_logins WHERE login = session_user $$;
CREATE FUNCTION andon_may_write_line(line text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
    AS $$ SELECT EXISTS (SELECT 1 FROM station_logins s
                         WHERE s.login = session_user
                           AND line <> '' AND (s.lines IS NULL OR s.lines ? line)) $$;
CREATE FUNCTION andon_is_admin() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
    AS $$ SELECT COALESCE((SELECT admin FROM station_logins WHERE login = session_user), false) $$;
REVOKE ALL ON FUNCTION andon_station(), andon_may_write_line(text), andon_is_admin() FROM PUBLIC;
"""
RECORDS = ("events", "counts", "changeovers")
POLICIES = [
    *(
        f"CREATE POLICY station_writes_own_lines ON {t} FOR INSERT "
        "WITH CHECK (andon_may_write_line(line) AND station = andon_station())"
        for t in RECORDS
    ),
    "CREATE POLICY station_feeds_own_lines ON feed FOR INSERT "
    "WITH CHECK (andon_may_write_line(line) OR (line = '' AND andon_is_admin()))",
    "CREATE POLICY admin_adds_users ON users FOR INSERT WITH CHECK (andon_is_admin())",
    "CREATE POLICY admin_changes_users ON users FOR UPDATE "
    "USING (andon_is_admin()) WITH CHECK (andon_is_admin())",
    "CREATE POLICY station_registers_itself ON stations FOR INSERT "
    "WITH CHECK (station = andon_station())",
    "CREATE POLICY station_updates_itself ON stations FOR UPDATE "
    "USING (station = andon_station()) WITH CHECK (station = andon_station())",
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
        "GRANT SELECT, INSERT ON events, counts, changeovers, feed TO andon_station;"
        "GRANT USAGE ON SEQUENCE feed_seq_seq TO andon_station;"
        "GRANT SELECT, INSERT, UPDATE ON users, stations TO andon_station;"
        "GRANT SELECT ON meta, alembic_version TO andon_station;"
        "GRANT EXECUTE ON FUNCTION andon_station(), andon_may_write_line(text), "
        "andon_is_admin() TO andon_station;"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in SECURED:
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
            op.execute(f"DROP POLICY IF EXISTS everyone_reads ON {table}")
        for policy in POLICIES:
            name, table = policy.split()[2], policy.split()[4]
            op.execute(f"DROP POLICY IF EXISTS {name} ON {table}")
        op.execute("DROP FUNCTION andon_station(), andon_may_write_line(text), andon_is_admin()")
    op.drop_table("station_logins")
