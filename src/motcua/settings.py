"""Settings in one place: safe defaults for the embedded set-up, overridden by environment.

Environment variables:
    DATABASE_URL      e.g. postgres://user@host:5432/motcua (default: SQLite under var/)
    MOTCUA_VAR_DIR    where the SQLite database, secret key and files live (default: ./var)
    SECRET_KEY        overrides the key generated on first run into var/secret_key
    DEBUG             "1" to turn debug on (off by default)
    ALLOWED_HOSTS     comma-separated (default: 127.0.0.1,localhost)
    MOTCUA_CULTURE_DAY_OFF  "1" to treat 24/11 (Ngày Văn hóa Việt Nam) as a day off
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("MOTCUA_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_tasks_db",
    "motcua.core",
    "motcua.directory",
    "motcua.citizens",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.documents",
    "motcua.payments",
    "motcua.ratings",
    "motcua.sync",
    "motcua.feedback",
    "motcua.indicators",
    "motcua.reports",
    "motcua.plans",
    "motcua.review",
    "motcua.api",
    "motcua.backoffice",
    "motcua.portal",
    "motcua.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.core.context_processors.site",
            ],
        },
    }
]

_SQLITE_URL = f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _SQLITE_URL))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "motcua.citizens.backends.PhoneOrEmailBackend",
]
LOGIN_URL = "backoffice:login"
LOGIN_REDIRECT_URL = "backoffice:home"
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG and _env_bool("MOTCUA_HTTPS"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "motcua.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "motcua.api.pagination.DefaultPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "motcua.api.errors.exception_handler",
    "URL_FORMAT_OVERRIDE": None,  # ?format= is ours (catalog export), not content negotiation
}

SPECTACULAR_SETTINGS = {
    "TITLE": "motcua API",
    "DESCRIPTION": (
        "API của hệ thống thông tin giải quyết thủ tục hành chính motcua. "
        "Xác thực: POST /api/v1/auth/token rồi gửi 'Authorization: Bearer <token>'."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "TimeUnitEnum": "motcua.catalog.models.TimeUnit",
        "DossierStateEnum": "motcua.dossiers.states.State",
        "DossierChannelEnum": "motcua.dossiers.models.Channel",
        "VersionStatusEnum": "motcua.catalog.models.VersionStatus",
        "ProcessStatusEnum": "motcua.catalog.models.ProcessStatus",
    },
}

# E-mail (Django 6.1 MAILERS): written to files under var/mail by default (the embedded set-up
# has no mail server); production sets EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER,
# EMAIL_HOST_PASSWORD, EMAIL_USE_TLS) to send through SMTP.
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": _env_bool("EMAIL_USE_TLS"),
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "motcua <no-reply@motcua.invalid>")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- motcua domain settings -------------------------------------------------------------
#: Ngày Văn hóa Việt Nam (24/11): chosen by NQ 80-NQ/TW as a paid day off, pending its
#: codification in the Labour Code (spec calendar.md §1). Off by default.
MOTCUA_CULTURE_DAY_OFF = _env_bool("MOTCUA_CULTURE_DAY_OFF")
#: Default office hours (giờ làm việc) when an agency has none of its own.
MOTCUA_OFFICE_HOURS = (("07:30", "11:30"), ("13:30", "17:00"))
MOTCUA_SITE_NAME = os.environ.get("MOTCUA_SITE_NAME", "Hệ thống giải quyết thủ tục hành chính")
#: Document storage plug-in ("local" files under var/media; see docs/documents.md for S3).
MOTCUA_DOCUMENT_STORAGE = os.environ.get("MEDIA_STORAGE", "local")
#: Public address of the site, used in links sent by e-mail and SMS and printed in QR codes.
MOTCUA_PUBLIC_URL = os.environ.get("MOTCUA_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
#: Identity providers for citizens' login (đăng nhập bằng định danh điện tử, e.g. VNeID over
#: OpenID Connect): none by default, so no button is shown. Set ``MOTCUA_VNEID_ISSUER``,
#: ``MOTCUA_VNEID_CLIENT_ID``, ``MOTCUA_VNEID_CLIENT_SECRET``, ``MOTCUA_VNEID_CLAIM_ID_NUMBER``
#: (and optionally ``MOTCUA_VNEID_SCOPES``, ``_REDIRECT_URI``, ``_CLAIM_FULL_NAME``,
#: ``_CLAIM_PHONE``, ``_CLAIM_EMAIL``, ``_CLAIM_BIRTH_DATE``, ``_CLAIM_ASSURANCE``,
#: ``_ACR_VALUES``, ``_USERINFO``) or give any providers as JSON in ``MOTCUA_OIDC_PROVIDERS``;
#: see motcua.citizens.identity.envconfig and README "Đăng nhập bằng VNeID (OpenID Connect)".
from motcua.citizens.identity.envconfig import providers_from_env  # noqa: E402

MOTCUA_IDENTITY_PROVIDERS = providers_from_env(os.environ)
#: Modules registering further identity provider kinds (base class + registry).
MOTCUA_IDENTITY_PLUGINS: list[str] = []
