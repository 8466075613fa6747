"""invoicebot: invoice capture in chat. The product layer: CLI, settings, wiring, conversation."""
