"""Is a cycle count's difference from the book significant? (DESIGN 7, cycle-count alerts)

"If the cycle counts result in significant material quantity variances, then either the
BOM is not accurate or scrap is not being recorded properly": a count of a backflushed
component raises an alert when its difference from the book exceeds the company's
thresholds.
"""
from collections import namedtuple

from .rounding import float_is_zero, float_round

# counted - book, and that difference as a percentage of the book (100 when the book is 0)
CountDifference = namedtuple('CountDifference', 'difference_qty difference_percent')


def count_difference(book_qty, counted_qty, rounding=0.0):
    """The difference of a count from the book, rounded to the UoM ``rounding``.

    The percentage is relative to the book; with nothing on the book every unit counted
    is a difference, so it is +/-100.
    """
    difference = counted_qty - book_qty
    if rounding:
        difference = float_round(difference, rounding)
    if _is_zero(difference, rounding):
        return CountDifference(0.0, 0.0)
    if _is_zero(book_qty, rounding):
        return CountDifference(difference, 100.0 if difference > 0 else -100.0)
    return CountDifference(difference, difference / abs(book_qty) * 100.0)


def is_significant(book_qty, counted_qty, percent_threshold=0.0, qty_threshold=0.0,
                   rounding=0.0):
    """True when the count differs from the book by more than every threshold that is
    set (a threshold of 0 is not set): more than ``percent_threshold`` % of the book
    and/or more than ``qty_threshold`` units. With no threshold set, never."""
    if percent_threshold < 0 or qty_threshold < 0:
        raise ValueError('A cycle-count threshold cannot be negative (%r %%, %r units).'
                         % (percent_threshold, qty_threshold))
    if not percent_threshold and not qty_threshold:
        return False
    difference = count_difference(book_qty, counted_qty, rounding)
    if _is_zero(difference.difference_qty, rounding):
        return False
    if percent_threshold and abs(difference.difference_percent) <= percent_threshold:
        return False
    if qty_threshold and abs(difference.difference_qty) <= qty_threshold:
        return False
    return True


def _is_zero(quantity, rounding):
    return float_is_zero(quantity, rounding) if rounding else quantity == 0
