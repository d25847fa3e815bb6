import pytest
from hypothesis import given
from hypothesis import strategies as st

from ..clearing import MONEY_NOISE, RECEIPT_DIFFERENCE, ROUNDING, rest_kind
from ..rounding import from_units, round_money

ROUNDINGS = st.sampled_from([0.01, 0.05, 1.0, 0.001])


def test_cents_of_each_receipt_are_a_rounding():
    # 3 receipts valued one by one at 0.01: up to 3 x 0.01 = 0.03 of WIP is rounding
    assert rest_kind(0.02, 0.01, 3) == ROUNDING
    assert rest_kind(-0.03, 0.01, 3) == ROUNDING
    assert rest_kind(0.0, 0.01, 1) == ROUNDING


def test_more_than_a_cent_per_receipt_is_a_receipt_difference():
    # 0.04 on 3 receipts, 0.02 on 1: a real amount, named
    assert rest_kind(0.04, 0.01, 3) == RECEIPT_DIFFERENCE
    assert rest_kind(-0.02, 0.01, 1) == RECEIPT_DIFFERENCE
    assert rest_kind(12.5, 0.01, 2) == RECEIPT_DIFFERENCE
    # no receipt: only nothing is a rounding
    assert rest_kind(0.01, 0.01, 0) == RECEIPT_DIFFERENCE


def test_float_noise_does_not_make_a_rounding_a_difference():
    # 0.1 + 0.2 - 0.27 is 0.030000000000000027, above 3 x 0.01: the noise absorbs it
    rest = 0.1 + 0.2 - 0.27
    assert rest > 0.01 * 3
    assert rest_kind(rest, 0.01, 3) == ROUNDING


def test_the_noise_is_far_below_any_currency():
    # a thousandth of the smallest rounding Odoo currencies have (0.001): never a cent
    assert 0 < MONEY_NOISE < 0.001 / 1000


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError, match='stock moves'):
        rest_kind(0.0, 0.01, -1)


@given(st.integers(-10 ** 7, 10 ** 7), st.integers(0, 500), ROUNDINGS)
def test_a_rounding_is_at_most_one_currency_unit_per_receipt(units, receipts, rounding):
    # the rest as Odoo's currency rounds it: n currency units of ``rounding``
    rest = round_money(from_units(units, rounding), rounding)
    expected = ROUNDING if abs(units) <= receipts else RECEIPT_DIFFERENCE
    assert rest_kind(rest, rounding, receipts) == expected
