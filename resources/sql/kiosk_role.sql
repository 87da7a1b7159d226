-- The role kiosks connect as: it may read and add records, never change or delete tickets.
-- Run as the owner of the andon database, after `andon-kiosk db upgrade --shared`
-- (migrations run as the owner, not as this role). Choose the password yourself:
--   psql -d andon -v kiosk_password="'...'" -f kiosk_role.sql
CREATE ROLE andon_kiosk LOGIN PASSWORD :kiosk_password;
GRANT CONNECT ON DATABASE :"DBNAME" TO andon_kiosk;
GRANT USAGE ON SCHEMA public TO andon_kiosk;
-- records: added, read; events, counts and changeovers are never updated in place
GRANT SELECT, INSERT ON events, counts, changeovers, feed TO andon_kiosk;
GRANT USAGE ON SEQUENCE feed_seq_seq TO andon_kiosk;
-- users: the newest change of a user wins (UPDATE); stations: each kiosk's heartbeat
GRANT SELECT, INSERT, UPDATE ON users, stations TO andon_kiosk;
GRANT SELECT ON meta, alembic_version TO andon_kiosk;
