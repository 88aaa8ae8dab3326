"""Readers: bytes → text (decode.py), text → report model (the layout modules)."""
