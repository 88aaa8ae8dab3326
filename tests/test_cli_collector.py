"""The CLI's many-files collector policy (gilint.cli._collector_after_first): the cyclic
collector is off for the first file, and a full collection runs every FULL_COLLECTION_EVERY
files, just before the next file is checked: never after the last file of a run."""
import gc
import weakref

import pytest

from gilint import cli


@pytest.fixture
def full_collections(monkeypatch):
    """A list that gets the number of files checked so far at each full (generation 2)
    collection; the collector's state restored afterwards."""
    monkeypatch.setattr(cli, "FULL_COLLECTION_EVERY", 3)
    monkeypatch.setattr(cli, "_FROZEN_FILES", [0, 0])
    seen, checked = [], [0]

    def note(phase, info):
        if phase == "start" and info["generation"] == 2:
            seen.append(checked[0])

    gc.callbacks.append(note)
    was_on = gc.isenabled()
    gc.enable()
    try:
        yield seen, checked
    finally:
        gc.callbacks.remove(note)
        gc.unfreeze()
        if not was_on:
            gc.disable()


def _files(n, checked):
    for i in range(n):
        checked[0] += 1       # the file's check
        yield i


def test_full_collection_before_the_next_file_not_after_the_last(full_collections):
    seen, checked = full_collections
    got = list(cli._collector_after_first(_files(6, checked), 6))
    assert got == list(range(6))
    # after 3 files, before the 4th; the run ends at 6: no collection for the 6th
    assert seen == [3]


def test_a_due_collection_carries_over_to_the_next_batch(full_collections):
    seen, checked = full_collections
    list(cli._collector_after_first(_files(3, checked), 3))    # a --jobs worker's first batch
    assert seen == []
    list(cli._collector_after_first(_files(1, checked), 1))    # its next batch starts with it
    assert seen == [3]


class _Node(list):
    """A list that can be weakly referenced."""


def test_the_full_collection_frees_cycles_left_by_earlier_files(full_collections):
    refs = []

    def files():
        for i in range(5):
            node = _Node()
            node.append(node)          # a cycle reference counting cannot free
            refs.append(weakref.ref(node))
            del node
            yield i

    for i, _ in enumerate(cli._collector_after_first(files(), 5)):
        if i == 3:                     # the 4th file was asked for after 3: collected
            assert all(r() is None for r in refs[:3])
    assert gc.isenabled()
