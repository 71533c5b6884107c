"""The web app's settings, checked when the app is created (unsafe values are refused)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from buyerlens.model import ConfigError

ENV_SECRET = "BUYERLENS_SECRET"
MIN_SECRET = 32


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class WebSettings:
    """``secret`` signs CSRF tokens; ``https_only`` marks cookies Secure (behind TLS)."""

    database_url: str
    secret: str
    https_only: bool = False
    session_ttl: timedelta = timedelta(hours=12)
    clock: Callable[[], datetime] = field(default=utc_now)
    page_size: int = 50

    def __post_init__(self) -> None:
        if len(self.secret) < MIN_SECRET:
            raise ConfigError(
                f"the web secret must have at least {MIN_SECRET} characters; set "
                f"{ENV_SECRET} to a long random value (python -c 'import secrets; "
                "print(secrets.token_urlsafe(32))')"
            )


def resolve_secret(secret: str | None) -> str:
    """The given secret, else ``BUYERLENS_SECRET``, else a random one for this process."""
    if secret is not None:
        return secret
    env = os.environ.get(ENV_SECRET, "").strip()
    return env or secrets.token_urlsafe(32)
