import math

from hypothesis import given
from hypothesis import strategies as st

from ..rounding import float_round, round_money
from ..unbuild import Consumed, reversed_log_amounts, unbuild_returns


def test_a_pool_reversed_once_then_spread():
    """Two lines of 0.03 of one pool, 1/7 unbuilt: the entry reverses 0.06 / 7 = 0.0086,
    0.01; line by line it would be 0.0043 -> 0.00 twice."""
    assert sorted(reversed_log_amounts([0.03, 0.03], 1 / 7.0, 0.01)) == [-0.01, 0.0]


def test_lines_adding_up_to_zero_stay_so():
    assert reversed_log_amounts([5.0, -5.0], 0.5, 0.01) == [-2.5, 2.5]
    assert sum(reversed_log_amounts([0.05, -0.05], 0.5, 0.01)) == 0.0


@given(st.lists(st.integers(-10 ** 6, 10 ** 6), min_size=1, max_size=6),
       st.integers(1, 100), st.integers(1, 100))
def test_lines_add_up_to_the_reversed_total(cents, unbuilt, received):
    """Whatever the lines and the share, they add up to -share x total rounded once, and
    each is less than a cent from -share x its amount."""
    amounts = [cent / 100.0 for cent in cents]
    share = min(unbuilt, received) / float(received)
    result = reversed_log_amounts(amounts, share, 0.01)
    assert len(result) == len(amounts)
    assert abs(sum(result) - round_money(-share * sum(amounts), 0.01)) < 1e-6
    for amount, line in zip(amounts, result):
        assert abs(line + share * amount) < 0.01 + 1e-6


def test_whole_units_split_over_the_raw_moves_never_negative():
    """Tops consumed one a posting, 6 postings; 3 of the 6 unbuilt (share 0.5): 1, 1, 1
    back from the three oldest moves, none from the others (not 1 x 5 and -2)."""
    consumed = [Consumed(move, 'top', None, 1.0, 0.5) for move in range(1, 7)]
    returns, shortages = unbuild_returns(consumed, {'top': 3.0}, {'top': 'none'}, {},
                                         {'top': 1.0})
    assert shortages == []
    assert [returned.qty for returned in returns] == [1.0, 1.0, 1.0, 0.0, 0.0, 0.0]


@given(st.lists(st.integers(1, 20), min_size=1, max_size=8), st.integers(1, 100),
       st.integers(1, 100))
def test_untracked_returns_add_up_and_stay_within_each_move(units, unbuilt, received):
    """Whatever the moves and the share: the returns add up to the share of the whole,
    rounded to the unit; each is whole, at least 0 and at most its own share rounded
    up."""
    share = min(unbuilt, received) / float(received)
    consumed = [Consumed(move, 'p', None, float(qty), share)
                for move, qty in enumerate(units)]
    returns, _shortages = unbuild_returns(consumed, {}, {'p': 'none'}, {}, {'p': 1.0})
    back = [returned.qty for returned in returns]
    assert sum(back) == float_round(share * sum(units), 1.0)
    for qty, returned in zip(units, back):
        assert returned == int(returned)
        assert 0 <= returned <= math.ceil(share * qty - 1e-9)


def test_never_more_back_than_is_still_consumed():
    """2 benches at a panel per 2 benches consumed 1 panel. Unbuilding 1 bench gives the
    panel back (0.5 rounded up to whole panels); the second bench then gives back none,
    not a second panel."""
    consumed = [Consumed(1, 'panel', None, 1.0, 0.5)]
    first, _shortages = unbuild_returns(consumed, {'panel': 0.5}, {'panel': 'none'}, {},
                                        {'panel': 1.0})
    assert [returned.qty for returned in first] == [1.0]
    second, _shortages = unbuild_returns(consumed, {'panel': 0.5}, {'panel': 'none'},
                                         {('panel', None): 1.0}, {'panel': 1.0},
                                         {'panel': 0.5})
    assert [returned.qty for returned in second] == [0.0]


def test_rounded_over_every_unbuild_of_the_order():
    """3 benches at a panel per 2 benches consumed 2 panels (1.5 rounded up). Unbuilt
    one at a time, 1, 2 and 3 benches contain 0.5, 1 and 1.5 panels: 1, 1 and 2 rounded,
    so 1, 0 and 1 come back (2 for 2 unbuilt benches would leave the last one none)."""
    consumed = [Consumed(1, 'panel', None, 2.0, 1 / 3.0)]
    backs, returned = [], 0.0
    for before in (0.0, 0.5, 1.0):
        returns, _shortages = unbuild_returns(
            consumed, {'panel': 0.5}, {'panel': 'none'}, {('panel', None): returned},
            {'panel': 1.0}, {'panel': before})
        backs.append(returns[0].qty)
        returned += returns[0].qty
    assert backs == [1.0, 0.0, 1.0]
