from hypothesis import given
from hypothesis import strategies as st

from ..rounding import to_units
from ..variances import ComponentCost, Variances, split_variances, variance_entry

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
    accounts = Variances('usage', 'price', 'efficiency', 'revision')
    lines = variance_entry('wip', accounts, variances, 0.01, 'MO/7')
    assert [(line.account, line.debit, line.credit) for line in lines] == [
        ('usage', 10.0, 0.0), ('price', 11.0, 0.0), ('efficiency', 10.0, 0.0),
        ('revision', 5.0, 0.0), ('wip', 0.0, 36.0)]   # WIP: 121 + 60 - 145 = 36, cleared


def test_favourable_variances_are_credits():
    screw = ComponentCost('screw', 10.0, 9.0, 1.0, 8.0)
    variances = split_variances([screw], 20.0, 20.0, 35.0, 0.01)
    assert variances == Variances(-1.0, -1.0, 0.0, -5.0)
    lines = variance_entry('wip', Variances('var', 'var', 'var', 'var'), variances, 0.01, 'MO')
    assert sum(line.credit for line in lines if line.account == 'var') == 7.0
    assert [line.debit for line in lines if line.account == 'wip'] == [7.0]


COMPONENT = st.builds(ComponentCost, st.just('p'), QTY, QTY,
                      st.integers(0, 10 ** 6).map(lambda n: n / 10000.0), MONEY)


@given(st.lists(COMPONENT, max_size=6), MONEY, MONEY, MONEY, st.sampled_from([0.01, 1.0, 0.05]))
def test_variances_clear_the_wip_of_the_posting(components, applied, standard, fg_value, rounding):
    variances = split_variances(components, applied, standard, fg_value, rounding)
    wip_debits = (sum(to_units(c.actual_value, rounding) for c in components)
                  + to_units(applied, rounding))
    wip_rest = wip_debits - to_units(fg_value, rounding)
    assert sum(to_units(v, rounding) for v in variances) == wip_rest
    lines = variance_entry('wip', Variances('a', 'b', 'c', 'd'), variances, rounding, 'MO')
    wip_credit = sum(to_units(line.credit - line.debit, rounding)
                     for line in lines if line.account == 'wip')
    assert wip_credit == wip_rest          # WIP of the posting ends at 0
    assert sum(to_units(line.debit - line.credit, rounding) for line in lines) == 0
