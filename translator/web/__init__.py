"""The web layer: Flask blueprints, error handlers and CLI commands over the core."""
