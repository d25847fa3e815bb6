"""Balanced journal-entry lines, as plain values (DESIGN section 5)."""
from collections import OrderedDict, namedtuple

from .rounding import from_units, round_money, to_units

# One account.move.line to create: ``account`` is the caller's account key, ``extra`` a
# dict of further values for the line (or None).
JournalLine = namedtuple('JournalLine', 'account debit credit name extra')

# How many names of what a line books its label shows: a posting of 200 components
# gets a label, not the bill of materials ("Components: Leg, Screw, Top, 197 more").
LABEL_NAMES = 3


def balance_lines(lines, currency_rounding):
    """JournalLines from ``(account, amount, name, extra)`` tuples whose signed amounts
    (debit positive, credit negative) add up to zero.

    Every amount is rounded to the currency and the rounding rest goes on the largest
    line, so debits equal credits exactly; lines that round to zero are left out.
    Raises ValueError if the amounts are off by more than rounding can explain.
    """
    lines = list(lines)
    units = [to_units(amount, currency_rounding) for _account, amount, _name, _extra in lines]
    rest = -sum(units)
    if abs(rest) * 2 > len(lines):
        raise ValueError('The lines do not balance: they are off by %s.'
                         % from_units(rest, currency_rounding))
    if rest:
        units[max(range(len(units)), key=lambda index: abs(units[index]))] += rest
    return [JournalLine(account, from_units(max(unit, 0), currency_rounding),
                        from_units(max(-unit, 0), currency_rounding), name, extra)
            for (account, _amount, name, extra), unit in zip(lines, units) if unit]


def conversion_entry(wip_account, applied_by_account, currency_rounding, name):
    """Lines of a posting's conversion entry: Dr WIP by the total applied / Cr each
    applied account by its amount (``applied_by_account``: (account, amount) pairs,
    several pools may share an account)."""
    credits = OrderedDict()
    for account, amount in applied_by_account:
        credits[account] = credits.get(account, 0.0) + amount
    lines = [(account, -amount, name, None) for account, amount in credits.items()]
    return balance_lines([(wip_account, sum(credits.values()), name, None)] + lines,
                         currency_rounding)


def merge_line_values(lines, summed):
    """The values of one journal item that replaces ``lines`` (a non-empty sequence of
    dicts of journal item values): each key of ``summed`` ({key: the keys it is counted
    per}) is the sum over the lines (0 where a line lacks it), kept only when the keys
    it is counted per are kept (a quantity adds up for one product in one unit of
    measure); every other key is kept when all the lines have it with one value, and
    left out when they differ (a product, a label). So a key another module adds to
    the lines, such as their manufacturing order, survives whenever it can."""
    lines = list(lines)
    merged = {key: value for key, value in lines[0].items()
              if key not in summed and all(key in line and line[key] == value
                                           for line in lines[1:])}
    for key, per in summed.items():
        if any(key in line for line in lines) and all(name in merged for name in per):
            merged[key] = sum(line.get(key, 0.0) for line in lines)
    return merged


def net_amounts(debit, credit, currency_rounding):
    """(debit, credit) of one journal item netting a summed ``debit`` and ``credit`` of
    one account: balance = debit - credit rounded to the currency; (balance, 0) when
    positive, (0, -balance) when negative, (0, 0) when it rounds to zero."""
    balance = round_money(debit - credit, currency_rounding)
    return max(balance, 0.0), max(-balance, 0.0)


def label_names(names, shown=LABEL_NAMES):
    """(the first ``shown`` of ``names`` in alphabetical order, how many more there are):
    what a line's label names. Sorted: the order the moves were valued in is no order a
    reader can follow, and varies between runs."""
    names = sorted(names)
    if len(names) > shown:
        return names[:shown], len(names) - shown
    return names, 0
