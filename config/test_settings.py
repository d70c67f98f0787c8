"""Settings for the test suite: the real settings, plus what makes tests fast and deterministic."""

import os

os.environ.setdefault("TESTING", "1")
# Production settings refuse to load without a key; the suite (and the worker processes it
# starts, which inherit this environment) uses one of its own.
os.environ.setdefault("SECRET_KEY", "gongzhi-test-suite-only-" + "k" * 40)

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks queued by services run in-process; the Celery integration tests start a real worker.
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
CACHES["default"]["KEY_PREFIX"] = f"gongzhi-test-{os.getpid()}"  # noqa: F405
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {  # noqa: F405
    **REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],  # noqa: F405
    "anon": "10000/min",
    "user": "10000/min",
}

if os.environ.get("TEST_DATABASE_NAME") and DATABASE_IS_POSTGRES:  # noqa: F405
    # `make test-pgbouncer` (tests/through_pgbouncer.py) builds its own test database.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}  # noqa: F405

if not REDIS_URL:  # noqa: F405
    # Tests keep their filesystem broker apart from a `make run` worker's folder.
    CELERY_BROKER_DIR = VAR_DIR / "celery-test"  # noqa: F405
    for _folder in ("out", "processed"):
        (CELERY_BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "out"),
        "data_folder_out": str(CELERY_BROKER_DIR / "out"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
