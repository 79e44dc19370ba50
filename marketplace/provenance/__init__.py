"""Provenance: craft labels checked by moderators, signed certificates, makers' confirmed pay."""
