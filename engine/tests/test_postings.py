"""Rounding trued up across the postings of an order (issue 11, kind 1), and the
components an order keeps from its confirmation (kind 2)."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ..consumption import (Bom, BomLine, LineRequirement, boms_from_data, boms_to_data,
                           explode, posting_requirement)

SCREWS = Bom('table', 1.0, [BomLine('kit', 'legkit', 4.0, 1.0, 0.0, 1.0)])
LEG_KIT = Bom('legkit', 1.0, [BomLine('screw', 'screw', 4.0, 1.0, 5.0, 1.0)])
KITS = {'legkit': LEG_KIT}


def postings(split, bom=SCREWS, kits=KITS, rounding=1.0):
    """Required and scrap of the screw line in each posting of ``split`` tables."""
    earlier_required = earlier_scrap = 0.0
    done = 0.0
    result = []
    for qty in split:
        done += qty
        cumulative = explode(bom, done, kits.get)[0]
        requirement = posting_requirement(cumulative, earlier_required, earlier_scrap,
                                          rounding)
        earlier_required += requirement.required_qty
        earlier_scrap += requirement.scrap_qty
        result.append((requirement.required_qty, requirement.scrap_qty))
    return result


def test_oak_table_68_then_100():
    """4 x 16.8 = 67.2 -> 68; 10 x 16.8 = 168 - 68 = 100 (each rounded alone: 101)."""
    assert postings([4, 6]) == [(68.0, 4.0), (100.0, 4.0)]
    assert postings([10]) == [(168.0, 8.0)]
    assert postings([3, 3, 4]) == [(51.0, 3.0), (50.0, 2.0), (67.0, 3.0)]


def test_posting_requirement_never_negative():
    cumulative = LineRequirement('screw', 'screw', 10.0, 1.0)
    assert posting_requirement(cumulative, 12.0, 2.0, 1.0) == cumulative._replace(
        required_qty=0.0, scrap_qty=0.0)
    with pytest.raises(ValueError):
        posting_requirement(cumulative, -1.0, 0.0, 1.0)


@given(st.lists(st.integers(1, 50), min_size=1, max_size=8),
       st.sampled_from([0.01, 0.5, 1.0]), st.sampled_from([0.0, 5.0, 12.5]))
def test_any_split_consumes_what_one_posting_would(split, rounding, scrap):
    """Property: the postings of any split of an order add up to the requirement of one
    posting of the whole order, and none is negative. The scrap part (required less the
    same rounded up without scrap) is not monotone in the quantity: a posting's is kept
    between 0 and what it requires, so the parts may log a step more scrap in all."""
    bom = Bom('p', 3.0, [BomLine('c', 'c', 7.0, 1.0, scrap, rounding)])
    parts = postings(split, bom, {}, rounding)
    whole = explode(bom, float(sum(split)), {}.get)[0]
    assert sum(required for required, _scrap in parts) == pytest.approx(whole.required_qty)
    assert sum(scrap for _required, scrap in parts) >= whole.scrap_qty - 1e-9
    assert all(0 <= scrap <= required + 1e-9 for required, scrap in parts)


def test_kept_components_read_back_the_same():
    data = boms_to_data(SCREWS, KITS)
    bom, kits = boms_from_data(data)
    assert (bom, kits) == (SCREWS, KITS)
    assert explode(bom, 4.0, kits.get) == explode(SCREWS, 4.0, KITS.get)
