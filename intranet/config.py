"""Safe defaults. No secrets here: keys come from the instance folder or the environment.

Layers, later wins: this module -> instance/config.py -> INTRANET_* environment variables
-> the test_config passed to create_app().
"""

# Database: None means the SQLite file instance/intranet.sqlite.
DATABASE_URL = None
SQLALCHEMY_ENGINE_OPTIONS: dict = {}
SQLITE_BUSY_TIMEOUT_MS = 5000

# Requests: bodies and forms are bounded (413 beyond).
MAX_CONTENT_LENGTH = 16 * 1024 * 1024
MAX_FORM_MEMORY_SIZE = 512 * 1024
MAX_FORM_PARTS = 1000

# Sessions and CSRF.
WTF_CSRF_TIME_LIMIT = None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = False
REMEMBER_COOKIE_HTTPONLY = True
REMEMBER_COOKIE_SAMESITE = "Lax"
SESSION_IDLE_TIMEOUT_MINUTES = 60
SESSION_ABSOLUTE_TIMEOUT_HOURS = 12

# Language and time.
BABEL_DEFAULT_LOCALE = "vi"
BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
LANGUAGES = ("vi", "en")

# Password hashing (argon2id). Tests lower the cost; production keeps the library defaults.
ARGON2_TIME_COST = 3
ARGON2_MEMORY_COST = 65536
ARGON2_PARALLELISM = 4

# Rate limits: memory per process by default; set INTRANET_REDIS_URL when several workers run.
REDIS_URL = None
RATELIMIT_ENABLED = True

# Outgoing mail (notifications): off unless a host is set.
SMTP_HOST = None
SMTP_PORT = 25
SMTP_FROM = "intranet@localhost"

# Pagination.
PAGE_SIZE = 50

# Personnel (delegates and committee personnel). See docs/personnel.md.
PERSONNEL_DELEGATE_CAP = 250  # at most this many official delegates (a merged ward)
PERSONNEL_MINIMUM_PER_ORG = 1  # seats every organization gets at least
PERSONNEL_ALTERNATES_PER_ORG = 1  # alternate delegates per organization, unless adjusted
PERSONNEL_YOUTH_AGE = 35  # "young": under this age in the congress year
PERSONNEL_NEW_MEMBER_YEARS = 5  # "new member": joined in the last N years up to the congress
PERSONNEL_MAJORITY_BASE = "ballots"  # polls pass with more than half of "ballots" or "voters"
PERSONNEL_COMMITTEE_SEATS = {
    "executive_committee": 27, "standing_committee": 9, "secretary": 1, "deputy_secretary": 2,
    "city_delegate": 3, "city_alternate": 1,
}
