"""Response models (the OpenAPI spec). Field names are English; texts inside are Vietnamese where shown to people."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Page(_Model):
    total: int = Field(ge=0)
    offset: int = Field(ge=0)
    limit: int = Field(ge=1)


class RunInfo(_Model):
    id: str
    kind: str
    at: str | None = None
    status: str | None = None


class AccountRef(_Model):
    """An account. ``masked`` when the caller may not see personal data: id, name and handle are then
    replaced by a stable pseudonym (Vietnam's 2025 personal-data law)."""

    id: str
    platform: str | None = None
    handle: str | None = None
    name: str | None = None
    kind: str | None = None
    followers: int | None = None
    verified: bool | None = None
    community_id: str | None = None
    masked: bool = False


class RankingEntry(_Model):
    rank: int
    score: float | None = None
    pagerank: float | None = None
    reach: int | None = None
    engagement: int | None = None
    amplification: int | None = None
    bridge: float | None = None
    kcore: int | None = None
    account: AccountRef


class RankingScope(_Model):
    scope: str
    window: str | None = None
    topic: str | None = None
    platform: str | None = None
    community_id: str | None = None


class RankingPage(Page):
    run: RunInfo | None
    ranking_id: str | None
    scope: RankingScope
    items: list[RankingEntry]


class RankingScopes(_Model):
    run: RunInfo | None
    scopes: list[RankingScope]


class StorySummary(_Model):
    id: str
    title: str | None = None
    first_seen_at: str | None = None
    last_seen_at: str | None = None
    status: str | None = None
    size: int | None = None
    depth: int | None = None
    virality: float | None = None
    speed_per_hour: float | None = None
    reach: int | None = None
    sentiment: str | None = Field(default=None, description="negative | neutral | positive")
    sentiment_score: float | None = Field(default=None, description="mean item sentiment in [-1, 1]")
    negative_share: float | None = None
    crisis_level: int | None = None
    handling: str | None = None
    origin_confidence: float | None = None


class StoryPage(Page):
    items: list[StorySummary]


class OriginItem(_Model):
    id: str
    kind: str
    url: str | None = None
    title: str | None = None
    text: str | None = None
    created_at: str | None = None
    published_at: str | None = None
    detected_at: str | None = None
    account: AccountRef | None = None
    outlet_id: str | None = None
    outlet_name: str | None = None
    evidence_sha256: str | None = None
    capture_id: str | None = None
    captured_at: str | None = None


class StoryOrigin(_Model):
    story_id: str
    origin: OriginItem | None
    confidence: float | None = None
    probably_unobserved: bool | None = None
    reasons: list[str] = []
    candidates: list[dict[str, Any]] = []


class StoryDetail(StorySummary):
    kind: str | None = Field(default=None, description="story (one cascade) | event (a burst of many stories "
                                                       "about one place and topic)")
    event_places: list[str] = []
    event_topics: list[str] = []
    merged_from: str | None = Field(default=None, description="the id asked for, when that story was merged into "
                                                              "this one")
    breadth: int | None = None
    items_per_hour: float | None = None
    time_to_10_s: float | None = None
    time_to_100_s: float | None = None
    time_to_1000_s: float | None = None
    crisis_reasons: list[str] = []
    handling_reasons: list[str] = []
    handling_decided_by: str | None = None
    handling_decided_at: str | None = None
    growth: list[list[float]] = []
    n_articles: int = 0
    n_posts: int = 0
    run: str | None = None
    origin: StoryOrigin


class CascadeNode(_Model):
    id: str
    kind: str
    at: str | None = None
    title: str | None = None
    url: str | None = None
    sentiment: str | None = None
    shares: int = 0
    likes: int = 0
    account: AccountRef | None = None
    outlet_id: str | None = None
    outlet_name: str | None = None
    parent_id: str | None = None
    parent_how: str | None = None


class Cascade(_Model):
    story_id: str
    truncated: bool
    nodes: list[CascadeNode]


class Amplifier(_Model):
    account: AccountRef
    posts: int
    engagement: int
    first_at: str | None = None
    is_origin: bool = False
    pagerank: float | None = None


class AmplifierPage(Page):
    story_id: str
    items: list[Amplifier]


class Community(_Model):
    id: str
    run: str | None = None
    index: int | None = None
    size: int | None = None
    label: str | None = None
    top_terms: list[str] = []
    top_accounts: list[str] = []
    modularity: float | None = None
    density: float | None = None
    internal_weight: float | None = None
    external_weight: float | None = None


class CommunityPage(Page):
    run: RunInfo | None
    items: list[Community]


class CommunityMember(_Model):
    account: AccountRef
    pagerank: float | None = None
    stability: float | None = None


class CommunityDetail(Community):
    members: list[CommunityMember]
    members_offset: int
    members_limit: int


class Entity(_Model):
    id: str
    label: str
    name: str | None = None
    kind: str | None = None
    admin_code: str | None = None
    level: str | int | None = None
    mentions: int | None = None


class EntityList(_Model):
    items: list[Entity]


class MentionDay(_Model):
    day: str
    mentions: int
    negative: int
    articles: int


class EntityMentions(_Model):
    entity: Entity
    since: str
    days: list[MentionDay]


class AccountDetail(_Model):
    account: AccountRef
    pagerank: float | None = None
    rank: int | None = None
    influence: float | None = None
    reach: int | None = None
    engagement: int | None = None
    amplification: int | None = None
    bridge: float | None = None
    kcore: int | None = None
    coordination_group: str | None = None
    influence_run: str | None = None
    outlet_id: str | None = None
    outlet_name: str | None = None
    posts: int
    story_posts: int
    amplified_by: int
    amplifies: int
    recent_posts: list[dict[str, Any]]


class Alert(_Model):
    id: str
    created_at: str | None = None
    level: int | None = None
    kind: str | None = None
    title: str | None = None
    reasons: list[str] = []
    status: str | None = None
    subject_id: str | None = None
    subject_label: str | None = None


class AlertPage(Page):
    items: list[Alert]


class CaptureInfo(_Model):
    capture_id: str | None = None
    sha256: str | None = None
    url: str | None = None
    final_url: str | None = None
    status: int | None = None
    captured_at: str | None = None
    size: int | None = None
    stored: bool = False
    verified: bool | None = None


class CopyInfo(_Model):
    id: str
    url: str | None = None
    title: str | None = None
    evidence_sha256: str | None = None
    similarity: float | None = None
    direction: str


class ArticleEvidence(_Model):
    id: str
    url: str | None = None
    title: str | None = None
    evidence_sha256: str | None = None
    published_at: str | None = None
    detected_at: str | None = None
    outlet_id: str | None = None
    outlet_name: str | None = None
    captures: list[CaptureInfo]
    copies: list[CopyInfo]


class BundleVerification(_Model):
    ok: bool
    checked: int
    problems: list[str]
    article_id: str | None = None


class Token(_Model):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    roles: list[str]


class Me(_Model):
    id: str
    name: str
    roles: list[str]
    kind: str
    sees_personal_data: bool


class UserOut(_Model):
    id: str
    name: str | None = None
    roles: list[str] = []
    disabled: bool = False
    created_at: str | None = None


class UserIn(_Model):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=8, max_length=256)
    roles: list[str] = Field(min_length=1, max_length=6)
    name: str | None = Field(default=None, max_length=200)


class ApiKeyIn(_Model):
    owner: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    roles: list[str] = Field(min_length=1, max_length=6)


class PasswordChange(_Model):
    current_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(min_length=8, max_length=256)


class Disabled(_Model):
    """A user or API key after it was disabled or enabled (every session of a user ends either way)."""

    id: str
    disabled: bool


class ApiKeyOut(_Model):
    id: str
    key: str = Field(description="Hiện một lần duy nhất; chỉ lưu SHA-256")
    roles: list[str]


class AuditEventOut(_Model):
    seq: int
    at: str
    actor: str
    roles: list[str] = []
    action: str
    target: str
    detail: str | None = None
    ip: str | None = None
    prev_hash: str
    hash: str


class AuditPage(_Model):
    offset: int
    limit: int
    items: list[AuditEventOut]


class AuditVerification(_Model):
    ok: bool
    events: int
    head: str
    problems: list[str]
