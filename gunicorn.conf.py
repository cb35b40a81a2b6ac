"""gunicorn settings, read from the working directory:
`.venv/bin/gunicorn -w 4 -b 127.0.0.1:8000 'intranet:create_app()'`.

More than one worker needs INTRANET_REDIS_URL. The login throttle (Flask-Limiter) counts failed
attempts in its storage; the default memory storage lives inside one process, so with N workers
every worker keeps its own count: an attacker gets N times the attempts, and whether a request
is refused depends on which worker happens to answer it. Redis is one count shared by all
workers. So with several workers and no Redis, gunicorn refuses to start.
"""

def counts_per_process() -> bool:
    """True when rate limits are on and counted in each process's memory."""
    from intranet import create_app

    app = create_app()  # the same configuration layers the workers will read
    memory = str(app.config["RATELIMIT_STORAGE_URI"]).startswith("memory")
    return bool(app.config["RATELIMIT_ENABLED"]) and memory


def on_starting(server):
    if server.cfg.workers > 1 and counts_per_process():
        server.log.error(
            "refusing to start %d workers without INTRANET_REDIS_URL: login throttling would "
            "be counted separately in each worker (see gunicorn.conf.py). Set "
            "INTRANET_REDIS_URL=redis://127.0.0.1:6379/0, or run one worker.",
            server.cfg.workers)
        raise SystemExit(1)
