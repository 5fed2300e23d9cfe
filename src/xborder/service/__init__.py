"""The service (`xborder serve`): FastAPI app, database, migrations, tokens and roles, routes
per resource, and the running totals around the engine's decisions. No legal logic of its own."""
