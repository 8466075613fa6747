"""The LLM tier: a second opinion on the fields the rules could not settle, grounded in the document."""
