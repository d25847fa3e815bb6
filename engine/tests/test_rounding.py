import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ..rounding import (allocate, display_digits, float_compare, float_is_zero, float_round,
                        from_units, round_money, round_up, to_units)

ROUNDINGS = st.sampled_from([0.01, 0.05, 0.001, 1.0])


# Expected values produced by Odoo 11's odoo/tools/float_utils.py float_round itself.
@pytest.mark.parametrize('value, rounding, method, expected', [
    (2.675, 0.01, 'HALF-UP', 2.68),
    (-2.675, 0.01, 'HALF-UP', -2.68),
    (1.005, 0.01, 'HALF-UP', 1.01),
    (0.125, 0.01, 'HALF-UP', 0.13),
    (1.3, 0.5, 'HALF-UP', 1.5),
    (1.25, 0.5, 'HALF-UP', 1.5),
    (2.0000000000000004, 1.0, 'UP', 2.0),
    (2.0001, 1.0, 'UP', 3.0),
    (-2.0001, 1.0, 'UP', -3.0),
    (2.9999, 1.0, 'DOWN', 2.0),
    (-2.9999, 1.0, 'DOWN', -2.0),
    (7.123, 0.05, 'HALF-UP', 7.1000000000000005),
    (1234.5678, 0.001, 'DOWN', 1234.567),
    (5.0, 0.0, 'HALF-UP', 0.0),
])
def test_float_round_matches_odoo(value, rounding, method, expected):
    assert float_round(value, rounding, method) == expected


def test_float_round_keeps_the_sign_of_zero_like_odoo():
    assert math.copysign(1.0, float_round(-0.004, 0.01)) == -1.0


def test_float_is_zero():
    assert float_is_zero(0.004, 0.01)
    assert float_is_zero(-0.0049, 0.01)
    assert not float_is_zero(0.005, 0.01)


def test_round_up_without_rounding_is_identity():
    assert round_up(1.2345, 0.0) == 1.2345
    assert round_up(1.2345, 0.01) == 1.24


@given(st.integers(-10 ** 9, 10 ** 9), ROUNDINGS)
def test_units_round_trip(units, rounding):
    amount = from_units(units, rounding)
    assert to_units(amount, rounding) == units
    assert round_money(amount, rounding) == amount


@given(st.floats(-1e9, 1e9), st.lists(st.floats(0, 1e6), min_size=1, max_size=8), ROUNDINGS)
def test_allocate_adds_up_exactly_and_stays_proportional(total, weights, rounding):
    if not any(weights):
        with pytest.raises(ValueError):
            allocate(total, weights, rounding)
        return
    shares = allocate(total, weights, rounding)
    units = [to_units(share, rounding) for share in shares]
    assert sum(units) == to_units(total, rounding)
    for weight, unit in zip(weights, units):
        exact = to_units(total, rounding) * weight / sum(weights)
        assert abs(unit - exact) <= len(weights)  # the rest, on the largest, is < n units


def test_allocate_puts_the_rest_on_the_largest_weight():
    assert allocate(0.10, [1, 1, 2], 0.01) == [0.03, 0.03, 0.04]
    assert allocate(-0.10, [1, 1, 2], 0.01) == [-0.03, -0.03, -0.04]
    assert allocate(100.0, [1, 1, 1], 0.01) == [33.34, 33.33, 33.33]  # ties: the first


@pytest.mark.parametrize('quantity, rounding, digits', [
    (6.0, 0.01, 0),        # "6", not "6.00"
    (67.2, 0.01, 1),       # "67.2"
    (67.2, 1.0, 0),        # shown at the unit's rounding: "67"
    (0.22, 0.001, 2),
    (110.0, 0.0001, 0),
    (4714.4, 0.01, 1),
    (1.005, 0.01, 2),      # rounds half-up to 1.01
    (3.0, 0.5, 0),
    (3.5, 0.5, 1),
    (2.5, 0.0, 1),         # no rounding: two decimals at most
])
def test_display_digits(quantity, rounding, digits):
    assert display_digits(quantity, rounding) == digits


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), ROUNDINGS)
def test_display_digits_never_more_than_the_rounding(quantity, rounding):
    """Shown with display_digits decimals, the rounded quantity keeps its value."""
    digits = display_digits(quantity, rounding)
    assert 0 <= digits <= max(0, math.ceil(-math.log10(rounding) - 1e-9))  # 0.05: 2
    rounded = float_round(quantity, rounding)
    assert float('%.*f' % (digits, rounded)) == pytest.approx(rounded, abs=1e-9)


def test_float_compare_at_the_rounding():
    # Odoo 11's float_compare: both rounded first, equal when the difference rounds to 0
    assert float_compare(1.004, 1.0, 0.01) == 0
    assert float_compare(1.006, 1.0, 0.01) == 1
    assert float_compare(0.994, 1.0, 0.01) == -1
    assert float_compare(2.5, 2.0, 1.0) == 1       # 3 (half up) against 2


@given(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), ROUNDINGS)
def test_float_compare_is_antisymmetric_and_zero_on_equal_roundings(first, second, rounding):
    assert float_compare(first, second, rounding) == -float_compare(second, first, rounding)
    same = float_round(first, rounding) == float_round(second, rounding)
    assert (float_compare(first, second, rounding) == 0) == same
