"""The graph model's vocabulary. Labels, relationship types and property names used to build
anything dynamic come from these enums, never from input."""

from __future__ import annotations

from enum import StrEnum


class Label(StrEnum):
    OUTLET = "Outlet"
    FEED = "Feed"
    JOURNALIST = "Journalist"
    SPOKESPERSON = "Spokesperson"
    ARTICLE = "Article"
    PLATFORM = "Platform"
    ACCOUNT = "Account"
    POST = "Post"
    PERSON = "Person"
    PLACE = "Place"
    ORGANIZATION = "Organization"
    STORY = "Story"
    TOPIC = "Topic"
    COMMUNITY = "Community"
    ANALYSIS_RUN = "AnalysisRun"
    ALERT = "Alert"
    CASE = "Case"
    FEEDBACK = "Feedback"
    CAPTURE = "Capture"
    USER = "User"
    COORDINATION_GROUP = "CoordinationGroup"
    RANKING = "Ranking"


class Rel(StrEnum):
    PUBLISHED_BY = "PUBLISHED_BY"
    WROTE = "WROTE"
    WORKS_FOR = "WORKS_FOR"
    MENTIONS = "MENTIONS"
    PART_OF = "PART_OF"
    LINKS_TO = "LINKS_TO"
    COPIES = "COPIES"
    POSTED = "POSTED"
    SHARES = "SHARES"
    REPLIES_TO = "REPLIES_TO"
    OWNED_BY = "OWNED_BY"
    AMPLIFIES = "AMPLIFIES"
    COORDINATES_WITH = "COORDINATES_WITH"
    IN_COMMUNITY = "IN_COMMUNITY"
    SPEAKS_FOR = "SPEAKS_FOR"
    CONCERNS = "CONCERNS"
    ON = "ON"
    BECAME = "BECAME"
    HAS_FEED = "HAS_FEED"
    ON_PLATFORM = "ON_PLATFORM"
    CAPTURED_AS = "CAPTURED_AS"
    PRODUCED_BY = "PRODUCED_BY"
    ABOUT = "ABOUT"
    CASCADE_PARENT = "CASCADE_PARENT"
    IN_GROUP = "IN_GROUP"
    RANKS = "RANKS"
    MERGED_INTO = "MERGED_INTO"  # (Story)-[:MERGED_INTO]->(Story): two stories turned out to be one


ENTITY_LABELS = (Label.PERSON, Label.PLACE, Label.ORGANIZATION)
