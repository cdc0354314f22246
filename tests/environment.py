"""Loaded with ``-p tests.environment`` before Django starts: the environment a
test run needs, without overriding anything the caller set (CI sets
DATABASE_URL and REDIS_URL to run the same suite on PostgreSQL and Redis)."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
