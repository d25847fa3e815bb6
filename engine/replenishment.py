"""Supermarket (Kanban) replenishment: what to bring from stores to a line-side location
so that it covers the backflush demand of the released manufacturing orders (DESIGN 7)."""
from collections import namedtuple

from .rounding import round_up

# One line-side location and component: ``qty`` to bring, rounded up to the UoM.
Shortfall = namedtuple('Shortfall', 'key demand_qty on_hand_qty incoming_qty qty')


def shortfall(demand_qty, on_hand_qty, incoming_qty=0.0, rounding=0.0):
    """demand - on hand - incoming, never below 0, rounded up to ``rounding``.

    A negative ``on_hand_qty`` (backflushed below zero) is a hole to fill, so it adds to
    what is needed; ``incoming_qty`` is what open transfers are already bringing.
    """
    if demand_qty < 0 or incoming_qty < 0:
        raise ValueError('Demand and incoming quantities cannot be negative (%r, %r).'
                         % (demand_qty, incoming_qty))
    return max(0.0, round_up(demand_qty - on_hand_qty - incoming_qty, rounding))


def shortfalls(demands, on_hand, incoming, roundings):
    """Shortfall rows (only those with something to bring), sorted by key.

    demands: {key: demand qty}, e.g. key = (location, product); on_hand, incoming:
    {key: qty} (missing keys: 0); roundings: {key: UoM rounding} (missing: none).
    """
    rows = []
    for key in sorted(demands):
        qty = shortfall(demands[key], on_hand.get(key, 0.0), incoming.get(key, 0.0),
                        roundings.get(key, 0.0))
        if qty > 0:
            rows.append(Shortfall(key, demands[key], on_hand.get(key, 0.0),
                                  incoming.get(key, 0.0), qty))
    return rows
