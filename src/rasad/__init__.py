"""Rasad (رصد): structured, searchable knowledge from Persian news."""
__version__ = "0.1.0"
