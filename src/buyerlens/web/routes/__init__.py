"""The routers of the web app: pages first, then the JSON API under /api."""

from __future__ import annotations

from fastapi import APIRouter

from buyerlens.web.routes import (
    admin,
    api_deal,
    api_records,
    deal,
    pages,
    workbench,
)

ROUTERS: tuple[APIRouter, ...] = (
    pages.router,
    deal.router,
    workbench.router,
    admin.router,
    api_records.router,
    api_deal.router,
)
