from hypothesis import given
from hypothesis import strategies as st

from ..rounding import to_units
from ..unbuild import reversal_share, reversed_amounts


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
