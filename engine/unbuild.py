"""The costing of an unbuild: the share of an order's conversion and variances it
reverses (DESIGN section 5)."""
import math
from collections import OrderedDict, namedtuple

from .rounding import float_is_zero, float_round, from_units, to_units


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


def reversed_log_amounts(amounts, share, currency_rounding):
    """[-share * amount] of the log lines of one pool and kind, in the currency, adding
    up to the reversal of their total rounded once (what its entry line reverses):
    each -share * amount rounded down to the currency, and the roundings the total
    still needs, one each, to the lines with the largest remainders (first ones first
    among equals). Each line is then less than one rounding from its exact amount."""
    exact = [-share * amount / currency_rounding for amount in amounts]
    units = [int(math.floor(value + SPLIT_NOISE)) for value in exact]
    left = to_units(-share * sum(amounts), currency_rounding) - sum(units)
    by_remainder = sorted(range(len(units)), key=lambda index: units[index] - exact[index])
    for index in by_remainder[:max(left, 0)]:
        units[index] += 1
    return [from_units(unit, currency_rounding) for unit in units]


# One move line an order consumed: its raw move, product, lot (None untracked), quantity
# (product's stock UoM) and ``share``: the part of it the unbuild takes back (unbuilt /
# received of the unbuilt lot if consumed for that lot, 0 for another lot, unbuilt /
# received of the order if consumed for no known lot).
Consumed = namedtuple('Consumed', 'move_key product_key lot_key qty share')
# What one raw move gives back: ``qty`` to stock (``lots``: ((lot_key, qty), ...) for a
# tracked product), ``kept_qty`` its share that stays consumed (planned scrap, usage).
Returned = namedtuple('Returned', 'move_key qty kept_qty lots')
# Why an unbuild cannot return ``product_key``: ``reason`` 'fraction' (``wanted`` is not
# a whole number of serial numbers) or 'returned' (only ``available`` of the serial
# numbers consumed for it are still consumed: earlier unbuilds took the rest back).
Shortage = namedtuple('Shortage', 'product_key wanted available reason')
# a proportion of whole steps this close to the next counts as it (float noise)
SPLIT_NOISE = 1e-9
# A quantity of serial numbers is whole within this (Odoo's Product Unit of Measure
# precision, 3 digits)
SERIAL_PRECISION = 0.001


