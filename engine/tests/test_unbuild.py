from hypothesis import given
from hypothesis import strategies as st

from ..rounding import float_round, to_units
from ..unbuild import (Consumed, Returned, Shortage, reversal_share, reversed_amounts,
                       unbuild_returns)


def test_reversal_share_is_the_unbuilt_part_of_what_was_produced():
    assert reversal_share(4.0, 10.0) == 0.4
    assert reversal_share(10.0, 10.0) == 1.0
    assert reversal_share(12.0, 10.0) == 1.0      # never more than what was produced
    assert reversal_share(3.0, 0.0) == 0.0        # nothing produced: nothing to reverse


def test_reversed_amounts_key_by_key():
    # 4 of 10 unbuilt: 40 % of Cr applied 100.00 and of Dr revision 33.33 (13.332)
    amounts = reversed_amounts({'applied': -100.0, 'revision': 33.33}, 0.4, 0.01)
    assert list(amounts.items()) == [('applied', 40.0), ('revision', -13.33)]


@given(st.dictionaries(st.integers(0, 5), st.integers(-10 ** 6, 10 ** 6).map(lambda n: n / 100.0)))
def test_a_full_reversal_nets_every_balance_to_zero(balances):
    amounts = reversed_amounts(balances, 1.0, 0.01)
    assert all(to_units(balances[key] + amount, 0.01) == 0 for key, amount in amounts.items())


def _returns(consumed, contained, tracking, returned_before=None, rounding=1.0):
    products = set(line.product_key for line in consumed)
    return unbuild_returns(consumed, contained, dict.fromkeys(products, tracking),
                           returned_before or {}, dict.fromkeys(products, rounding))


def test_the_planned_scrap_stays_consumed():
    # 10 stools of 4 legs at 5 % scrap, posted 5 + 5: 21 + 21 legs, the stools hold 40
    returns, shortages = _returns([Consumed(1, 'leg', None, 21.0, 1.0),
                                   Consumed(2, 'leg', None, 21.0, 1.0)], {'leg': 40.0}, 'none')
    assert shortages == []
    assert [(r.move_key, r.qty, round(r.kept_qty, 9)) for r in returns] == [
        (1, 20.0, 1.0), (2, 20.0, 1.0)]


def test_a_part_returns_whole_units_the_rest_on_the_largest_move():
    # 4 of 10 stools posted 3 + 7 (13 + 29 legs): 0.4 x 42 = 16.8 wanted, 16 held:
    # 13 x 16 / 42 = 4.95 -> 5, the rest 11 on the 29 legs' move; 0.8 leg kept
    returns, _shortages = _returns([Consumed(1, 'leg', None, 13.0, 0.4),
                                    Consumed(2, 'leg', None, 29.0, 0.4)], {'leg': 16.0}, 'none')
    assert [r.qty for r in returns] == [5.0, 11.0]
    assert round(sum(r.kept_qty for r in returns), 9) == 0.8


def test_a_component_added_by_hand_comes_back_in_its_share():
    returns, _shortages = _returns([Consumed(1, 'extra', None, 3.0, 0.5)], {}, 'none',
                                   rounding=0.5)
    assert returns == [Returned(1, 1.5, 0.0, ())]


# an order of 4 lamps posted as lots L1 (SN-1, SN-2) and L2 (SN-3, SN-4): unbuilding 1
# lamp of L1 takes half of L1's lines and none of L2's
SERIALS = [Consumed(1, 'motor', 'SN-1', 1.0, 0.5), Consumed(1, 'motor', 'SN-2', 1.0, 0.5),
           Consumed(2, 'motor', 'SN-3', 1.0, 0.0), Consumed(2, 'motor', 'SN-4', 1.0, 0.0)]


def test_serial_numbers_of_the_lot_come_back_one_each():
    assert _returns(SERIALS, {'motor': 1.0}, 'serial') == (
        [Returned(1, 1.0, 0.0, (('SN-1', 1.0),))], [])
    # SN-1 came back by an earlier unbuild: SN-2, never SN-1 twice nor SN-3 of L2
    assert _returns(SERIALS, {'motor': 1.0}, 'serial', {('motor', 'SN-1'): 1.0}) == (
        [Returned(1, 1.0, 0.0, (('SN-2', 1.0),))], [])


def test_serial_numbers_already_returned_or_in_halves_are_refused():
    assert _returns(SERIALS, {'motor': 1.0}, 'serial',
                    {('motor', 'SN-1'): 1.0, ('motor', 'SN-2'): 1.0})[1] == [
        Shortage('motor', 1.0, 0.0, 'returned')]
    # a lamp holding half a motor (unit rounding 1 would make it 1): refused
    assert _returns(SERIALS, {'motor': 0.5}, 'serial')[1] == [
        Shortage('motor', 0.5, None, 'fraction')]


@given(st.lists(st.tuples(st.integers(1, 4), st.integers(1, 50),
                          st.sampled_from([0.0, 0.25, 1.0])), min_size=1, max_size=8),
       st.integers(0, 60))
def test_untracked_returns_add_up_to_the_held_quantity(lines, held):
    """Whole units: what comes back is min(wanted, held) rounded half-up, split over the
    moves without losing a unit, never more than they consumed; what stays consumed is
    the rest of what is wanted (negative when rounding gives back a part more)."""
    consumed = [Consumed(move, 'leg', None, float(qty), share) for move, qty, share in lines]
    wanted = sum(line.qty * line.share for line in consumed)
    returns, shortages = _returns(consumed, {'leg': float(held)}, 'none')
    assert shortages == []
    back = sum(r.qty for r in returns)
    assert abs(back - float_round(min(wanted, held), 1.0)) < 1e-9
    assert back <= sum(line.qty for line in consumed if line.share)
    assert abs(back + sum(r.kept_qty for r in returns) - wanted) < 1e-9


def test_a_lot_comes_back_again_a_serial_number_never():
    """4 tables took LOT-A 5, LOT-B 5, LOT-C 2 (3 bolts each): unbuilding 2 gives back A 5
    and B 1, the other 2 B 4 and C 2; 2 more than the order made (Odoo lets an unbuild
    take apart more) give A 5 and B 1 again. Serial numbers are refused instead."""
    bolts = [Consumed(1, 'bolt', 'A', 5.0, 0.5), Consumed(1, 'bolt', 'B', 5.0, 0.5),
             Consumed(1, 'bolt', 'C', 2.0, 0.5)]
    assert _returns(bolts, {'bolt': 6.0}, 'lot') == (
        [Returned(1, 6.0, 0.0, (('A', 5.0), ('B', 1.0)))], [])
    before = {('bolt', 'A'): 5.0, ('bolt', 'B'): 1.0}
    assert _returns(bolts, {'bolt': 6.0}, 'lot', before) == (
        [Returned(1, 6.0, 0.0, (('B', 4.0), ('C', 2.0)))], [])
    before = {('bolt', 'A'): 5.0, ('bolt', 'B'): 5.0, ('bolt', 'C'): 2.0}
    assert _returns(bolts, {'bolt': 6.0}, 'lot', before) == (
        [Returned(1, 6.0, 0.0, (('A', 5.0), ('B', 1.0)))], [])
    assert _returns(bolts, {'bolt': 6.0}, 'serial', before)[1] == [
        Shortage('bolt', 6.0, 0.0, 'returned')]
