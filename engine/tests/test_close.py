import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ..close import (PoolPeriod, actual_shares, applied_rate, close_control_lines,
                     close_lines, unabsorbed_overhead, under_over_applied)
from ..rounding import to_units


def period(applied, actual, rate=None, actual_activity=None):
    return PoolPeriod('MOH', 'applied', 'control', applied, actual, rate, actual_activity)


def moves(lines):
    return [(line.account, line.debit, line.credit) for line in lines]


def test_design_example_normal_capacity():
    # DESIGN section 6: rate 10/unit set on a normal 1,000 units, 800 produced -> applied
    # 8,000; actual 9,500 -> Dr Applied 8,000, Dr Unabsorbed 2,000 / Cr Control 9,500, Cr COGS 500.
    lines = close_lines(period(8000.0, 9500.0, rate=10.0, actual_activity=800.0),
                        'normal_capacity', 0.01, cogs_account='cogs', normal_activity=1000.0,
                        unabsorbed_account='unabsorbed')
    assert moves(lines) == [('applied', 8000.0, 0.0), ('control', 0.0, 9500.0),
                            ('unabsorbed', 2000.0, 0.0), ('cogs', 0.0, 500.0)]


def test_lines_are_labelled_by_what_the_pool_applies():
    """A labour pool's close says labour: applied 1,000, actual 900 -> over-applied 100."""
    lines = close_lines(PoolPeriod('Direct labour', 'applied', 'control', 1000.0, 900.0,
                                   None, None), 'cogs', 0.01, cogs_account='cogs', cost='labour')
    assert [(line.account, line.name) for line in lines] == [
        ('applied', 'Direct labour: labour applied'), ('control', 'Direct labour: actual labour'),
        ('cogs', 'Direct labour: over-applied labour')]
    overhead = close_lines(period(1000.0, 1100.0), 'cogs', 0.01, cogs_account='cogs')
    assert overhead[-1].name == 'MOH: under-applied overhead'


def test_underallocated_to_cogs_textbook():
    # Horngren, Datar & Rajan, Cost Accounting (14th ed.), ch. 4, Robinson Company: actual
    # overhead 1,215,000, allocated 27,000 h * 40 = 1,080,000 -> 135,000 underallocated to COGS.
    assert under_over_applied(1080000.0, 1215000.0) == (135000.0, 0.0)
    lines = close_lines(period(27000 * 40.0, 1215000.0), 'cogs', 0.01, cogs_account='cogs')
    assert moves(lines) == [('applied', 1080000.0, 0.0), ('control', 0.0, 1215000.0),
                            ('cogs', 135000.0, 0.0)]


def test_overapplied_prorated_textbook():
    # Lanen, Anderson & Maher, Fundamentals of Cost Accounting, "Prorate under- or overapplied
    # overhead" (Mark Corporation): applied 101,250 (WIP 10,125, FG 30,375, COGS 60,750),
    # actual 97,000 -> 4,250 over-applied, credited 425 / 1,275 / 2,550.
    assert under_over_applied(101250.0, 97000.0) == (0.0, 4250.0)
    balances = [('wip', 10125.0), ('fg', 30375.0), ('cogs', 60750.0)]
    lines = close_lines(period(101250.0, 97000.0), 'prorate', 0.01, prorate_balances=balances)
    assert moves(lines) == [('applied', 101250.0, 0.0), ('control', 0.0, 97000.0),
                            ('wip', 0.0, 425.0), ('fg', 0.0, 1275.0), ('cogs', 0.0, 2550.0)]


def test_prorate_rounding_rest_on_the_largest_balance():
    lines = close_lines(period(0.0, 100.0), 'prorate', 0.01,
                        prorate_balances=[('wip', 1.0), ('fg', 1.0), ('cogs', 1.0001)])
    assert moves(lines) == [('control', 0.0, 100.0),   # nothing applied: no zero line
                            ('wip', 33.33, 0.0), ('fg', 33.33, 0.0), ('cogs', 33.34, 0.0)]


@pytest.mark.parametrize('balances', [
    [('wip', 0.0), ('cogs', 0.0)], [('wip', -5.0), ('cogs', 10.0)], []])
def test_prorate_refuses_zero_or_negative_balances(balances):
    with pytest.raises(ValueError, match='MOH'):
        close_lines(period(10.0, 20.0), 'prorate', 0.01, prorate_balances=balances)


def test_overapplied_with_normal_capacity():
    # activity short (800 of 1,000) but spending low: the 2,000 volume variance is still
    # expensed, the favourable spending variance of 3,000 reduces COGS.
    lines = close_lines(period(8000.0, 7000.0, rate=10.0, actual_activity=800.0),
                        'normal_capacity', 0.01, cogs_account='cogs', normal_activity=1000.0,
                        unabsorbed_account='unabs')
    assert moves(lines)[2:] == [('unabs', 2000.0, 0.0), ('cogs', 0.0, 3000.0)]
    # activity above normal: nothing unabsorbed, everything to COGS
    lines = close_lines(period(12000.0, 11000.0, rate=10.0, actual_activity=1200.0),
                        'normal_capacity', 0.01, cogs_account='cogs', normal_activity=1000.0,
                        unabsorbed_account='unabs')
    assert moves(lines)[2:] == [('cogs', 0.0, 1000.0)]


