"""Every koppeling has exactly one dossier, from the moment it exists (import, manual entry, swap).

``ensure_dossiers(session, actor, koppeling_ids)`` creates the missing ones with what the koppeling
holds: V-nummer, linking date, expected followers, and a first timeline entry naming size and
languages (the COA sheet carries no names onto the board, so the head of the household is added
in the dossier later). The dossier belongs to the municipality that houses the household (its own,
or the host after a swap); the milestone "gekoppeld" is set from the linking date. Since revision
0022 the first entry and that milestone are kept in the dossier row itself (one row written per
koppeling, not three); app.services.cases.views shows them as the rows they stand for.

It is a consequence of a board action the caller was allowed to do (importing, entering or swapping
koppelingen): a regio-coördinator importing for sixteen municipalities may not write their
dossiers. So on PostgreSQL the database function ``dl_ensure_dossiers`` does it (owned
by dl_owner; it checks that the caller may write those koppelingen and uses only their own data);
on SQLite the same statements run here. Either way one statement per chunk of ids, not per row:
an import of 100,000 koppelingen stays fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any
from typing import cast as type_cast

from sqlalchemy import (
    CursorResult,
    String,
    and_,
    case,
    cast,
    column,
    exists,
    func,
    insert,
    literal,
    select,
    table,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.db.base import UTCDateTime, utcnow
from app.db.models import Dossier, DossierEvent, Koppeling, Milestone
from app.domain.case_dossier import DossierStatus, MilestoneKind, TimelineKind, search_text
from app.domain.roles import Action, Area
from app.services.access import Actor, authorize

CHUNK = 20_000


def _chunks(ids: Sequence[int], size: int = CHUNK) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


# PostgreSQL: the function that makes them (it checks the caller may write those koppelingen);
# with the head's name and its search text per id where the import sheet had a name.
ENSURE_SQL = "SELECT dl_ensure_dossiers(CAST(%s AS integer[]), CAST(%s AS text[]), CAST(%s AS text[]))"
_ENSURE = text(
    "SELECT dl_ensure_dossiers(CAST(:ids AS integer[]), CAST(:names AS text[]), CAST(:search AS text[]))"
)


def _folder() -> Callable[[str], str]:
    """search_text for names, once per distinct name (a sheet repeats family names)."""
    seen: dict[str, str] = {}

    def folded(name: str) -> str:
        found = seen.get(name)
        if found is None:
            found = seen[name] = search_text(name)
        return found

    return folded


def head_arrays(ids: Sequence[int], heads: Mapping[int, str]) -> tuple[list[str | None], list[str | None]]:
    """Per koppeling id the head's name from the sheet and its folded search text (None: none)."""
    names = [heads.get(i) for i in ids]
    folded = _folder()
    return names, [None if n is None else folded(n) for n in names]


def ensure_dossiers(
    session: Session,
    actor: Actor,
    koppeling_ids: Iterable[int],
    *,
    why: str = "",
    made_before: int = 0,
    heads: Mapping[int, str] | None = None,
) -> int:
    """Create the missing dossiers of these koppelingen; returns how many were made.

    ``why`` says in the access log what made them ("import", "handmatig", "uitruil");
    ``made_before``: dossiers of the same action made already (an import's write thread), counted
    in the same log row; ``heads``: koppeling id → the head's name an import sheet gave (only a
    dossier made now gets it)."""
    ids = sorted({int(i) for i in koppeling_ids})
    heads = heads or {}
    made = 0
    if ids:
        session.flush()  # the koppelingen must be in the database: the statements read them there
    if ids and session.get_bind().dialect.name == "postgresql":
        for chunk in _chunks(ids):
            names, searches = head_arrays(chunk, heads)
            made += int(session.scalar(_ENSURE, {"ids": chunk, "names": names, "search": searches}) or 0)
        session.expire_all()
    elif ids:
        folded = _folder()
        named = [(i, n[:120], folded(n)) for i in ids if (n := heads.get(i))]
        with _sqlite_heads(session, named) as joined:
            for group in _id_groups(ids):
                made += _make_sqlite(session, actor.login, actor.name, group, joined)
    made += made_before
    if made:
        # One log row for the lot, on behalf of the user (they may have no dossier rights at all).
        system = Actor.system_actor("uitwisselbord").acting_for(actor.login)
        authorize(
            session, system, Action.CREATE, Area.DOSSIER, "dossier",
            detail=f"{made} dossier(s) aangemaakt bij koppelingen{f' ({why})' if why else ''}",
        )  # fmt: skip
    return made


