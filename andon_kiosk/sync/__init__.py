"""Outbox relay and change puller between the local store and the shared database."""
