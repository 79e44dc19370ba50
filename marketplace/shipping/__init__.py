"""Shipping abroad: shipping profiles and weight bands, carriers and tracking, customs data,
customs documents (CN22/CN23, commercial invoice) and the import-charges estimate.

Layer: below orders, above the catalogue. Orders ask this app for quotes and estimates and
hand it a neutral `Consignment` to put on paper; this app never imports orders.
"""
