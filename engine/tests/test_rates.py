import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ..conversion import ACTIVITY_BASES, COST_BASES, applied_amount
from ..rates import Rate, budget_rate, predetermined_rate, select_rate

D = datetime.date


def test_predetermined_rate_textbook():
    # Horngren, Datar & Rajan, Cost Accounting: A Managerial Emphasis (14th ed.), ch. 4,
    # Robinson Company: budgeted manufacturing overhead 1,120,000 / 28,000 budgeted direct
    # manufacturing labour-hours = 40 per hour; job WPP 298 took 88 hours -> 3,520.
    rate = predetermined_rate(1120000.0, 28000.0)
    assert rate == 40.0
    assert rate * 88 == 3520.0


def test_predetermined_rate_refuses_zero_activity():
    with pytest.raises(ValueError):
        predetermined_rate(1000.0, 0.0)


RATES = [
    Rate(1, 'oh', 10.0, None, None, None, None),             # pool-wide, open
    Rate(2, 'oh', 11.0, None, 'metal', None, None),           # category
    Rate(3, 'oh', 12.0, 'press', None, None, None),           # work center
    Rate(4, 'oh', 13.0, 'press', 'metal', D(2018, 1, 1), D(2018, 6, 30)),
    Rate(5, 'lab', 50.0, None, None, None, None),             # another pool
]


@pytest.mark.parametrize('workcenter, categ, on_date, expected_id', [
    ('press', 'metal', D(2018, 3, 1), 4),
    ('press', 'metal', D(2018, 6, 30), 4),     # date_to is inclusive
    ('press', 'metal', D(2018, 7, 1), 3),      # then work center beats category
    ('press', 'wood', D(2018, 3, 1), 3),
    ('saw', 'metal', D(2018, 3, 1), 2),
    ('saw', 'wood', D(2018, 3, 1), 1),
    (None, None, D(2018, 3, 1), 1),
])
def test_the_most_specific_valid_rate_wins(workcenter, categ, on_date, expected_id):
    assert select_rate(RATES, 'oh', workcenter, categ, on_date).id == expected_id


def test_no_valid_rate_is_none():
    rates = [Rate(1, 'oh', 10.0, None, None, D(2018, 1, 1), None)]
    assert select_rate(rates, 'oh', None, None, D(2017, 12, 31)) is None
    assert select_rate(rates, 'other', None, None, D(2018, 1, 1)) is None


def test_ties_go_to_the_latest_start_then_the_highest_id():
    rates = [Rate(7, 'oh', 1.0, None, None, None, None),
             Rate(3, 'oh', 2.0, None, None, '2018-01-01', None),   # Odoo 11 dates are strings
             Rate(2, 'oh', 3.0, None, None, '2018-05-01', None),
             Rate(1, 'oh', 4.0, None, None, '2018-05-01', None)]
    assert select_rate(rates, 'oh', None, None, '2018-06-01').id == 2
    assert select_rate(rates, 'oh', None, None, '2018-02-01').id == 3
    assert select_rate(rates, 'oh', None, None, '2017-02-01').id == 7


OPTIONAL = st.one_of(st.none(), st.sampled_from(['a', 'b']))
DAY = st.integers(0, 20)
RATE = st.builds(lambda i, wc, cat, start, length: Rate(i, 'oh', float(i), wc, cat, start,
                                                        None if length is None else start + length),
                 st.integers(1, 50), OPTIONAL, OPTIONAL, DAY, st.one_of(st.none(), DAY))


@given(st.lists(RATE, max_size=8, unique_by=lambda rate: rate.id), OPTIONAL, OPTIONAL, DAY)
def test_selected_rate_is_valid_and_no_valid_rate_is_more_specific(rates, workcenter, categ, day):
    chosen = select_rate(rates, 'oh', workcenter, categ, day)
    valid = [r for r in rates
             if r.workcenter_key in (None, workcenter) and r.categ_key in (None, categ)
             and r.date_from <= day and (r.date_to is None or day <= r.date_to)]
    assert (chosen is None) == (not valid)
    if chosen is not None:
        assert chosen in valid
        rank = lambda r: (r.workcenter_key is not None, r.categ_key is not None)  # noqa: E731
        assert all(rank(r) <= rank(chosen) for r in valid)


def test_budget_rate_per_hour_and_in_percent():
    # 50 000 of overhead over 2 000 machine hours: 25 an hour; 30 000 over 120 000 of
    # material cost: 30 000 / 120 000 = 0.25, a rate of 25 (%)
    assert budget_rate(50000.0, 2000.0, 'machine_hours') == 25.0
    assert budget_rate(30000.0, 120000.0, 'material_cost') == 25.0
    with pytest.raises(ValueError):
        budget_rate(1000.0, 0.0, 'labour_cost')


@given(st.integers(0, 10 ** 9).map(lambda n: n / 100.0),
       st.integers(1, 10 ** 8).map(lambda n: n / 100.0),
       st.sampled_from(ACTIVITY_BASES + COST_BASES))
def test_a_budget_rate_applied_to_the_budgeted_activity_is_the_budget(amount, activity, basis):
    rate = budget_rate(amount, activity, basis)
    assert applied_amount(rate, activity, basis) == pytest.approx(amount, rel=1e-9, abs=1e-9)
