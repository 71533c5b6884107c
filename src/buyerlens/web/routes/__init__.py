"""The routers of the web app: pages first, then the JSON API under /api."""

from __future__ import annotations

from fastapi import APIRouter

from buyerlens.web.routes import deal, pages

ROUTERS: tuple[APIRouter, ...] = (pages.router, deal.router)