def sqlite_chunk_job(
    conn: Connection, actor: Actor, koppeling_ids: Sequence[int], heads: Mapping[int, str]
) -> Callable[[], int]:
    """SQLite, for an import's write thread: the heads' names of these new koppelingen go into the
    temporary table now (on the caller's thread: executemany takes the GIL back for every row);
    the returned job makes their dossiers in a few INSERT … SELECTs, during which sqlite3 lets go
    of the GIL, so it runs beside the parsing of the next chunk. Returns how many it made. The
    caller drops the table with ``drop_sqlite_heads`` when the import's writes are done."""
    ids = sorted({int(i) for i in koppeling_ids})
    folded = _folder()
    named = [(i, n[:120], folded(n)) for i in ids if (n := heads.get(i))]
    if named:
        conn.exec_driver_sql(
            "CREATE TEMP TABLE IF NOT EXISTS dl_import_heads "
            "(koppeling_id INTEGER PRIMARY KEY, head TEXT, search TEXT)"
        )
        conn.exec_driver_sql("DELETE FROM temp.dl_import_heads")
        conn.exec_driver_sql("INSERT INTO temp.dl_import_heads VALUES (?, ?, ?)", named)  # executemany
    login, name = actor.login, actor.name

    def make() -> int:
        return sum(_make_sqlite(conn, login, name, group, bool(named)) for group in _id_groups(ids))

    return make


def drop_sqlite_heads(conn: Connection) -> None:
    conn.exec_driver_sql("DROP TABLE IF EXISTS temp.dl_import_heads")


def first_entry_sql(v_nummer: Any, persons: Any, languages: Any) -> Any:
    """The first timeline text, built in SQL from the koppeling's own columns."""
    lang = case((languages == "", literal("")), else_=literal(", taal ") + languages)
    return (
        literal("Dossier automatisch aangemaakt vanuit koppeling ")
        + v_nummer
        + literal(": ")
        + cast(persons, String)
        + case((persons == 1, literal(" persoon")), else_=literal(" personen"))
        + lang
        + literal(".")
    )


def make_missing_sqlite(conn: Connection | Session, login: str, name: str) -> int:
    """All koppelingen without a dossier get one (revision 0010 on SQLite: the schema of then, with
    the first entry and the milestone as rows of their own)."""
    k, d = Koppeling.__table__.c, Dossier.__table__.c
    ids = list(conn.scalars(select(k.id).where(~exists().where(d.koppeling_id == k.id)).order_by(k.id)))
    return sum(_make_sqlite(conn, login, name, chunk, lazy=False) for chunk in _id_groups(ids))


RUN = 64  # a run of consecutive ids at least this long goes as one range, not as a list


def _id_groups(ids: Sequence[int]) -> Iterable[range | list[int]]:
    """Sorted ids as ranges of consecutive ids (an import's new rows are one or a few) and lists
    of at most 900 others (SQLite takes at most 999 bound parameters per statement): a 100,000-row
    import makes its dossiers in three statements rather than in three per 900 rows."""
    loose: list[int] = []
    start = 0
    for i in range(1, len(ids) + 1):
        if i < len(ids) and ids[i] == ids[i - 1] + 1:
            continue
        if i - start >= RUN:
            yield range(ids[start], ids[i - 1] + 1)
        else:
            loose.extend(ids[start:i])
        start = i
    yield from _chunks(loose, 900)


# SQLite: the heads' names of an import, in a temporary table the dossiers' INSERT … SELECT joins
# (one statement for them all; an UPDATE per named dossier afterwards cost more than the insert).
_HEADS = table("dl_import_heads", column("koppeling_id"), column("head"), column("search"))


@contextmanager
def _sqlite_heads(session: Connection | Session, named: list[tuple[int, str, str]]) -> Iterator[bool]:
    if not named:
        yield False
        return
    session.execute(text("DROP TABLE IF EXISTS temp.dl_import_heads"))
    session.execute(
        text("CREATE TEMP TABLE dl_import_heads (koppeling_id INTEGER PRIMARY KEY, head TEXT, search TEXT)")
    )
    try:
        connection = session if isinstance(session, Connection) else session.connection()
        connection.exec_driver_sql("INSERT INTO temp.dl_import_heads VALUES (?, ?, ?)", named)  # executemany
        yield True
    finally:
        session.execute(text("DROP TABLE IF EXISTS temp.dl_import_heads"))


