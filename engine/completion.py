"""How much a Report Completion may post (DESIGN 7): what remains to produce, and the
most a report may add within the company's over-production tolerance. Quantities are in
the manufacturing order's UoM, rounded to its ``rounding``."""
from .rounding import float_compare, float_round


def remaining_qty(product_qty, produced_qty, rounding):
    """What is left to produce: max(0, product_qty - produced_qty), rounded."""
    return max(0.0, float_round(product_qty - produced_qty, rounding))


def max_report_qty(product_qty, tolerance_percent, produced_qty, waiting_qty, rounding):
    """The most a report may add now:
        max(0, product_qty x (1 + tolerance_percent / 100) - produced_qty - waiting_qty)
    rounded; ``tolerance_percent``: the company's over-production tolerance (0: never
    more than remains); ``produced_qty``: what is posted or recorded; ``waiting_qty``:
    what deferred reports took that their jobs have not posted yet."""
    return max(0.0, float_round(
        product_qty * (1.0 + tolerance_percent / 100.0) - produced_qty - waiting_qty,
        rounding))


def exceeds(quantity, most, rounding):
    """True when ``quantity`` is more than ``most`` once both are rounded (a report of
    it is refused, or is over-production)."""
    return float_compare(quantity, most, rounding) > 0
