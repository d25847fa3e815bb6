"""The lots a backflush consumes (DESIGN 2): which lots of a tracked component, and which
finished lot each consumed quantity goes into. Lots are the caller's keys (hashable)."""
from .rounding import float_compare, float_round

# What a serial number holds, in its product's UoM.
SERIAL_QTY = 1.0


def finished_lot_shares(quantity, produced, rounding):
    """[(finished lot, share)]: ``quantity`` of a component (its UoM) shared over the
    finished lots of a posting, ``produced``: [(lot, quantity produced)] (quantities
    > 0, any UoM), in proportion:
        share = quantity x produced / sum(produced), rounded half-up to ``rounding``,
                at most what the lots before it left (rounded up, four lots' 0.5 of 2
                units would be 1 + 1 + 1 and -1 for the last);
    the last lot takes the rest (quantity - the others), so the shares add up to
    ``quantity``, none negative. Raises ValueError when nothing is produced."""
    produced = list(produced)
    total = sum(qty for _lot, qty in produced)
    if not produced or total <= 0:
        raise ValueError('Cannot share %r over finished lots that produced nothing.'
                         % quantity)
    shares, rest = [], quantity
    for index, (lot, qty) in enumerate(produced):
        share = rest if index == len(produced) - 1 else min(float_round(
            quantity * qty / total, rounding), rest)
        rest -= share
        shares.append((lot, share))
    return shares


def pick_lots(quantity, recorded, reserved, on_hand, held, serial, rounding):
    """The lots of a tracked component that a top-up of ``quantity`` (stock UoM) takes,
    in the order Odoo reserves them: the lots already ``recorded`` on the move, then
    those it ``reserved``, then the others ``on_hand`` at the source (an ordered
    {lot: quantity}, in the removal strategy's order: FIFO, or FEFO); each as far as it
    has stock: on_hand - ``held`` ({lot: quantity the order's open moves already
    hold}); a ``serial`` number is SERIAL_QTY. Quantities are rounded to ``rounding``
    (the stock UoM's).
    Returns ([(lot, quantity)], missing): beyond the stock of every lot (negative stock
    allowed) the last lot picked (else the last in order) takes the rest, and missing is
    0.0; a serial number cannot go negative, nor can a component with no lot at all:
    then missing is what no lot could give (> 0), for the caller to refuse."""
    lots = list(recorded) + [lot for lot in reserved if lot not in recorded] + [
        lot for lot in on_hand if lot not in recorded and lot not in reserved]
    picks, rest = [], quantity
    for lot in lots:
        if float_compare(rest, 0.0, rounding) <= 0:
            break
        available = on_hand.get(lot, 0.0) - held.get(lot, 0.0)
        take = min(rest, SERIAL_QTY if serial else rest, available)
        if float_compare(take, 0.0, rounding) <= 0:
            continue
        picks.append((lot, take))
        rest = float_round(rest - take, rounding)
    if float_compare(rest, 0.0, rounding) > 0:
        if serial or not lots:
            return picks, rest
        picks.append((picks[-1][0] if picks else lots[-1], rest))
    return picks, 0.0
