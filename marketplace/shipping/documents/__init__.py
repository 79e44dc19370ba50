"""Customs documents on paper: CN22/CN23 declarations and the commercial invoice (reportlab).

`consignment.py` is what a document says (built by the orders app from a shop order);
`pdf.py` lays it out in French and English; `script.py` shapes Arabic and transliterates it.
"""
