"""Sync between a station's local store and the plant's shared PostgreSQL (DESIGN.md).

shared.py   the connection, with its timeouts and the deadline that cuts a hung socket
feed.py     the shared side: publish records into the commit-ordered feed, read it back
local.py    the station side: the outbox to send, applying what arrived, the cursor
relay.py    the thread that sends the outbox up
puller.py   the thread that brings the feed down (LISTEN/NOTIFY + cursor)
service.py  both, for one station
"""
