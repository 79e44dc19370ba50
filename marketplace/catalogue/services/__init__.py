"""Writes for the catalogue, one module per subject, re-exported here."""

from .search import product_search_index_update
from .summary import product_refresh_summary

__all__ = ["product_refresh_summary", "product_search_index_update"]
