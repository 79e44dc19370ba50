"""Buyer–shop conversations, masking of contact details, quotes and commissioned pieces."""
