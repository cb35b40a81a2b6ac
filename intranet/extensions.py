"""Extensions, created unbound; create_app() binds them to an application."""

from functools import cached_property
from types import SimpleNamespace

from flask.globals import _cv_app
from flask_babel import Babel, Domain
from flask_babel.speaklater import LazyString
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect
from jinja2 import pass_context
from markupsafe import Markup

from intranet.db import db


def babel_context() -> SimpleNamespace | None:
    """Flask-Babel's per-request namespace (where it keeps the request's locale), as its own
    `_get_current_context()` finds it, without the three lookups through the `g` proxy that
    take it 2 µs: the pages ask for it once for every string they translate."""
    app_context = _cv_app.get(None)
    if app_context is None:
        return None
    namespace = app_context.g.__dict__.get("_flask_babel")
    if namespace is None:
        namespace = app_context.g._flask_babel = SimpleNamespace()
    return namespace


def per_language(name: str, build):
    """`build()`, kept for the rest of the request in Flask-Babel's per-request namespace beside
    the locale it was built for: a changed locale (`refresh()`, `force_locale`) is a different
    object, so it is built again. Outside an application context, built every time."""
    ctx = babel_context()
    if ctx is None:
        return build()
    kept = getattr(ctx, name, None)
    if kept is not None and kept[0] is not None and kept[0] is getattr(ctx, "babel_locale", None):
        return kept[1]
    value = build()  # finds the locale first, if it has not been found yet
    setattr(ctx, name, (getattr(ctx, "babel_locale", None), value))
    return value


class RequestDomain(Domain):
    """Flask-Babel's message domain, with the catalog looked up once per request.

    Flask-Babel finds the catalog again on every string (the locale turned into its name, two
    lookups through `g`): about 6 µs, and a page translates a few hundred strings.
    """

    def get_translations(self):
        return per_language("intranet_translations", super().get_translations)


def request_translations():
    """This request's catalog, for `_()` in templates and code: the one RequestDomain keeps,
    reached without Flask-Babel's detour through the domain (two more lookups through `g`)."""
    return babel.domain_instance.get_translations()


def gettext(string: str, **variables) -> str:
    """Flask-Babel's `gettext`, on the request's catalog (Flask-Babel's own finds the domain
    and the catalog through `g` again for every string: 3 µs, and a page has hundreds)."""
    text = request_translations().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    """Flask-Babel's `ngettext` (`%(num)d` is the number), on the request's catalog."""
    variables.setdefault("num", num)
    return request_translations().ungettext(singular, plural, num) % variables


def lazy_gettext(string: str, **variables) -> LazyString:
    """Flask-Babel's `lazy_gettext`: translated when shown, in the language of that request."""
    return LazyString(gettext, string, **variables)


@pass_context
def _template_gettext(context, string: str, **variables) -> str:
    """`_()` and `gettext()` in templates: Jinja's "newstyle" gettext (the result marked safe
    when autoescaping, then always %-formatted, so a literal % is written %%), in one call.
    Jinja's own reaches the catalog through three calls (`_` is an alias that looks `gettext`
    up, which wraps the catalog's), each checking what its callee takes: a page translates a
    hundred strings or more."""
    return _newstyle(context, request_translations().ugettext(string), variables)


@pass_context
def _template_ngettext(context, singular: str, plural: str, num: int, **variables) -> str:
    """`ngettext()` in templates, newstyle as `_template_gettext` (`%(num)d` is the number)."""
    variables.setdefault("num", num)
    return _newstyle(context, request_translations().ungettext(singular, plural, num),
                     variables)


def _newstyle(context, text: str, variables: dict) -> str:
    if context.eval_ctx.autoescape:
        # Our own catalog, trusted as Jinja's gettext trusts it; the variables are escaped by %.
        text = Markup(text)  # noqa: S704  # nosec B704
    return text % variables


def install_template_gettext(jinja_env) -> None:
    """`_`, `gettext` and `ngettext` for templates, on the request's catalog, in place of the
    ones Flask-Babel's `init_app` installed (newstyle; its `pgettext` and `npgettext` stay,
    and reach the same catalog through the domain)."""
    jinja_env.globals.update(_=_template_gettext, gettext=_template_gettext,
                             ngettext=_template_ngettext)


class RequestBabel(Babel):
    @cached_property
    def domain_instance(self):
        return RequestDomain(domain=self.domain)


babel = RequestBabel()
login_manager = LoginManager()
csrf = CSRFProtect()
migrate = Migrate()
# Counts per process unless RATELIMIT_STORAGE_URI points at Redis (INTRANET_REDIS_URL).
limiter = Limiter(key_func=get_remote_address)

__all__ = ["babel", "csrf", "db", "limiter", "login_manager", "migrate"]
