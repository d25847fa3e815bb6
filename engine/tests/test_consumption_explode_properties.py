"""Properties of ``explode`` (what a posting consumes of each leaf of a BOM with kits):
never negative, monotone in the quantity produced, and additive across partial postings
up to one rounding step per posting."""
from hypothesis import given
from hypothesis import strategies as st

from ..consumption import Bom, BomLine, explode

ROUNDING = st.sampled_from([0.001, 0.01, 1.0])
LINE_QTY = st.integers(1, 5000).map(lambda n: n / 100.0)      # 0.01 .. 50
BOM_QTY = st.integers(1, 20).map(float)
SCRAP = st.sampled_from([0.0, 2.5, 10.0, 50.0])
PRODUCED = st.integers(1, 2000).map(lambda n: n / 10.0)      # 0.1 .. 200


@st.composite
def kit_boms(draw):
    """A finished product's BOM with two leaves and a kit of two leaves, the kit
    holding a second-level kit of one leaf: (top Bom, find_kit)."""
    rounding = draw(ROUNDING)

    def line(key, product):
        return BomLine(key, product, draw(LINE_QTY), 1.0, draw(SCRAP), rounding)

    inner = Bom('inner', draw(BOM_QTY), [line('i1', 'nut')])
    outer = Bom('outer', draw(BOM_QTY), [line('o1', 'bolt'), line('o2', 'inner'),
                                         line('o3', 'nut')])
    top = Bom('top', draw(BOM_QTY), [line('t1', 'bolt'), line('t2', 'outer'),
                                     line('t3', 'plate')])
    kits = {'inner': inner, 'outer': outer}
    return top, kits.get, rounding


def required(bom, find_kit, produced):
    return {row.line_key: row for row in explode(bom, produced, find_kit)}


def units(quantity, rounding):
    return int(round(quantity / rounding))


@given(kit_boms(), PRODUCED, PRODUCED)
def test_explode_never_negative_and_monotone(boms, produced, more):
    bom, find_kit, _rounding = boms
    small = required(bom, find_kit, produced)
    large = required(bom, find_kit, produced + more)
    assert set(small) == set(large) == {'t1', 't3', 'o1', 'o3', 'i1'}
    for key, row in small.items():
        assert 0 <= row.scrap_qty <= row.required_qty
        assert row.required_qty <= large[key].required_qty


@given(kit_boms(), st.lists(PRODUCED, min_size=1, max_size=5))
def test_explode_partial_postings_add_up_to_the_whole(boms, parts):
    bom, find_kit, rounding = boms
    whole = required(bom, find_kit, sum(parts))
    postings = [required(bom, find_kit, part) for part in parts]
    for key, row in whole.items():
        pieces = sum(units(posting[key].required_qty, rounding) for posting in postings)
        # each posting rounds up once: at most one rounding step more per posting
        assert units(row.required_qty, rounding) <= pieces
        assert pieces <= units(row.required_qty, rounding) + len(parts)


def test_float_noise_is_not_rounded_up_a_whole_step():
    # 0.07 * 251.4 / 7 * 1.5 computes as 3.7710000000000004: 3.771, not 3.772
    [row] = explode(Bom('top', 7.0, [BomLine('t1', 'bolt', 0.07, 1.0, 50.0, 0.001)]),
                    251.4, {}.get)
    assert units(row.required_qty, 0.001) == 3771
    # a real excess, however small against the quantity, is still rounded up
    [row] = explode(Bom('top', 1.0, [BomLine('t1', 'bolt', 3.7710001, 1.0, 0.0, 0.001)]),
                    1.0, {}.get)
    assert units(row.required_qty, 0.001) == 3772
