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

# Reverse proxies in front of the application (nginx: 1). Their X-Forwarded-For/-Proto headers
# are trusted for this many hops; 0 means the WSGI server's peer address is the client.
TRUSTED_PROXIES = 0

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

# Rate limits: memory per process by default; set INTRANET_REDIS_URL when several workers run
# (gunicorn.conf.py refuses to start several workers without it).
REDIS_URL = None
RATELIMIT_ENABLED = True
RATELIMIT_STRATEGY = "moving-window"
# Redis unreachable: count in this process's memory rather than refuse every login.
RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True

# Login throttling counts failed attempts only (docs/security.md explains the choice).
LOGIN_THROTTLE_NAMESPACE = "intranet"  # prefix of the counters' keys (Redis may be shared)
LOGIN_LIMIT_ACCOUNT_ADDRESS = "5 per 5 minutes"  # one account from one address
LOGIN_LIMIT_ACCOUNT = "20 per hour"  # one account from anywhere (known devices exempt)
LOGIN_LIMIT_ADDRESS = "50 per 15 minutes"  # one address, any account (known devices exempt)
SECOND_STEP_LIMIT = "5 per 5 minutes; 20 per day"  # wrong codes for one account
KNOWN_DEVICE_DAYS = 180  # a browser that completed a login is "known" for this long

# Second factor (TOTP, RFC 6238: 6 digits, 30 s, one step of clock drift either way).
TOTP_ISSUER = "Intranet Đại hội"
SECOND_STEP_MINUTES = 5  # time allowed between the password and the code
RECOVERY_CODES = 10

# Outgoing mail (notifications): off unless a host is set.
SMTP_HOST = None
SMTP_PORT = 25
SMTP_FROM = "intranet@localhost"

# Load benchmark only (bench/load.py): bare reference endpoints under /_bench/. Never in production.
BENCH_REFERENCE_ENDPOINTS = False

# Pagination.
PAGE_SIZE = 50

# Documents: the citizens' comment page and .docx import.
DOCUMENTS_PUBLIC_BASE_URL = None  # e.g. "https://gopy.example.vn": QR codes point here if set
DOCUMENTS_PUBLIC_MAX_BYTES = 32 * 1024  # a comment form larger than this is refused (413)
DOCUMENTS_PUBLIC_MAX_CHARS = 5000  # characters of one comment
DOCUMENTS_PUBLIC_MIN_FILL_SECONDS = 3  # sent faster than this after loading: refused
DOCUMENTS_PUBLIC_RATE_PER_IP = "5 per minute;30 per hour"
# One link, all senders: a flood cap, far above a real peak (a QR code in the local paper
# brought 5,000 comments in ten minutes, about 8 a second; bench/peaks.py replays that).
DOCUMENTS_PUBLIC_RATE_PER_LINK = "1500 per minute"
DOCUMENTS_DOCX_MAX_BYTES = 5 * 1024 * 1024
DOCUMENTS_DOCX_MAX_UNPACKED_BYTES = 40 * 1024 * 1024
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
# Complaints (letters). The cut-off is counted back from the congress's opening day (the
# congress row), in working days: weekends and these holidays (ISO dates) do not count.
COMPLAINTS_CUTOFF_WORKING_DAYS = 25
COMPLAINTS_HOLIDAYS = (
    "2025-01-01", "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31",
    "2025-04-07", "2025-04-30", "2025-05-01", "2025-05-02", "2025-09-01", "2025-09-02",
    "2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
    "2026-04-27", "2026-04-30", "2026-05-01", "2026-09-01", "2026-09-02",
)
COMPLAINTS_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024  # one scanned file
COMPLAINTS_VERIFY_DAYS = 15  # suggested deadline of a verification, in calendar days
