"""Offers and requests on the board: a dwelling a municipality cannot fill or a household it cannot
house, posted for the whole region; answering one proposes a swap (``swaps.propose_swap``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import BoardPost, Dwelling, Koppeling, PostKind, PostStatus, SwapRow, SwapStatus
from app.domain.periods import Period
from app.domain.roles import Action, Area
from app.errors import CONFLICT, ConflictError, NotFound, ValidationError
from app.services.access import Actor, authorize, current_actor
from app.services.board.swaps import SwapInfo, check_waiting, name_of, propose_swap


@dataclass(frozen=True)
class PostInfo:
    id: int
    gemeente_code: str
    gemeente_name: str
    kind: PostKind
    persons: int
    text: str
    status: PostStatus
    posted_by: str
    created_at: datetime
    dwelling_id: int | None
    koppeling_id: int | None
    version: int
    #: An open swap proposal answers this post: it is "in behandeling" until agreed or refused.
    in_progress_swap_id: int | None = None
    posted_by_name: str = ""  # the poster's name, for people; posted_by stays the login

    @property
    def in_progress(self) -> bool:
        return self.in_progress_swap_id is not None


def _post_info(row: BoardPost, in_progress: int | None = None) -> PostInfo:
    return PostInfo(
        row.id,
        row.gemeente.cbs_code,
        row.gemeente.name,
        row.kind,
        row.persons,
        row.text,
        row.status,
        row.posted_by,
        row.created_at,
        row.dwelling_id,
        row.koppeling_id,
        row.version,
        in_progress,
        name_of(row, row.posted_by),
    )


def create_post(
    session: Session,
    actor: Actor,
    *,
    kind: PostKind,
    persons: int,
    text: str,
    dwelling_id: int | None = None,
    koppeling_id: int | None = None,
) -> PostInfo:
    """Post a dwelling we cannot fill or a household we cannot house, for the whole region to see."""
    actor = current_actor(session, actor)  # the municipality the user works for now
    if actor.gemeente_id is None:
        raise ValidationError("Alleen een gebruiker van een gemeente kan iets op het bord zetten.")
    authorize(session, actor, Action.CREATE, Area.BOARD, "bordbericht", gemeente_id=actor.gemeente_id)
    errors = {}
    if persons < 1:
        errors["persons"] = "Het aantal personen moet minstens 1 zijn."
    if not text.strip():
        errors["text"] = "Beschrijf kort wat u aanbiedt of zoekt."
    if kind is PostKind.HUISHOUDEN_ZOEKT and koppeling_id is not None:
        koppeling = session.get(Koppeling, koppeling_id)
        if koppeling is None or koppeling.gemeente_id != actor.gemeente_id:
            errors["koppeling"] = "Dit huishouden is niet aan uw gemeente gekoppeld."
        else:
            try:  # a post about a household that is housed or already in a swap binds nobody
                check_waiting(session, koppeling)
            except ValidationError as problem:
                errors["koppeling"] = problem.message
            if persons > koppeling.persons:
                errors["persons"] = (
                    f"Het huishouden {koppeling.v_nummer} telt {koppeling.persons} personen, niet {persons}."
                )
    if kind is PostKind.WONING_BESCHIKBAAR and dwelling_id is not None:
        dwelling = session.get(Dwelling, dwelling_id)
        if dwelling is None or dwelling.gemeente_id != actor.gemeente_id:
            errors["dwelling"] = "Deze woning ligt niet in uw gemeente."
    if errors:
        raise ValidationError(" ".join(errors.values()), errors)
    row = BoardPost(
        gemeente_id=actor.gemeente_id,
        kind=kind,
        persons=persons,
        text=text.strip()[:500],
        dwelling_id=dwelling_id,
        koppeling_id=koppeling_id,
        posted_by=actor.login,
    )
    session.add(row)
    session.flush()
    session.refresh(row)
    return _post_info(row)


def list_posts(session: Session, actor: Actor, *, open_only: bool = True) -> list[PostInfo]:
    authorize(session, actor, Action.READ, Area.BOARD, "bordbericht")
    query = select(BoardPost).order_by(BoardPost.created_at.desc())
    if open_only:
        query = query.where(BoardPost.status == PostStatus.OPEN)
    answered = _posts_in_progress(session)
    return [_post_info(p, answered.get(p.id)) for p in session.scalars(query)]


def _posts_in_progress(session: Session) -> dict[int, int]:
    """post id → the open swap proposal that answers it."""
    query = select(SwapRow.post_id, SwapRow.id).where(
        SwapRow.status == SwapStatus.VOORGESTELD, SwapRow.post_id.is_not(None)
    )
    return {int(post): int(swap) for post, swap in session.execute(query) if post is not None}


def answer_post(
    session: Session,
    actor: Actor,
    post_id: int,
    period: Period,
    note: str = "",
    *,
    koppeling_id: int | None = None,
    persons_only: bool = False,
) -> SwapInfo:
    """Answer an offer or request with a swap proposal from the actor's municipality.

    The swap is about one household (``koppeling_id``: of the poster for a request — by default the
    household the post names —, of the actor's municipality for an offered dwelling), or, with
    ``persons_only``, explicitly about the post's number of persons without a household. The post
    is "in behandeling" until the swap is agreed (then it is done) or refused (then it is open again).
    """
    post = session.get(BoardPost, post_id)
    if post is None or post.status is not PostStatus.OPEN:
        raise NotFound("Dit bericht staat niet (meer) open op het bord.")
    busy = _posts_in_progress(session).get(post.id)
    if busy is not None:
        raise ValidationError(
            f"Op dit bericht is al gereageerd (uitruil {busy}); het is in behandeling tot die uitruil "
            "is afgesproken of afgewezen."
        )
    if persons_only:
        koppeling_id = None
    elif koppeling_id is None and post.kind is PostKind.HUISHOUDEN_ZOEKT:
        koppeling_id = post.koppeling_id
    if koppeling_id is None and not persons_only:
        raise ValidationError(
            "Kies het huishouden waar de uitruil over gaat, of kies 'Alleen aantal personen'.",
            {"koppeling": "kies"},
        )
    actor = current_actor(session, actor)  # the municipality the user works for now
    if post.gemeente_id == actor.gemeente_id:
        raise ValidationError("U kunt niet reageren op een bericht van uw eigen gemeente.")
    poster = post.gemeente.cbs_code
    mine = actor.gemeente_code or ""
    if post.kind is PostKind.HUISHOUDEN_ZOEKT:
        host, owner, dwelling_id = mine, poster, None  # we house their household: they owe us
    else:
        host, owner, dwelling_id = poster, mine, post.dwelling_id  # they house one of ours for us
    return propose_swap(
        session,
        actor,
        host_code=host,
        owner_code=owner,
        persons=0 if koppeling_id else post.persons,
        period=period,
        koppeling_id=koppeling_id,
        dwelling_id=dwelling_id,
        post_id=post.id,
        note=note,
    )


def withdraw_post(session: Session, actor: Actor, post_id: int, expected_version: int) -> PostInfo:
    post = session.get(BoardPost, post_id)
    if post is None:
        raise NotFound("Dit bericht bestaat niet (meer).")
    authorize(session, actor, Action.UPDATE, Area.BOARD, "bordbericht", post_id, gemeente_id=post.gemeente_id)
    if post.version != expected_version:
        raise ConflictError(CONFLICT, current=_post_info(post))
    post.status = PostStatus.INGETROKKEN
    session.flush()
    return _post_info(post)
