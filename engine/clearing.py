"""What kind of WIP rest a posting of a FIFO/average product leaves (DESIGN 5.4): the
cents its rounded entries leave, or a real difference to name."""

ROUNDING = 'rounding'
RECEIPT_DIFFERENCE = 'receipt_difference'

# Float error of a sum of rounded amounts: 0.1 + 0.2 is 0.30000000000000004, so a rest
# of exactly 3 cents on 3 receipts would compare above 3 x 0.01 without it. Far below
# any currency rounding (0.01, 1.0), so it never turns a real cent into a rounding.
MONEY_NOISE = 1e-9


def rest_kind(rest, currency_rounding, receipts):
    """The variance kind of the WIP ``rest`` (currency, signed) a posting leaves after it
    received ``receipts`` finished stock moves (by-products included):
        ROUNDING            when |rest| <= currency_rounding x receipts (+ MONEY_NOISE):
                            each receipt's value is rounded on its own, at most one
                            ``currency_rounding`` each;
        RECEIPT_DIFFERENCE  otherwise: any real amount is a named variance, not a rounding.
    ``currency_rounding`` e.g. 0.01; ``receipts`` >= 0 (0: only a zero rest is a
    rounding). Raises ValueError for a negative count."""
    if receipts < 0:
        raise ValueError('A posting cannot receive %r stock moves.' % receipts)
    if abs(rest) <= currency_rounding * receipts + MONEY_NOISE:
        return ROUNDING
    return RECEIPT_DIFFERENCE
