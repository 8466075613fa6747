"""Channel adapters: one module per outside system, each translating to and from core values."""
