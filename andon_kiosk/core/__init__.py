"""The pure domain: tickets, reasons, roles, escalation, the light policy, shifts and clocks.

No Qt, no SQLAlchemy, no serial: everything here is tested without any of them.
"""
