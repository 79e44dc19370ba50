"""Signals core offers to the apps above it (core imports none of them)."""

from django.dispatch import Signal

# Sent when staff read a private file through an authorised view (private_files.py), with
# keyword arguments `user`, `obj` (the model instance the file belongs to) and `name` (the
# file's name in its storage). The moderation app records it in the audit log.
private_file_read = Signal()
