import pytest
from hypothesis import given
from hypothesis import strategies as st

from ..cycle_count import CountDifference, count_difference, is_significant

QTY = st.integers(0, 1000000).map(lambda n: n / 100.0)          # 0 .. 10000
THRESHOLD = st.sampled_from([0.0, 0.5, 5.0, 10.0, 250.0])


def test_count_difference_known_answers():
    assert count_difference(100.0, 90.0) == CountDifference(-10.0, -10.0)
    assert count_difference(100.0, 112.5) == CountDifference(12.5, 12.5)
    assert count_difference(0.0, 5.0) == CountDifference(5.0, 100.0)
    assert count_difference(5.0, 5.0) == CountDifference(0.0, 0.0)
    # float noise below the UoM rounding is no difference
    assert count_difference(0.3, 0.1 + 0.2, rounding=0.01) == CountDifference(0.0, 0.0)
    # negative book (backflushed below zero): the percentage keeps the sign of the count
    assert count_difference(-10.0, 0.0) == CountDifference(10.0, 100.0)


def test_percent_threshold_only():
    assert not is_significant(100.0, 96.0, percent_threshold=5.0)
    assert not is_significant(100.0, 95.0, percent_threshold=5.0)      # not more than 5 %
    assert is_significant(100.0, 94.0, percent_threshold=5.0)
    assert is_significant(100.0, 106.0, percent_threshold=5.0)
    assert is_significant(0.0, 1.0, percent_threshold=5.0)             # nothing on the book


def test_quantity_threshold_only():
    assert not is_significant(10000.0, 9990.0, qty_threshold=10.0)
    assert is_significant(10000.0, 9989.0, qty_threshold=10.0)


def test_both_thresholds_must_be_exceeded():
    # 20 units but 0.2 %: a small relative difference on a high-volume component
    assert not is_significant(10000.0, 9980.0, percent_threshold=5.0, qty_threshold=10.0)
    # 50 % but one unit: noise on a tiny quantity
    assert not is_significant(2.0, 1.0, percent_threshold=5.0, qty_threshold=10.0)
    assert is_significant(100.0, 80.0, percent_threshold=5.0, qty_threshold=10.0)


def test_no_threshold_set_never_alerts_and_negative_is_refused():
    assert not is_significant(100.0, 0.0)
    with pytest.raises(ValueError):
        is_significant(100.0, 0.0, percent_threshold=-1.0)


@given(QTY, QTY, THRESHOLD, THRESHOLD)
def test_exact_count_is_never_significant_and_symmetry(book, counted, percent, qty):
    assert not is_significant(book, book, percent, qty, rounding=0.01)
    # a larger difference in the same direction is at least as significant
    if is_significant(book, counted, percent, qty, rounding=0.01):
        farther = counted + 1.0 if counted > book else counted - 1.0
        assert is_significant(book, farther, percent, qty, rounding=0.01)
