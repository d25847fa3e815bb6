import pytest
from hypothesis import given
from hypothesis import strategies as st

from ..finished_cost import byproduct_value, finished_unit_cost

MONEY = st.integers(-10 ** 8, 10 ** 8).map(lambda n: n / 100.0)
QTY = st.integers(1, 10 ** 6).map(lambda n: n / 1000.0)


def test_known_unit_cost():
    # 10 tables: 12.50 in WIP from an earlier posting without goods, 120.00 of
    # components, 30.00 of conversion, a by-product of 2.5 kg of offcuts at 5.00 = 12.50:
    # (12.50 + 120.00 + 30.00 - 12.50) / 10 = 15.00 a table
    offcuts = byproduct_value([(5.0, 2.5)])
    assert offcuts == 12.5
    assert finished_unit_cost(12.5, 120.0, 30.0, offcuts, 10.0) == 15.0


def test_byproducts_sum_price_times_quantity():
    # 3 kg at 2.00 + 4 units at 0.25 = 7.00; none: 0
    assert byproduct_value([(2.0, 3.0), (0.25, 4.0)]) == 7.0
    assert byproduct_value([]) == 0


def test_a_zero_wip_is_a_zero_cost():
    # nothing costed: Odoo then takes the product's cost (stock.move._get_price_unit)
    assert finished_unit_cost(0.0, 0.0, 0.0, 0.0, 4.0) == 0.0


@pytest.mark.parametrize('qty', [0.0, -1.0])
def test_no_unit_cost_without_goods(qty):
    with pytest.raises(ValueError, match='finished quantity'):
        finished_unit_cost(10.0, 5.0, 1.0, 0.0, qty)


@given(MONEY, MONEY, MONEY, st.lists(st.tuples(MONEY, QTY), max_size=4), QTY)
def test_the_goods_received_carry_the_whole_wip(before, components, conversion,
                                                 byproducts, qty):
    # what the finished goods are worth (unit cost x quantity) plus the by-products is
    # what the order had in WIP after the posting's components and conversion
    offcuts = byproduct_value(byproducts)
    wip = before + components + conversion
    cost = finished_unit_cost(before, components, conversion, offcuts, qty)
    assert cost * qty + offcuts == pytest.approx(wip, rel=1e-9, abs=1e-6)


@given(MONEY, MONEY, MONEY, QTY, st.integers(2, 50))
def test_the_unit_cost_does_not_depend_on_the_batch_size(before, components, conversion,
                                                          qty, times):
    # n times the WIP over n times the goods: the same unit cost
    once = finished_unit_cost(before, components, conversion, 0.0, qty)
    scaled = finished_unit_cost(before * times, components * times, conversion * times,
                                0.0, qty * times)
    assert scaled == pytest.approx(once, rel=1e-9, abs=1e-9)
