from hypothesis import given
from hypothesis import strategies as st

from ..completion import exceeds, max_report_qty, remaining_qty

QTY = st.integers(0, 10 ** 6).map(lambda n: n / 100.0)
PERCENT = st.integers(0, 10 ** 4).map(lambda n: n / 100.0)
ROUNDINGS = st.sampled_from([0.01, 0.001, 1.0])


def test_known_most():
    # 100 ordered, 5 % tolerance, 60 produced, 10 reported and waiting for their jobs:
    # 100 x 1.05 - 60 - 10 = 35; 40 remain
    assert max_report_qty(100.0, 5.0, 60.0, 10.0, 1.0) == 35.0
    assert remaining_qty(100.0, 60.0, 1.0) == 40.0
    # no tolerance: never more than remains
    assert max_report_qty(100.0, 0.0, 60.0, 0.0, 1.0) == 40.0


def test_the_most_is_rounded_to_the_unit():
    # 7 kg at 2.5 %: 7.175 - 2 = 5.175 kg, 5.18 at 0.01 (half up)
    assert max_report_qty(7.0, 2.5, 2.0, 0.0, 0.01) == 5.18


def test_beyond_the_tolerance_nothing_more():
    # 12 produced of 10 at 10 % (at most 11): nothing more, not -1; nothing remains
    assert max_report_qty(10.0, 10.0, 12.0, 0.0, 1.0) == 0.0
    assert remaining_qty(10.0, 12.0, 1.0) == 0.0


def test_exceeds_compares_at_the_unit():
    assert exceeds(35.004, 35.0, 0.01) is False     # 35.00 once rounded
    assert exceeds(35.006, 35.0, 0.01) is True      # 35.01
    assert exceeds(34.0, 35.0, 1.0) is False


@given(QTY, PERCENT, QTY, QTY, ROUNDINGS)
def test_the_most_is_never_negative_and_waiting_reports_take_their_part(
        ordered, tolerance, produced, waiting, rounding):
    most = max_report_qty(ordered, tolerance, produced, waiting, rounding)
    assert most >= 0.0
    # a report of the most is accepted, a unit more is refused (unless none is left)
    assert not exceeds(most, most, rounding)
    assert exceeds(most + rounding, most, rounding)
    # what waiting reports took is not offered again
    assert most <= max_report_qty(ordered, tolerance, produced, 0.0, rounding)


@given(QTY, QTY, ROUNDINGS)
def test_without_tolerance_the_most_is_what_remains(ordered, produced, rounding):
    assert max_report_qty(ordered, 0.0, produced, 0.0, rounding) == remaining_qty(
        ordered, produced, rounding)


@given(QTY, PERCENT, PERCENT, QTY, ROUNDINGS)
def test_a_higher_tolerance_never_allows_less(ordered, low, high, produced, rounding):
    low, high = sorted((low, high))
    assert (max_report_qty(ordered, low, produced, 0.0, rounding)
            <= max_report_qty(ordered, high, produced, 0.0, rounding))
