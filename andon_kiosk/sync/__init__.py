"""Sync between a station's local store and the plant's shared PostgreSQL (DESIGN.md,
docs/deployment.md).

    shared.py   the connection: timeouts, the deadline that cuts a hung socket, channels
    feed.py     the shared side: publish records into the commit-ordered feed, read it back
    local.py    the station side: the outbox to send, applying what arrived, the cursor
    records.py  the records that sync, as column dicts
    relay.py    sends the outbox up, in order, in batches
    puller.py   brings the feed down into the local store
    link.py     the one thread and connection that run both, wait for news, and never die
    retry.py    which errors mean "offline", their wording, the backoff
    service.py  all of it, for one station
    status.py   what `andon-kiosk sync status` prints
"""
