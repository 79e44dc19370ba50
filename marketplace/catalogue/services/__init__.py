"""Writes for the catalogue, one module per subject, re-exported here."""

from .summary import product_refresh_summary

__all__ = ["product_refresh_summary"]
