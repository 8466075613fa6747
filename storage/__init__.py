"""Persistence: tables, stores, queues, blob files and the workbook export."""
