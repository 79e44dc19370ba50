"""Date formats: see marketplace/core/formats/__init__.py."""
