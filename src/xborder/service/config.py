"""The service's settings: from `xborder serve` options or XBORDER_* environment variables
(what each uvicorn worker reads, so several workers share one configuration)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = "xborder-service.db"  # a path (SQLite) or postgresql://user@host/db
    log_key: str | None = None  # the ledger's signing key file; default: beside a SQLite file, else none
    origin: str = "xborder.local/service-ledger"  # the ledger's checkpoint origin
    max_body_bytes: int = 2 * 1024 * 1024
    max_batch: int = 1000
    rate_per_second: float = 100.0  # per token, per process; 0 turns rate limiting off
    rate_burst: int = 200
    cors_origins: tuple[str, ...] = field(default_factory=tuple)  # none: CORS closed
    auth_cache_seconds: float = 5.0  # how long a process trusts a looked-up token (revocation delay elsewhere)
    pool_size: int = 10
    threads: int = 2  # transactions a worker runs at once (decide calls: group commit); more only queue on the GIL while holding locks
    # OpenID Connect sign-in for people (all three, or none: the console then takes API tokens only)
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = field(default=None, repr=False)  # from XBORDER_OIDC_CLIENT_SECRET only
    public_url: str | None = None  # how browsers reach the service (the sign-in's redirect URI); default: the request's
    session_hours: float = 12.0  # how long a console sign-in through the provider lasts

    @property
    def oidc(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id and self.oidc_client_secret)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        base = cls()
        get = env.get
        return cls(
            db=get("XBORDER_DB", base.db),
            log_key=get("XBORDER_LOG_KEY") or None,
            origin=get("XBORDER_ORIGIN", base.origin),
            max_body_bytes=int(get("XBORDER_MAX_BODY_BYTES", base.max_body_bytes)),
            max_batch=int(get("XBORDER_MAX_BATCH", base.max_batch)),
            rate_per_second=float(get("XBORDER_RATE_PER_SECOND", base.rate_per_second)),
            rate_burst=int(get("XBORDER_RATE_BURST", base.rate_burst)),
            cors_origins=tuple(o for o in get("XBORDER_CORS_ORIGINS", "").split(",") if o.strip()),
            auth_cache_seconds=float(get("XBORDER_AUTH_CACHE_SECONDS", base.auth_cache_seconds)),
            pool_size=int(get("XBORDER_POOL_SIZE", base.pool_size)),
            threads=int(get("XBORDER_THREADS", base.threads)),
            oidc_issuer=get("XBORDER_OIDC_ISSUER") or None,
            oidc_client_id=get("XBORDER_OIDC_CLIENT_ID") or None,
            oidc_client_secret=get("XBORDER_OIDC_CLIENT_SECRET") or None,
            public_url=get("XBORDER_PUBLIC_URL") or None,
            session_hours=float(get("XBORDER_SESSION_HOURS", base.session_hours)),
        )

    def env(self) -> dict[str, str]:
        """The inverse of `from_env`: what `xborder serve` hands its workers."""
        out = {
            "XBORDER_DB": self.db, "XBORDER_ORIGIN": self.origin,
            "XBORDER_MAX_BODY_BYTES": str(self.max_body_bytes), "XBORDER_MAX_BATCH": str(self.max_batch),
            "XBORDER_RATE_PER_SECOND": str(self.rate_per_second), "XBORDER_RATE_BURST": str(self.rate_burst),
            "XBORDER_CORS_ORIGINS": ",".join(self.cors_origins),
            "XBORDER_AUTH_CACHE_SECONDS": str(self.auth_cache_seconds), "XBORDER_POOL_SIZE": str(self.pool_size),
            "XBORDER_THREADS": str(self.threads), "XBORDER_SESSION_HOURS": str(self.session_hours),
        }
        optional = {"XBORDER_LOG_KEY": self.log_key, "XBORDER_OIDC_ISSUER": self.oidc_issuer,
                    "XBORDER_OIDC_CLIENT_ID": self.oidc_client_id, "XBORDER_OIDC_CLIENT_SECRET": self.oidc_client_secret,
                    "XBORDER_PUBLIC_URL": self.public_url}
        out.update({k: v for k, v in optional.items() if v})
        return out
