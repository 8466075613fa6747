"""The document pipeline: intake, OCR, extraction and validation; no chat SDK, database or settings."""
