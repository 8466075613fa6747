"""Synthetic invoices, receipts and credit notes with labels known by construction: a training and
benchmark corpus for field extraction. Not used by the product at run time."""

from synth.generate import Generated, generate

__all__ = ["Generated", "generate"]
