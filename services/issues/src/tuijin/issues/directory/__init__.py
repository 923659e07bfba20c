"""Copies of the registry's records this service needs (projects, their units, lights), kept fresh
by registry events and short-lived caches."""