def unbuild_returns(consumed, contained, tracking, returned_before, rounding,
                    contained_before=None):
    """What an unbuild returns of each raw move: ([Returned], [Shortage]).

    ``consumed``: [Consumed] of the order, oldest first; ``contained``: {product_key:
    quantity the unbuilt units contain by the BOM, planned scrap excluded}, a product not
    in it (added to the order by hand) is not capped; ``tracking``: {product_key: 'none'
    | 'lot' | 'serial'}; ``returned_before``: {(product_key, lot_key or None): quantity
    earlier unbuilds of the order returned}; ``rounding``: {product_key: UoM rounding};
    ``contained_before``: {product_key: quantity the units of the earlier unbuilds of the
    order contain by the BOM}.

    Per product, wanted = sum(share x qty); returned = min(wanted, contained), rounded to
    the UoM (10 stools of 4 legs at 5 % scrap consumed 42: 40 back, 2 kept); of an
    untracked product in the BOM, rounded with what the earlier unbuilds' units contain,
    less what they returned. An
    untracked product's returned quantity is split over its raw moves in proportion to
    what each gives, in whole units (those left to the largest remainders); a tracked
    one's is taken line by line, oldest first, from lots consumed for the unbuilt units
    and not returned yet, then (lots only, as Odoo does for more than the order made)
    from those lots again: a serial number comes back whole, once. Every raw move keeps
    (1 - returned / wanted) of its share, whatever lots it gives back: the value that
    stays consumed.
    """
    wanted = OrderedDict()
    left = {}
    for line in consumed:
        wanted[line.product_key] = wanted.get(line.product_key, 0.0) + line.share * line.qty
        key = (line.product_key, line.lot_key)
        left[key] = left.get(key, 0.0) + line.qty
    for key, qty in returned_before.items():
        left[key] = left.get(key, 0.0) - qty
    returns, shortages = OrderedDict(), []
    for product, product_wanted in wanted.items():
        step = rounding.get(product) or 0.0
        exact = min(product_wanted, contained.get(product, product_wanted))
        back = float_round(exact, step) if step else exact
        if tracking.get(product, 'none') == 'none' and product in contained and step:
            # rounded over every unbuild of the order, as a posting's requirement over its
            # postings: of 3 benches at a panel per 2 benches (2 panels consumed) 1, 2
            # and 3 unbuilt contain 0.5, 1 and 1.5: 1, 0, 1 back (not 1, 1, 0; nor a
            # second panel of 2 benches that consumed one). More unbuilt than the order
            # made comes back again, as in Odoo
            before = sum(qty for (key, _lot), qty in returned_before.items() if key == product)
            back = max(float_round(exact + (contained_before or {}).get(product, 0.0), step)
                       - before, 0.0)
        lines = [line for line in consumed if line.product_key == product and line.share > 0]
        kept_part = 1.0 - back / product_wanted if product_wanted > 0 else 0.0
        for line in lines:
            kept = line.share * line.qty * kept_part
            old = returns.get(line.move_key, Returned(line.move_key, 0.0, 0.0, ()))
            returns[line.move_key] = old._replace(kept_qty=old.kept_qty + kept)
        if tracking.get(product, 'none') == 'none':
            _split_untracked(returns, lines, back, product_wanted, step)
            continue
        # checked before rounding: a unit rounding of 1 would make half a serial one
        if tracking[product] == 'serial' and not float_is_zero(exact - round(exact),
                                                                SERIAL_PRECISION):
            shortages.append(Shortage(product, exact, None, 'fraction'))
            continue
        todo = back
        # lots not given back yet first; a lot may then come back again (Odoo lets an
        # unbuild take apart more than the order made), a serial number never
        passes = [True] if tracking[product] == 'serial' else [True, False]
        for unreturned_only in passes:
            for line in lines:
                key = (product, line.lot_key)
                take = min(line.qty, todo, max(left[key], 0.0) if unreturned_only else todo)
                if take <= 0:
                    continue
                left[key] -= take
                todo -= take
                old = returns[line.move_key]
                returns[line.move_key] = old._replace(qty=old.qty + take,
                                                      lots=old.lots + ((line.lot_key, take),))
        if step and not float_is_zero(todo, step) or not step and todo > 0:
            shortages.append(Shortage(product, back, back - todo, 'returned'))
    return list(returns.values()), shortages


def _split_untracked(returns, lines, back, wanted, step):
    """``back`` over the raw moves of ``lines`` in proportion to share x qty: in whole
    ``step`` (the UoM's rounding), each its proportion rounded down, the steps left one
    each to the largest remainders, oldest first. None gets less than 0 or more than its
    proportion rounded up: 3 of 6 tops of one each come back 1, 1, 1, 0, 0, 0, where
    rounding each 0.5 to 1 and the rest on the largest gave 1, 1, 1, 1, 1, -2."""
    given = OrderedDict()
    for line in lines:
        given[line.move_key] = given.get(line.move_key, 0.0) + line.share * line.qty
    if not given or wanted <= 0:
        return
    if not step:
        parts = OrderedDict((move, back * qty / wanted) for move, qty in given.items())
    else:
        ideal = OrderedDict((move, back * qty / wanted / step) for move, qty in given.items())
        units = OrderedDict((move, int(math.floor(value + SPLIT_NOISE)))
                            for move, value in ideal.items())
        left = int(float_round(back / step, 1.0)) - sum(units.values())
        by_remainder = sorted(ideal, key=lambda move: units[move] - ideal[move])
        for move in by_remainder[:max(left, 0)]:
            units[move] += 1
        parts = OrderedDict((move, float_round(count * step, step))
                            for move, count in units.items())
    for move, qty in parts.items():
        returns[move] = returns[move]._replace(qty=qty)
