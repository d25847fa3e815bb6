import pytest
from hypothesis import given
from hypothesis import strategies as st

from ..conversion import Applied, Charge, applied_amount, apply_pools
from ..rounding import to_units


def test_seed_example():
    # DESIGN section 4: rate 10 per machine hour, 200 machine hours -> 2,000.00
    assert applied_amount(10.0, 200.0, 'machine_hours') == 2000.0
    [row] = apply_pools([Charge('oh', 'overhead', 'machine_hours', 10.0, 200.0, None)], 0.01)
    assert row.amount == 2000.0


def test_cost_bases_take_a_percent():
    # Lanen, Anderson & Maher, Fundamentals of Cost Accounting, "Prorate under- or overapplied
    # overhead" (Mark Corporation): 90,000 budgeted overhead / 200,000 budgeted direct labour
    # cost = 45 % of labour cost; actual labour 225,000 -> 101,250 applied.
    assert applied_amount(45.0, 225000.0, 'labour_cost') == 101250.0
    assert applied_amount(45.0, 1000.0, 'material_cost') == 450.0
    with pytest.raises(ValueError):
        applied_amount(1.0, 1.0, 'smiles')


def test_labour_is_applied_before_the_overhead_on_labour_cost():
    charges = [
        Charge('oh_labour', 'overhead', 'labour_cost', 45.0, None, None),
        Charge('oh_press', 'overhead', 'labour_cost', 10.0, None, 'press'),
        Charge('labour', 'labour', 'labour_hours', 30.0, 2.0, 'press'),
        Charge('labour', 'labour', 'labour_hours', 25.0, 4.0, 'saw'),
        Charge('oh_material', 'overhead', 'material_cost', 5.0, 333.33, None),
    ]
    assert apply_pools(charges, 0.01) == [
        Applied('labour', 'labour', 'labour_hours', 30.0, 2.0, 'press', 60.0),
        Applied('labour', 'labour', 'labour_hours', 25.0, 4.0, 'saw', 100.0),
        Applied('oh_labour', 'overhead', 'labour_cost', 45.0, 160.0, None, 72.0),
        Applied('oh_press', 'overhead', 'labour_cost', 10.0, 60.0, 'press', 6.0),
        Applied('oh_material', 'overhead', 'material_cost', 5.0, 333.33, None, 16.67),
    ]


@pytest.mark.parametrize('charge', [
    Charge('x', 'labour', 'labour_cost', 1.0, None, None),       # circular
    Charge('x', 'overhead', 'labour_cost', 1.0, 5.0, None),      # computed, not given
    Charge('x', 'overhead', 'machine_hours', 1.0, None, None),   # missing activity
    Charge('x', 'admin', 'units', 1.0, 1.0, None),               # unknown kind
])
def test_apply_pools_refuses_inconsistent_charges(charge):
    with pytest.raises(ValueError, match='Pool x'):
        apply_pools([charge], 0.01)


@given(st.lists(st.tuples(st.sampled_from(['labour', 'overhead']),
                          st.sampled_from(['machine_hours', 'labour_hours', 'units',
                                           'material_cost']),
                          st.integers(0, 10 ** 5).map(lambda n: n / 100.0),
                          st.integers(0, 10 ** 5).map(lambda n: n / 100.0)), max_size=6))
def test_every_amount_is_rounded_rate_times_activity(specs):
    charges = [Charge(i, kind, basis, rate, activity, None)
               for i, (kind, basis, rate, activity) in enumerate(specs)]
    rows = apply_pools(charges, 0.01)
    assert sorted(row.pool_key for row in rows) == list(range(len(specs)))
    assert [row.kind for row in rows] == sorted(row.kind for row in rows)   # labour first
    for row in rows:
        exact = applied_amount(row.rate, row.activity, row.basis)
        assert to_units(row.amount, 0.01) == to_units(exact, 0.01)
