"""Database base, SQLite settings and the write-transaction helper.

SQLite is the embedded default: WAL, a busy timeout, foreign keys and synchronous=FULL on
every connection, and write transactions that start with BEGIN IMMEDIATE so that a transaction
that reads and then writes never fails at once with "database is locked" (see libraries.md).
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar

from flask import has_request_context, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, registry
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

WRITE_OPTION = "intranet_write"


class UTCDateTime(TypeDecorator):
    """Stored as naive UTC on every database; always read back as an aware UTC datetime."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


db = SQLAlchemy(model_class=Base)


def utcnow() -> datetime:
    """Timezone-aware UTC now; stored naive-UTC on SQLite, timestamptz on PostgreSQL."""
    return datetime.now(UTC)


def configure_engine(engine: Engine, busy_timeout_ms: int) -> None:
    """Install the SQLite pragmas and BEGIN handling, or PostgreSQL's read-only requests."""
    if engine.dialect.name == "postgresql":
        _configure_postgresql(engine)
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record) -> None:
        # The driver must not open transactions itself: we emit BEGIN in the "begin" event.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()
        # SQLite's own lower() folds ASCII only: "Đ" and "Ễ" must fold too for name searches.
        dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        immediate = conn.get_execution_options().get(WRITE_OPTION)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


# -- PostgreSQL: a request reads outside any transaction, and read-only -----------------------
#
# Every connection is read-only by default (`default_transaction_read_only`): the database
# itself refuses any write that does not begin READ WRITE, which only the workflow service's
# write transactions, migrations and the command line do (every transaction the engine begins
# outside a request's reads). A request reads in autocommit: under READ COMMITTED every
# statement of a transaction sees the latest commits anyway, so reads outside a transaction see
# exactly what they would inside one, without its BEGIN and its end (two round trips fewer a
# request). And no request ends with a ROLLBACK: psycopg forgets its prepared statements on
# every ROLLBACK (an aborted transaction may have dropped what they refer to), so with a
# ROLLBACK per request no statement was ever prepared and PostgreSQL parsed and planned every
# query of every page again. Kept, the statements a page runs again and again are prepared
# after their fifth run on a connection (psycopg's threshold).

_READ_ONLY_REQUEST = "intranet.read_only_request"  # request.environ key


def _configure_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.autocommit = True
        dbapi_connection.execute("SET default_transaction_read_only = on")
        dbapi_connection.autocommit = False
        dbapi_connection.read_only = False  # what the engine begins says READ WRITE

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        # psycopg sends BEGIN with the first statement: nothing has been sent yet.
        reads = (has_request_context() and request.environ.get(_READ_ONLY_REQUEST)
                 and not conn.get_execution_options().get(WRITE_OPTION))
        dbapi_connection = conn.connection.dbapi_connection
        if dbapi_connection.autocommit != bool(reads):
            dbapi_connection.autocommit = bool(reads)

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_connection, _record) -> None:
        # Back in the pool: ready for any use, the command line's included.
        if dbapi_connection is not None and not dbapi_connection.closed \
                and dbapi_connection.autocommit:
            dbapi_connection.autocommit = False


def read_only_requests(app) -> None:
    """On PostgreSQL every request reads in autocommit, read-only (registered before any other
    hook that reads)."""
    app.before_request(_begin_read_only_request)


def _begin_read_only_request() -> None:
    request.environ[_READ_ONLY_REQUEST] = True


def _read_transaction_continues(session) -> bool:
    """May a write go on in the session's open (read) transaction? Only on PostgreSQL outside
    a request's reads (the command line, say), and only if nothing was changed in the session
    and no statement failed in it."""
    if session.new or session.dirty or session.deleted:
        return False
    if session.get_bind().dialect.name != "postgresql":
        return False
    from psycopg.pq import TransactionStatus

    status = session.connection().connection.dbapi_connection.info.transaction_status
    return status == TransactionStatus.INTRANS


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value


T = TypeVar("T")
_READS = "intranet.reads"  # request.environ key: the reads answered once in this request
_WRITING = "intranet.writing"  # request.environ key: a write transaction is open


def read_once(fn: Callable[..., T]) -> Callable[..., T]:
    """A read asked several times while one page is built (the open round of a document is
    wanted by the panel, the intake forms and the summary) runs once per request. Outside a
    request, and inside a write transaction, it always runs; a write transaction forgets what
    was read before it."""

    @functools.wraps(fn)
    def wrapper(*args):
        if not has_request_context() or request.environ.get(_WRITING):
            return fn(*args)
        reads = request.environ.setdefault(_READS, {})
        key = (fn, args)
        if key not in reads:
            reads[key] = fn(*args)
        return reads[key]

    return wrapper


def page_and_total(rows, page: int, count, params: Mapping[str, Any] | None = None
                   ) -> tuple[list, int]:
    """A page of (item, total) rows, where the total rode along each row (`count(*) OVER ()`,
    or a scalar subquery): the items and the total, in the one statement. An empty page says
    nothing of the total: on the first page it is none, past the end `count` is asked alone
    (with `params`, when it is a statement built once with bound parameters)."""
    if rows:
        return [row[0] for row in rows], rows[0][1]
    return [], 0 if page == 1 else db.session.scalar(count, params) or 0


def set_filters(values: Mapping[str, Any]) -> tuple[tuple[str, ...], dict[str, Any]]:
    """The filters of a list that are set, as (their names, their values). A list's statement
    is built once per set of names (`functools.cache`: building a statement and its cache key
    costs more than running it) and run with the values as bound parameters."""
    params = {name: value for name, value in values.items() if value}
    return tuple(params), params


def _forget_reads(writing: bool) -> None:
    if has_request_context():
        request.environ.pop(_READS, None)
        request.environ[_WRITING] = writing


@contextmanager
def write_transaction() -> Iterator:
    """One write transaction: BEGIN IMMEDIATE on SQLite, commit at the end, roll back on error.

    The write sees the latest commits from its first read on. SQLite: the request's read
    transaction (a snapshot) is ended first, so the write takes the lock before it reads.
    PostgreSQL: a request reads in autocommit, so its write simply begins (READ WRITE, READ
    COMMITTED), with the request's objects expired so that they are read again. Outside a
    request (READ COMMITTED, where every statement already reads the latest commits) an open
    read transaction goes on as the write one, its objects expired too.
    """
    session = db.session()  # the request's Session behind the scoped proxy
    _forget_reads(writing=True)
    if session.in_transaction():
        if _read_transaction_continues(session):
            session.expire_all()
        else:
            session.rollback()  # (a request's autocommit reads: nothing to roll back)
    if not session.in_transaction():
        session.connection(execution_options={WRITE_OPTION: True})
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        _forget_reads(writing=False)
