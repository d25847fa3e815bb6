import pytest
from hypothesis import given
from hypothesis import strategies as st

from ..replenishment import Shortfall, shortfall, shortfalls

QTY = st.integers(0, 100000).map(lambda n: n / 100.0)
ROUNDINGS = st.sampled_from([0.0, 0.01, 0.5, 1.0])


def test_shortfall_known_answers():
    assert shortfall(50.0, 20.0) == 30.0
    assert shortfall(50.0, 20.0, incoming_qty=25.0) == 5.0
    assert shortfall(50.0, 80.0) == 0.0                       # enough on hand
    assert shortfall(10.0, -4.0) == 14.0                      # negative stock is a hole
    assert shortfall(10.2, 0.0, rounding=1.0) == 11.0         # rounded up to whole units


def test_shortfall_refuses_negative_demand():
    with pytest.raises(ValueError):
        shortfall(-1.0, 0.0)


def test_shortfalls_keeps_only_what_to_bring_sorted():
    demands = {("line 2", "screw"): 100.0, ("line 1", "leg"): 40.0, ("line 1", "top"): 5.0}
    on_hand = {("line 1", "leg"): 12.0, ("line 1", "top"): 9.0}
    incoming = {("line 2", "screw"): 30.0}
    assert shortfalls(demands, on_hand, incoming, {("line 2", "screw"): 1.0}) == [
        Shortfall(("line 1", "leg"), 40.0, 12.0, 0.0, 28.0),
        Shortfall(("line 2", "screw"), 100.0, 0.0, 30.0, 70.0),
    ]


@given(QTY, QTY, QTY, ROUNDINGS)
def test_after_replenishment_demand_is_covered(demand, on_hand, incoming, rounding):
    qty = shortfall(demand, on_hand, incoming, rounding)
    assert qty >= 0
    assert on_hand + incoming + qty >= demand - 1e-9
    # never more than one rounding step beyond what is needed
    assert qty <= max(0.0, demand - on_hand - incoming) + rounding + 1e-9
