"""The web app and REST API: FastAPI pages and JSON under /api, on the store and engine.

- :func:`create_app` builds the app for a database URL.
- :func:`serve` runs it with Uvicorn; :func:`run_demo` loads the demo, creates the demo
  users (:func:`seed_demo_users`), prints the address and logins, and serves.
"""

from buyerlens.web.app import create_app
from buyerlens.web.demo import DemoUsers, run_demo, seed_demo_users, serve

__all__ = ["DemoUsers", "create_app", "run_demo", "seed_demo_users", "serve"]
