"""Time-less items join a story only on evidence (explicit parent, near-copy of one story), never by guess."""

from graph.analytics.untimed import attach_untimed

FP = bytes(range(128)).hex()
OTHER = bytes(range(128, 256)).hex()


def test_reply_without_time_joins_the_story_it_answers() -> None:
    got = attach_untimed([{"id": "r", "parent_id": "p1", "fingerprint": ""}],
                         members={"p1": "story:p1"}, fingerprints={})
    assert got == {"r": ("story:p1", "p1", "explicit")}


def test_chains_of_untimed_items_follow_the_first_timed_ancestor() -> None:
    rows = [{"id": "c", "parent_id": "b"}, {"id": "b", "parent_id": "a"}, {"id": "a", "parent_id": "p"}]
    got = attach_untimed(rows, members={"p": "S"}, fingerprints={})
    assert {k: v[0] for k, v in got.items()} == {"a": "S", "b": "S", "c": "S"}


def test_cycles_and_unknown_parents_attach_nothing() -> None:
    rows = [{"id": "a", "parent_id": "b"}, {"id": "b", "parent_id": "a"}, {"id": "x", "parent_id": "gone"},
            {"id": "y"}]
    assert attach_untimed(rows, members={"p": "S"}, fingerprints={"p": FP}) == {}


def test_copy_must_point_to_one_story_only() -> None:
    members = {"p1": "S1", "p2": "S2", "q": "S3"}
    fps = {"p1": FP, "p2": FP, "q": OTHER}
    got = attach_untimed([{"id": "c", "fingerprint": FP}, {"id": "d", "fingerprint": OTHER}],
                         members=members, fingerprints=fps)
    assert got == {"d": ("S3", "q", "copy")}        # c matches two stories equally: left out


def test_timed_members_are_never_moved() -> None:
    got = attach_untimed([{"id": "p1", "parent_id": "p2"}], members={"p1": "S1", "p2": "S2"}, fingerprints={})
    assert got == {}


def test_a_share_of_a_copy_follows_the_copy_into_its_story() -> None:
    """A dated "Sợ quá" sharing a time-less copy of the rumour: the copy joins by its text, the share then by its
    parent (on the 21-day world this share was left in no story)."""
    rows = [{"id": "share", "parent_id": "copy", "fingerprint": ""}, {"id": "copy", "fingerprint": FP}]
    got = attach_untimed(rows, members={"origin": "S"}, fingerprints={"origin": FP})
    assert got == {"copy": ("S", "origin", "copy"), "share": ("S", "copy", "explicit")}
