"""How long a name may be: the columns of the shared schema, stated once.

The station file, the forms and the services check against these, so a name that the shared
PostgreSQL would refuse is refused at the door, naming the key, instead of later blocking a
kiosk's outbox (store/models.py sizes its columns from here).
"""

from __future__ import annotations

LINE = 64  # line id
STATION = 64  # station id
LINE_NAME = 100
USER_ID = 32  # employee number
USER_NAME = 100
BADGE = 64
KEY = 32  # category, reason, product, department keys
PIN_HASH = 200
NOTE = 2000  # a comment, containment, root cause, countermeasure, reason for a cancel
PHRASE = 60  # a phrase picked with one tap: the words of a button, on two lines at most
