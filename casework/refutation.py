"""Which circulating story an official or press denial refutes. Pure functions; the warning pass reads the
candidates and stories, calls :func:`match` and writes the links as proposals an inspector confirms or undoes.

A *candidate* is an item from a credible source (``common.sources``) that carries a denial cue
(``nlp.refutation.find_cue``). A *target* is a story that began before the candidate and within ``max_age``;
it is described by the claim terms of its items' texts (``nlp.refutation.claim_terms``). The score is the share of
the candidate's claim, weighted by how rare each term is among the stories (IDF), that the story also says:

    score = Σ idf(t) for t in C ∩ S  /  Σ idf(t) for t in C ∩ (any story)

The speaker's own name ("Công an tỉnh Phú Thọ thông tin: …") is not part of the claim, and terms no story says are
left out of the denominator: they are the denial's own wording ("đề nghị người dân không
chia sẻ"), which no rumour repeats. A candidate links to its best story when the score reaches ``min_score``, at
least ``min_shared`` rare terms (said by at most ``rare_share`` of the stories) are shared, and the best clearly
beats the runner-up (``margin``): a denial that fits two stories equally names neither. Stories that are themselves refutations (their first item is a candidate, or their first text is a denial
of anything) are never targets.

>>> from datetime import datetime, timedelta, timezone
>>> t0 = datetime(2025, 7, 2, 8, tzinfo=timezone.utc)
>>> rumour = StoryText("story:r", t0, ("Xe cứu thương lạ bắt cóc một bé trai ở Thanh Ba, share gấp",
...                                    "Nghe nói xe cứu thương bắt cóc trẻ con ở xã Thanh Ba"))
>>> other = StoryText("story:o", t0, ("Khánh thành cầu mới ở xã Thanh Ba", "Cầu mới nối đôi bờ sông Thao"))
>>> c = Candidate("facebook:9", t0 + timedelta(hours=10), "Thông tin xe cứu thương bắt cóc trẻ em tại xã Thanh Ba"
...               " là SAI SỰ THẬT", "official", source_name="Công an tỉnh Phú Thọ")
>>> [(x.story_id, x.item_id, x.cue) for x in match([c], [rumour, other])]
[('story:r', 'facebook:9', 'sai sự thật')]
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from common.sources import SOURCE_VI, credible
from nlp.refutation import Cue, claim_terms, find_cue


@dataclass(frozen=True, slots=True)
class Candidate:
    item_id: str
    at: datetime
    text: str
    source_class: str  # common.sources.SourceClass
    story_ids: tuple[str, ...] = ()  # the stories the item itself belongs to
    first_of: tuple[str, ...] = ()  # the stories it is the first item of
    source_name: str = ""  # who says it ("Công an tỉnh Phú Thọ"): its words name the speaker, not the claim


@dataclass(frozen=True, slots=True)
class StoryText:
    story_id: str
    first_at: datetime
    texts: tuple[str, ...]
    size: int = 0


@dataclass(frozen=True, slots=True)
class Link:
    story_id: str
    item_id: str
    cue: str
    cue_strength: str
    snippet: str
    score: float
    shared_terms: tuple[str, ...]
    runner_up: float
    source_class: str
    evidence: tuple[str, ...] = field(default=())  # Vietnamese reasons

    def as_row(self, *, linked_at: datetime) -> dict:
        return {"story_id": self.story_id, "item_id": self.item_id, "cue": self.cue, "cue_strength": self.cue_strength,
                "snippet": self.snippet, "score": self.score, "shared_terms": list(self.shared_terms),
                "runner_up": self.runner_up, "source_class": self.source_class, "reasons": list(self.evidence),
                "linked_at": linked_at.isoformat()}


@dataclass(frozen=True, slots=True)
class Params:
    min_score: float = 0.40
    min_shared: int = 3
    margin: float = 1.6  # best score ≥ margin × runner-up
    max_age: timedelta = timedelta(days=30)
    rare_share: float = 0.05  # a shared term counts towards min_shared when at most this share of stories say it


def denial(text: str | None, source_class: str | None) -> Cue | None:
    """The cue of an item whose source's denial counts, or None."""
    return find_cue(text) if credible(source_class) else None


def _df(profiles: dict[str, frozenset[str]]) -> Counter[str]:
    return Counter(t for terms in profiles.values() for t in terms)


def match(candidates: Iterable[Candidate], stories: Sequence[StoryText], params: Params = Params()) -> list[Link]:
    """The proposed REFUTES links, one per candidate at most, best first."""
    cands = [(c, cue) for c in candidates if (cue := denial(c.text, c.source_class))]
    if not cands or not stories:
        return []
    refuting = {s for c, _ in cands for s in c.first_of} | {s.story_id for s in stories
                                                             if s.texts and find_cue(s.texts[0])}
    # refutation stories repeat the denial's own wording: they are neither targets nor counted in the IDF
    profiles = {s.story_id: frozenset().union(*(claim_terms(t) for t in s.texts)) for s in stories
                if s.story_id not in refuting}
    df = _df(profiles)
    n = len(profiles) + 1
    rare_df = max(2.0, params.rare_share * len(profiles))
    by_id = {s.story_id: s for s in stories}
    links: list[Link] = []
    for c, cue in cands:
        speaker = claim_terms(c.source_name)
        weight = {t: math.log(n / df[t]) for t in claim_terms(c.text) - speaker if t in df}
        terms = sorted(weight)
        total = sum(weight.values())
        if total <= 0:
            continue
        scored = []
        for sid, prof in profiles.items():
            s = by_id[sid]
            if s.first_at > c.at or c.at - s.first_at > params.max_age:
                continue
            shared = [t for t in terms if t in prof]
            if not shared:
                continue
            scored.append((sum(weight[t] for t in shared) / total, sid, shared))
        if not scored:
            continue
        scored.sort(key=lambda x: (-x[0], -by_id[x[1]].size, x[1]))
        best, sid, shared = scored[0]
        runner = scored[1][0] if len(scored) > 1 else 0.0
        rare = [t for t in shared if df[t] <= rare_df]
        if best < params.min_score or len(rare) < params.min_shared or best < params.margin * runner:
            continue
        top = tuple(sorted(shared, key=lambda t: (-weight[t], t))[:8])
        who = SOURCE_VI.get(c.source_class, c.source_class)
        reasons = (f"Nguồn {who} phủ nhận thông tin: “{cue.snippet}” (dấu hiệu: “{cue.phrase}”).",
                   f"Nội dung trùng với câu chuyện ở các cụm từ: {', '.join(top)} "
                   f"(mức trùng {best:.0%}, câu chuyện gần nhất tiếp theo {runner:.0%}).")
        links.append(Link(sid, c.item_id, cue.phrase, cue.strength, cue.snippet, round(best, 4), top,
                          round(runner, 4), c.source_class, reasons))
    links.sort(key=lambda x: (-x.score, x.item_id))
    return links
