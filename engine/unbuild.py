"""The costing of an unbuild: the share of an order's conversion and variances it
reverses (DESIGN section 5)."""
from collections import OrderedDict

from .rounding import from_units, to_units


def reversal_share(unbuilt_qty, produced_qty):
    """Share of an order an unbuild takes back: unbuilt / produced (same UoM), at most
    1; 0 when nothing was produced."""
    if produced_qty <= 0:
        return 0.0
    return min(unbuilt_qty / produced_qty, 1.0)


def reversed_amounts(balances, share, currency_rounding):
    """{key: -share * balance, rounded to the currency} of ``balances`` ({key: balance
    posted, debit positive}): what reverses ``share`` of them, key by key, in order."""
    return OrderedDict((key, from_units(to_units(-share * balance, currency_rounding),
                                        currency_rounding))
                       for key, balance in balances.items())
