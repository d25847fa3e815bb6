from hypothesis import given
from hypothesis import strategies as st

from ..rounding import from_units, to_units
from ..variances import (ComponentCost, Variances, booked_rest, closed_order_split,
                         efficiency_by_pool, split_variances)

MONEY = st.integers(0, 10 ** 7).map(lambda n: n / 1000.0)
QTY = st.integers(0, 10 ** 5).map(lambda n: n / 100.0)


def test_known_split():
    # 10 units of a product standing at 14.50 (2 kg at 5.00 + 0.5 h at 10.00, revised down
    # by 0.50): 22 kg consumed at 5.50, 6 h applied at 10.00.
    steel = ComponentCost('steel', standard_qty=20.0, actual_qty=22.0, standard_cost=5.0,
                          actual_value=121.0)
    variances = split_variances([steel], applied_conversion=60.0, standard_conversion=50.0,
                                fg_standard_value=145.0, currency_rounding=0.01)
    assert variances == Variances(material_usage=10.0, material_price=11.0,
                                  conversion_efficiency=10.0, standard_revision=5.0)
    assert sum(variances) == 36.0       # WIP: 121 + 60 - 145 = 36, cleared


def test_favourable_variances_are_credits():
    screw = ComponentCost('screw', 10.0, 9.0, 1.0, 8.0)
    variances = split_variances([screw], 20.0, 20.0, 35.0, 0.01)
    assert variances == Variances(-1.0, -1.0, 0.0, -5.0)
    assert sum(variances) == -7.0       # WIP: 8 + 20 - 35, credited to the variances


COMPONENT = st.builds(ComponentCost, st.just('p'), QTY, QTY,
                      st.integers(0, 10 ** 6).map(lambda n: n / 10000.0), MONEY)


@given(st.lists(COMPONENT, max_size=6), MONEY, MONEY, MONEY, st.sampled_from([0.01, 1.0, 0.05]))
def test_variances_clear_the_wip_of_the_posting(components, applied, standard, fg_value, rounding):
    variances = split_variances(components, applied, standard, fg_value, rounding)
    wip_debits = (sum(to_units(c.actual_value, rounding) for c in components)
                  + to_units(applied, rounding))
    wip_rest = wip_debits - to_units(fg_value, rounding)
    assert sum(to_units(v, rounding) for v in variances) == wip_rest   # WIP ends at 0


def test_booked_rest_is_what_the_rounded_entries_leave():
    # components 10.00 + conversion 5.00 - finished goods 14.00 explain 1.00 of WIP; two
    # moves of the component booked 3.34 + 6.67 = 10.01 (its value 10.00): WIP holds 1.01
    panel = ComponentCost('panel', 2.0, 2.0, 5.0, 10.0)
    assert booked_rest(1.01, [panel], 5.0, 14.0, 0.01) == ComponentCost(
        None, 0.0, 0.0, 0.0, 0.01)
    assert booked_rest(1.0, [panel], 5.0, 14.0, 0.01) is None


def test_efficiency_is_carried_by_its_pools():
    # labour applied 12 h x 25 = 300 against 10 h x 25 = 250 standard: +50; machine
    # overhead 120 applied against 130 standard: -10; the posting's efficiency +40
    assert efficiency_by_pool(40.0, {'labour': 300.0, 'machine': 120.0},
                              {'labour': 250.0, 'machine': 130.0}, 0.01) == [
        ('labour', 50.0), ('machine', -10.0)]
    # a pool on standard only (no time logged on it): all of it favourable
    assert efficiency_by_pool(-30.0, {}, {'setup': 30.0}, 0.01) == [('setup', -30.0)]
    # on standard exactly: nothing to carry
    assert efficiency_by_pool(0.0, {'labour': 10.0}, {'labour': 10.0}, 0.01) == []


def test_efficiency_without_pools_stays_whole():
    assert efficiency_by_pool(0.02, {}, {}, 0.01) == [(None, 0.02)]
    assert efficiency_by_pool(0.0, {}, {}, 0.01) == []


def test_efficiency_rounding_rest_goes_to_the_largest_pool():
    # 1/3-cent parts: 0.333 + 0.333 + 0.334 round to 0.33 each, 0.99; the posting's
    # efficiency (rounded as a whole) is 1.00: the cent goes to the largest, the third
    assert efficiency_by_pool(1.0, {'a': 0.333, 'b': 0.333, 'c': 0.334}, {}, 0.01) == [
        ('a', 0.33), ('b', 0.33), ('c', 0.34)]


POOLS = st.dictionaries(st.sampled_from('abcde'), MONEY, max_size=5)


@given(POOLS, POOLS, st.sampled_from([0.01, 1.0, 0.05]), st.integers(-3, 3))
def test_efficiency_parts_add_up_to_the_posting_efficiency(applied, standard, rounding, rest):
    efficiency = from_units(to_units(sum(applied.values()) - sum(standard.values()), rounding)
                            + rest, rounding)
    parts = efficiency_by_pool(efficiency, applied, standard, rounding)
    assert sum(to_units(amount, rounding) for _pool, amount in parts) == to_units(
        efficiency, rounding)
    assert len({pool for pool, _amount in parts}) == len(parts)


def test_closed_order_split_known():
    # 20.00 repriced on an order that received 5 boards: all 5 on hand, in two receipts
    # of 2 and 3: 8.00 and 12.00 to stock, nothing to the variance
    assert closed_order_split(20.0, [2.0, 3.0], 5.0, 0.01) == ([8.0, 12.0], 0.0)
    # 2 of the 5 delivered: 3 / 5 of 20.00 = 12.00 to stock, 8.00 variance
    assert closed_order_split(20.0, [0.0, 3.0], 5.0, 0.01) == ([0.0, 12.0], 8.0)
    # a credit (a cheaper receipt): -10.00, 1 of 3 on hand: -3.33 to stock, -6.67
    assert closed_order_split(-10.0, [1.0], 3.0, 0.01) == ([-3.33], -6.67)
    # nothing on hand, or nothing received (a cancelled order): all variance
    assert closed_order_split(20.0, [0.0], 5.0, 0.01) == ([0.0], 20.0)
    assert closed_order_split(20.0, [], 0.0, 0.01) == ([], 20.0)


@given(MONEY.map(lambda amount: amount - 5000.0), st.lists(QTY, max_size=4), QTY)
def test_closed_order_split_adds_up_and_never_exceeds(amount, layers, received):
    shares, variance = closed_order_split(amount, layers, received, 0.01)
    assert len(shares) == len(layers)
    assert sum(to_units(share, 0.01) for share in shares) + to_units(variance, 0.01) \
        == to_units(amount, 0.01)
    stock = sum(to_units(share, 0.01) for share in shares)
    assert abs(stock) <= abs(to_units(amount, 0.01))
    if received > 0 and sum(layers) >= received:
        assert to_units(variance, 0.01) == 0
