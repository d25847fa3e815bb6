"""Rounding of quantities and money, exactly as Odoo 11 rounds them.

``float_round`` and ``float_is_zero`` reproduce ``odoo/tools/float_utils.py`` of Odoo 11
(precision given as ``precision_rounding`` only). Money is handled in whole *units* of
the currency rounding (cents for 0.01) wherever amounts must add up exactly, so a
rounding difference is always put on one line and never lost.
"""
import math


def _round_half_away(value):
    """Python 2's round(): half away from zero, keeps the sign of zero (Odoo's shim)."""
    rounded = round(value)
    if round(value + 1) - rounded != 1:
        return value + math.copysign(0.5, value)
    return math.copysign(rounded, value)


def float_round(value, precision_rounding, rounding_method='HALF-UP'):
    """Round ``value`` to a multiple of ``precision_rounding`` like Odoo 11.

    ``rounding_method`` is 'HALF-UP' (ties away from zero), 'UP' (away from zero) or
    'DOWN' (towards zero). An epsilon scaled to the magnitude of the value absorbs
    IEEE-754 representation errors (2.675 rounds to 2.68). As in Odoo, a zero
    ``precision_rounding`` returns 0.0.
    """
    if precision_rounding == 0 or value == 0:
        return 0.0
    normalized_value = value / precision_rounding
    sign = math.copysign(1.0, normalized_value)
    epsilon = 2 ** (math.log(abs(normalized_value), 2) - 53)
    if rounding_method == 'UP':
        rounded_value = math.ceil(abs(normalized_value - sign * epsilon)) * sign
    elif rounding_method == 'DOWN':
        rounded_value = math.floor(abs(normalized_value + sign * epsilon)) * sign
    else:
        normalized_value += math.copysign(epsilon, normalized_value)
        rounded_value = _round_half_away(normalized_value)
    return rounded_value * precision_rounding


def float_is_zero(value, precision_rounding):
    """True if ``value`` rounds to zero at ``precision_rounding`` (Odoo 11)."""
    return abs(float_round(value, precision_rounding)) < precision_rounding


def float_compare(value1, value2, precision_rounding):
    """-1, 0 or 1 as ``value1`` is below, equal to or above ``value2`` once both are
    rounded to ``precision_rounding`` (Odoo 11's float_compare): equal when their
    difference rounds to zero."""
    delta = (float_round(value1, precision_rounding)
             - float_round(value2, precision_rounding))
    if float_is_zero(delta, precision_rounding):
        return 0
    return -1 if delta < 0.0 else 1


# Relative float error below which a quantity is on the rounding grid: a few
# multiplications (0.07 * 251.4 / 7 * 1.5 = 3.7710000000000004) err by more than the
# one-ulp epsilon of Odoo's float_round, and must not be rounded up a whole step.
GRID_NOISE = 1e-12


def round_up(quantity, rounding):
    """``quantity`` rounded up (away from zero) to ``rounding``; 0 means no rounding.
    A quantity on the grid up to float error (GRID_NOISE, relative) stays there."""
    if not rounding:
        return quantity
    steps = quantity / rounding
    if abs(steps - round(steps)) <= abs(steps) * GRID_NOISE:
        return float_round(quantity, rounding)
    return float_round(quantity, rounding, rounding_method='UP')


def display_digits(quantity, rounding):
    """How many decimals show ``quantity`` once rounded to ``rounding``: those of the
    rounding (0.01 -> 2, 1 -> 0), less the trailing zeros of the rounded value, so
    6.00 shows as 6 and 67.20 as 67.2. A zero rounding counts as 0.01 (two decimals)."""
    rounding = rounding or 0.01
    decimals = max(0, int(math.ceil(-math.log10(rounding) - GRID_NOISE)))
    text = '%.*f' % (decimals, float_round(quantity, rounding))
    if '.' in text:
        text = text.rstrip('0')
        return len(text.split('.')[1])
    return 0


def round_money(amount, currency_rounding):
    """``amount`` rounded half-up to the currency, as ``res.currency.round`` does."""
    return float_round(amount, currency_rounding)


def to_units(amount, currency_rounding):
    """``amount`` rounded to the currency, as an int count of ``currency_rounding``."""
    return int(float_round(amount / currency_rounding, 1.0))


def from_units(units, currency_rounding):
    """The amount of ``units`` whole currency roundings (what round_money returns)."""
    return units * currency_rounding


def allocate(total, weights, currency_rounding):
    """Split ``total`` in proportion to ``weights``, rounded to the currency.

    Each share is ``total * weight / sum(weights)`` rounded; the rounding rest goes on
    the share of the largest weight, so the shares add up to the rounded total exactly.
    """
    weights = list(weights)
    weight_sum = sum(weights)
    if not weights or weight_sum == 0:
        raise ValueError('Cannot allocate %r: the weights add up to zero.' % total)
    total_units = to_units(total, currency_rounding)
    shares = [int(float_round(total_units * weight / weight_sum, 1.0)) for weight in weights]
    largest = max(range(len(weights)), key=lambda index: abs(weights[index]))
    shares[largest] += total_units - sum(shares)
    return [from_units(share, currency_rounding) for share in shares]
