"""Reads of the text-message channel (the admin lists messages; nothing else reads them yet)."""
