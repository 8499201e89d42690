"""The garbage collector paused while a report is built, and turned back on only by the last pause out."""

import gc
import threading

import pytest

from config.collection import paused_collection


@pytest.fixture(autouse=True)
def collector_on():
    gc.enable()
    yield
    gc.enable()


def test_a_pause_turns_the_collector_off_and_back_on():
    with paused_collection():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nested_pauses_turn_it_back_on_only_at_the_outermost_end():
    with paused_collection():
        with paused_collection():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    with paused_collection():
        pass
    assert not gc.isenabled()


def test_an_error_inside_still_turns_it_back_on():
    with pytest.raises(ZeroDivisionError), paused_collection():
        1 / 0  # noqa: B018
    assert gc.isenabled()


def test_two_threads_overlapping_turn_it_back_on_after_both():
    first_in, second_out = threading.Event(), threading.Event()
    seen = []

    def first():
        with paused_collection():
            first_in.set()
            second_out.wait(5)
            seen.append(gc.isenabled())  # the other thread has ended its pause: still off for this one

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with paused_collection():
        pass
    second_out.set()
    thread.join(5)
    assert seen == [False]
    assert gc.isenabled()


def test_a_decorated_function_runs_paused():
    @paused_collection()
    def build():
        return gc.isenabled()

    assert build() is False
    assert gc.isenabled()
