from collections import OrderedDict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ..lots import SERIAL_QTY, finished_lot_shares, pick_lots
from ..rounding import float_round

ROUNDINGS = st.sampled_from([0.01, 0.001, 1.0])
QTY = st.integers(1, 10 ** 5).map(lambda n: n / 100.0)
LOTS = ['L%d' % n for n in range(6)]


def test_shares_follow_the_finished_lots():
    # 10 screws for lots A (3 produced) and B (2): A 10 x 3/5 = 6, B the rest 4
    assert finished_lot_shares(10.0, [('A', 3.0), ('B', 2.0)], 1.0) == [('A', 6.0),
                                                                         ('B', 4.0)]
    # 7 kg over three equal lots at 0.01: 2.33, 2.33 and the rest 2.34
    shares = finished_lot_shares(7.0, [('A', 1.0), ('B', 1.0), ('C', 1.0)], 0.01)
    assert [lot for lot, _share in shares] == ['A', 'B', 'C']
    assert [share for _lot, share in shares] == [2.33, 2.33, pytest.approx(2.34)]


def test_rounded_up_shares_never_leave_a_lot_a_negative_one():
    # 2 units over 4 serial numbers at 1 unit: 0.5 each rounds to 1, so the first two
    # take 1 each and the others nothing (not 1, 1, 1 and -1: 3 units consumed)
    assert finished_lot_shares(2.0, [('A', 1.0), ('B', 1.0), ('C', 1.0), ('D', 1.0)],
                               1.0) == [('A', 1.0), ('B', 1.0), ('C', 0.0), ('D', 0.0)]


def test_one_finished_lot_takes_everything():
    assert finished_lot_shares(3.5, [('A', 8.0)], 0.01) == [('A', 3.5)]


def test_nothing_produced_cannot_be_shared():
    with pytest.raises(ValueError, match='produced nothing'):
        finished_lot_shares(1.0, [], 1.0)


@given(QTY, st.lists(QTY, min_size=1, max_size=6), ROUNDINGS)
def test_shares_add_up_to_the_quantity(quantity, produced, rounding):
    shares = finished_lot_shares(quantity, list(zip(LOTS, produced)), rounding)
    assert [lot for lot, _share in shares] == LOTS[:len(produced)]
    assert sum(share for _lot, share in shares) == pytest.approx(quantity, abs=1e-9)
    total = sum(produced)
    assert all(share >= -1e-9 for _lot, share in shares)
    left = quantity
    for (_lot, share), qty in list(zip(shares, produced))[:-1]:
        # each but the last: its proportion rounded to the UoM, at most what is left
        assert share == pytest.approx(min(float_round(quantity * qty / total, rounding),
                                          left), abs=1e-9)
        left -= share


def test_lots_are_taken_as_odoo_reserves_them():
    # 8 units: B recorded on the move (2 at the source), then A reserved (5, of which
    # the order already holds 1: 4 left), then C by the removal strategy: 2 of its 10
    on_hand = OrderedDict([('A', 5.0), ('B', 2.0), ('C', 10.0)])
    assert pick_lots(8.0, ['B'], ['A'], on_hand, {'A': 1.0}, False, 1.0) == (
        [('B', 2.0), ('A', 4.0), ('C', 2.0)], 0.0)


def test_beyond_every_lot_the_last_lot_goes_negative():
    # 20 units of 16 available: C, the last picked, takes the 4 more (negative stock)
    on_hand = OrderedDict([('A', 5.0), ('B', 2.0), ('C', 10.0)])
    assert pick_lots(20.0, ['B'], ['A'], on_hand, {'A': 1.0}, False, 1.0) == (
        [('B', 2.0), ('A', 4.0), ('C', 10.0), ('C', 4.0)], 0.0)
    # a lot recorded but out of stock: it goes negative by all of it
    assert pick_lots(3.0, ['Z'], [], OrderedDict(), {}, False, 1.0) == ([('Z', 3.0)], 0.0)


def test_a_serial_number_is_one_unit_and_never_negative():
    on_hand = OrderedDict([('S1', 1.0), ('S2', 1.0), ('S3', 1.0)])
    assert pick_lots(2.0, [], [], on_hand, {'S1': 1.0}, True, 1.0) == (
        [('S2', SERIAL_QTY), ('S3', SERIAL_QTY)], 0.0)
    # 3 wanted, 2 free: 1 missing, for the caller to refuse
    assert pick_lots(3.0, [], [], on_hand, {'S1': 1.0}, True, 1.0)[1] == 1.0


def test_no_lot_at_all_is_missing():
    assert pick_lots(2.5, [], [], OrderedDict(), {}, False, 0.01) == ([], 2.5)


ON_HAND = st.lists(st.integers(0, 50), min_size=0, max_size=len(LOTS)).map(
    lambda qtys: OrderedDict((lot, float(qty)) for lot, qty in zip(LOTS, qtys)))


@given(st.integers(1, 300), ON_HAND, st.data())
def test_a_lot_tracked_component_is_always_taken_whole(quantity, on_hand, data):
    recorded = data.draw(st.lists(st.sampled_from(LOTS), max_size=2, unique=True))
    reserved = data.draw(st.lists(st.sampled_from(LOTS), max_size=2, unique=True))
    held = {lot: float(data.draw(st.integers(0, 60))) for lot in on_hand}
    picks, missing = pick_lots(float(quantity), recorded, reserved, on_hand, held, False,
                               1.0)
    order = recorded + [lot for lot in reserved if lot not in recorded] + [
        lot for lot in on_hand if lot not in recorded and lot not in reserved]
    if not order:
        assert (picks, missing) == ([], quantity)
        return
    assert missing == 0.0
    assert sum(qty for _lot, qty in picks) == quantity
    assert all(qty > 0 for _lot, qty in picks)
    # in Odoo's order, no lot beyond what is free but the last (negative stock)
    picked = [lot for lot, _qty in picks]
    assert picked == sorted(picked, key=order.index)
    for lot, qty in picks[:-1]:
        assert qty <= on_hand.get(lot, 0.0) - held.get(lot, 0.0)


@given(st.integers(1, 10), st.lists(st.integers(0, 1), max_size=len(LOTS)),
       st.lists(st.sampled_from(LOTS), max_size=2, unique=True))
def test_serial_numbers_are_whole_once_and_within_stock(quantity, stock, held_lots):
    on_hand = OrderedDict((lot, float(qty)) for lot, qty in zip(LOTS, stock))
    held = {lot: 1.0 for lot in held_lots}
    picks, missing = pick_lots(float(quantity), [], [], on_hand, held, True, 1.0)
    free = [lot for lot, qty in on_hand.items() if qty - held.get(lot, 0.0) >= 1.0]
    assert [lot for lot, _qty in picks] == free[:quantity]
    assert all(qty == SERIAL_QTY for _lot, qty in picks)
    assert missing == max(0, quantity - len(free))


@given(QTY, st.lists(QTY, min_size=1, max_size=4))
def test_picks_and_missing_make_up_the_quantity(quantity, stock):
    # at 0.01 kg, whatever the stock: taken + missing = wanted, up to rounding
    on_hand = OrderedDict(zip(LOTS, stock))
    picks, missing = pick_lots(quantity, [], [], on_hand, {}, False, 0.01)
    assert missing == 0.0
    assert sum(qty for _lot, qty in picks) == pytest.approx(quantity, abs=0.005)