def test_pools_sharing_a_control_account():
    # two fixed pools credit against one control account: rates 10 and 5 per unit, normal
    # 1,000 units, 800 made -> applied 8,000 + 4,000; actual 15,500 on the control
    # account -> under-applied 3,500 = unabsorbed 2,000 + 1,000, COGS 500.
    pools = [PoolPeriod('A', 'applied A', 'control', 8000.0, 15500.0, 10.0, 800.0),
             PoolPeriod('B', 'applied B', 'control', 4000.0, 15500.0, 5.0, 800.0)]
    lines = close_control_lines(pools, 15500.0, 'normal_capacity', 0.01, cogs_account='cogs',
                                normal_activity=1000.0, unabsorbed_account='unabs')
    assert moves(lines) == [('applied A', 8000.0, 0.0), ('applied B', 4000.0, 0.0),
                            ('control', 0.0, 15500.0), ('unabs', 2000.0, 0.0),
                            ('unabs', 1000.0, 0.0), ('cogs', 500.0, 0.0)]
    # to COGS: the difference of the account, 15,500 - 12,000
    lines = close_control_lines(pools, 15500.0, 'cogs', 0.01, cogs_account='cogs')
    assert moves(lines)[2:] == [('control', 0.0, 15500.0), ('cogs', 3500.0, 0.0)]
    # the pools' unabsorbed overhead together never exceeds the actual: 2,000 then 500
    lines = close_control_lines(pools, 2500.0, 'normal_capacity', 0.01, cogs_account='cogs',
                                normal_activity=1000.0, unabsorbed_account='unabs')
    assert moves(lines)[3:] == [('unabs', 2000.0, 0.0), ('unabs', 500.0, 0.0),
                                ('cogs', 0.0, 12000.0)]


def test_actual_shares_of_a_shared_control_account():
    # 15,500 actual against 8,000 and 4,000 applied: 15,500 x 8/12 = 10,333.33 and
    # 15,500 x 4/12 = 5,166.67 (the rounding rest on the larger); nothing applied: halves
    assert actual_shares(15500.0, [8000.0, 4000.0], 0.01) == [10333.33, 5166.67]
    assert actual_shares(100.0, [0.0, 0.0], 0.01) == [50.0, 50.0]
    assert actual_shares(100.0, [30.0], 0.01) == [100.0]


def test_unabsorbed_is_capped_by_the_actual_overhead():
    assert unabsorbed_overhead(10.0, 1000.0, 800.0, 9500.0) == 2000.0
    assert unabsorbed_overhead(10.0, 1000.0, 800.0, 1500.0) == 1500.0
    assert unabsorbed_overhead(10.0, 1000.0, 1200.0, 9500.0) == 0.0


def test_nothing_to_close_and_bad_arguments():
    assert close_lines(period(0.001, 0.0), 'cogs', 0.01, cogs_account='cogs') == []
    with pytest.raises(ValueError, match='disposition'):
        close_lines(period(1.0, 2.0), 'lottery', 0.01)
    with pytest.raises(ValueError, match='COGS account'):
        close_lines(period(1.0, 2.0), 'cogs', 0.01)
    with pytest.raises(ValueError, match='normal activity'):
        close_lines(period(1.0, 2.0, 1.0, 1.0), 'normal_capacity', 0.01, cogs_account='c',
                    unabsorbed_account='u')


MONEY = st.integers(-10 ** 9, 10 ** 9).map(lambda n: n / 1000.0)


BALANCES = st.lists(st.integers(0, 10 ** 8).map(lambda n: n / 100.0), min_size=1, max_size=4)


@given(MONEY, MONEY, BALANCES, st.sampled_from(['cogs', 'prorate', 'normal_capacity']),
       st.integers(0, 2000), st.integers(1, 2000), st.sampled_from([0.01, 1.0, 0.05]))
def test_every_close_balances_and_zeroes_applied_and_control(applied, actual, balances, disposition,
                                                             activity, normal, rounding):
    assume(any(balances))
    # hypothesis types assume(False) as NoReturn, and pylint follows that overload
    # pylint: disable=unreachable
    prorate = [('prorate%d' % i, balance) for i, balance in enumerate(balances)]
    lines = close_lines(period(applied, actual, rate=7.5, actual_activity=float(activity)),
                        disposition, rounding, cogs_account='cogs', prorate_balances=prorate,
                        normal_activity=float(normal), unabsorbed_account='unabsorbed')

    def net(account):
        return sum(to_units(line.debit, rounding) - to_units(line.credit, rounding)
                   for line in lines if line.account == account)

    assert sum(net(account) for account in set(line.account for line in lines)) == 0
    assert net('applied') == to_units(applied, rounding)
    assert net('control') == -to_units(actual, rounding)
    disposed = sum(net(account) for account in ['cogs', 'unabsorbed'] + [a for a, _b in prorate])
    assert disposed == to_units(actual, rounding) - to_units(applied, rounding)
    if disposition == 'prorate':
        difference = (to_units(actual, rounding) - to_units(applied, rounding)) * 1.0
        for account, balance in prorate:
            assert abs(net(account) - difference * balance / sum(balances)) <= len(prorate)


def test_applied_rate_of_a_range():
    assert applied_rate(8000.0, 800.0, 12.0) == 10.0     # 8,000 applied over 800 units
    assert applied_rate(0.0, 0.0, 12.0) == 12.0          # no activity: the pool's rate
    assert applied_rate(0.0, 0.0) == 0.0