def _make_sqlite(
    session: Connection | Session,
    login: str,
    name: str,
    chunk: range | list[int],
    heads: bool = False,
    *,
    lazy: bool = True,
) -> int:
    """``lazy``: the first timeline entry and the milestone "gekoppeld" stay in the dossier row
    (revision 0022; see app.services.cases.views.first_entry); otherwise rows of their own."""
    if not chunk:
        return 0
    now = literal(utcnow(), UTCDateTime())
    k = Koppeling.__table__.c
    d = Dossier.__table__.c
    h = _HEADS.c
    before = 0 if lazy else session.scalar(select(func.coalesce(func.max(d.id), 0))) or 0
    missing = ~exists().where(d.koppeling_id == k.id)
    if isinstance(chunk, range):
        of_chunk, dossier_of_chunk = k.id.between(chunk.start, chunk.stop - 1), d.koppeling_id.between(
            chunk.start, chunk.stop - 1
        )
    else:
        of_chunk, dossier_of_chunk = k.id.in_(chunk), d.koppeling_id.in_(chunk)
    source = select(
        k.id,
        func.coalesce(k.housed_gemeente_id, k.gemeente_id),
        k.v_nummer,
        literal(DossierStatus.OPEN.value),
        k.linked_on,
        case((k.status == "gehuisvest", k.housed_on), else_=None),
        k.expected_followers,
        func.coalesce(h.head, "") if heads else literal(""),
        literal(0),
        (
            case((h.search.is_(None), func.lower(k.v_nummer)), else_=h.search + " " + func.lower(k.v_nummer))
            if heads
            else func.lower(k.v_nummer)
        ),
        literal(login[:64]),
        literal(""),
        literal(1),
        now,
        now,
        *(
            (first_entry_sql(k.v_nummer, k.persons, k.languages), literal(name[:120]), literal(True))
            if lazy
            else ()
        ),
    ).where(of_chunk, missing)
    if heads:
        source = source.select_from(Koppeling.__table__.outerjoin(_HEADS, h.koppeling_id == k.id))
    columns = [
        "koppeling_id", "gemeente_id", "v_nummer", "status", "linked_on", "moving_date",
        "expected_followers", "head_name", "member_count", "search_text", "created_by", "address_after_move",
        "version",
        "created_at", "updated_at",
        *(("first_entry", "first_entry_by", "gekoppeld_pending") if lazy else ()),
    ]  # fmt: skip
    statement = insert(Dossier.__table__).from_select(columns, source)
    done = type_cast(CursorResult[Any], session.execute(statement))
    made = done.rowcount or 0
    if not made or lazy:
        return int(made)
    new = and_(d.id > before, dossier_of_chunk, k.id == d.koppeling_id)
    events = select(
        d.id, now, literal(login[:64]), literal(name[:120]), literal(TimelineKind.DOSSIER.value),
        first_entry_sql(k.v_nummer, k.persons, k.languages),
    ).where(new)  # fmt: skip
    session.execute(
        insert(DossierEvent.__table__).from_select(
            ["dossier_id", "at", "by_login", "by_name", "kind", "text"], events
        )
    )
    milestones = select(
        d.id, literal(MilestoneKind.GEKOPPELD.value), k.linked_on, literal("COA"), literal(login[:64]),
        literal(1), now, now,
    ).where(new)  # fmt: skip
    session.execute(
        insert(Milestone.__table__).from_select(
            [
                "dossier_id",
                "kind",
                "done_on",
                "done_by",
                "recorded_by",
                "version",
                "created_at",
                "updated_at",
            ],
            milestones,
        )
    )
    return int(made)


DETACHED = (
    "Koppeling {v} is verwijderd (import ongedaan gemaakt); het dossier blijft bestaan zonder koppeling."
)


def detach_dossiers(session: Session, actor: Actor, koppeling_ids: Iterable[int]) -> int:
    """Koppelingen about to be deleted (an import undone) let go of their dossiers: the dossier and
    what was recorded in it stay, with a timeline entry; returns how many were let go."""
    ids = sorted({int(i) for i in koppeling_ids})
    if not ids:
        return 0
    session.flush()
    done = 0
    if session.get_bind().dialect.name == "postgresql":
        for chunk in _chunks(ids):
            done += int(
                session.scalar(text("SELECT dl_detach_dossiers(CAST(:ids AS integer[]))"), {"ids": chunk})
                or 0
            )
        session.expire_all()
        return done
    d = Dossier.__table__.c
    now = literal(utcnow(), UTCDateTime())
    for chunk in _chunks(ids, 900):
        events = select(
            d.id, now, literal(actor.login[:64]), literal(actor.name[:120]),
            literal(TimelineKind.DOSSIER.value),
            literal("Koppeling ") + d.v_nummer + literal(DETACHED.split("{v}", 1)[1]),
        ).where(d.koppeling_id.in_(chunk))  # fmt: skip
        session.execute(
            insert(DossierEvent.__table__).from_select(
                ["dossier_id", "at", "by_login", "by_name", "kind", "text"], events
            )
        )
        result = session.execute(
            Dossier.__table__.update()
            .where(d.koppeling_id.in_(chunk))
            .values(koppeling_id=None, version=d.version + 1, updated_at=now)
        )
        done += int(result.rowcount or 0)  # type: ignore[attr-defined]
    session.expire_all()
    return done
