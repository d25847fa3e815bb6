import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ..consumption import (Bom, BomLine, LineRequirement, Requirement, contained, explode,
                           person_recorded, plan_top_up, unrecordable,
                           required_quantity, shortages, spread, top_up)

ROUNDINGS = st.sampled_from([0.0, 0.001, 0.01, 0.5, 1.0])
QTY = st.integers(1, 100000).map(lambda n: n / 1000.0)        # 0.001 .. 100
SCRAP = st.sampled_from([0.0, 0.5, 2.0, 5.0, 12.5, 100.0])


def units(quantity, rounding):
    """A quantity on the ``rounding`` grid as an int (1.0 grid when rounding is 0)."""
    return int(round(quantity / (rounding or 1.0)))


def line(key, product, qty, uom_factor=1.0, scrap=0.0, rounding=0.0):
    return BomLine(key, product, qty, uom_factor, scrap, rounding)


def test_required_quantity_known_answers():
    assert required_quantity(2.0, 1.0, 10.0) == Requirement(20.0, 0.0)
    assert required_quantity(2.0, 1.0, 10.0, scrap_percent=5.0) == Requirement(21.0, 1.0)
    assert required_quantity(10.0, 1.0, 1.0, 3.0, rounding=1.0) == Requirement(11.0, 1.0)
    assert required_quantity(1.0, 3.0, 1.0, rounding=0.001).required_qty == 0.334   # rounded up
    assert required_quantity(1.0, 1.0, 3.0, uom_factor=12.0).required_qty == 36.0   # dozens
    assert required_quantity(0.1, 1.0, 3.0, rounding=0.1).required_qty == pytest.approx(0.3)


def test_required_quantity_rejects_nonsense():
    with pytest.raises(ValueError):
        required_quantity(1.0, 0.0, 1.0)
    with pytest.raises(ValueError):
        required_quantity(1.0, 1.0, 1.0, scrap_percent=-1.0)


@given(QTY, QTY, QTY, QTY, SCRAP, ROUNDINGS)
def test_required_is_never_negative_and_monotone(line_qty, bom_qty, produced, more, scrap,
                                                  rounding):
    small = required_quantity(line_qty, bom_qty, produced, scrap, 1.0, rounding)
    large = required_quantity(line_qty, bom_qty, produced + more, scrap, 1.0, rounding)
    assert 0 <= small.scrap_qty <= small.required_qty
    assert small.required_qty <= large.required_qty


@given(QTY, QTY, st.lists(QTY, min_size=1, max_size=6), SCRAP, st.sampled_from([0.001, 0.01, 1.0]))
def test_partial_postings_add_up_to_the_whole_within_rounding(line_qty, bom_qty, parts, scrap,
                                                              rounding):
    def required(produced):
        return required_quantity(line_qty, bom_qty, produced, scrap, 1.0, rounding).required_qty

    whole = required(sum(parts))
    pieces = sum(units(required(part), rounding) for part in parts)
    assert units(whole, rounding) <= pieces <= units(whole, rounding) + len(parts)


def test_top_up_known_answers():
    assert top_up(10.0, 4.0) == 6.0
    assert top_up(10.0, 12.0) == 0.0
    assert top_up(1.0, 0.7, 0.1) == pytest.approx(0.3)
    with pytest.raises(ValueError):
        top_up(10.0, -1.0)


@given(st.integers(0, 10 ** 6), st.one_of(st.just(0.0), QTY), ROUNDINGS)
def test_top_up_never_negative_nor_beyond_required(required_units, consumed, rounding):
    required = required_units * (rounding or 0.001)   # on the grid, as required_quantity gives
    to_consume = top_up(required, consumed, rounding)
    assert 0.0 <= to_consume <= required
    if consumed < required:
        assert to_consume == pytest.approx(required - consumed, abs=rounding / 2 + 1e-9)


def test_explode_without_kits_is_required_quantity_per_line():
    bom = Bom('table', 2.0, [line('l1', 'leg', 4.0, rounding=1.0),
                             line('l2', 'glue', 0.05, scrap=10.0, rounding=0.01)])
    assert explode(bom, 5.0, {}.get) == [
        LineRequirement('l1', 'leg', 10.0, 0.0),
        LineRequirement('l2', 'glue', 0.14, 0.01),   # 0.125 -> 0.13, with 10 % scrap 0.1375 -> 0.14
    ]


def test_explode_replaces_kits_recursively_and_merges_a_leaf_reached_twice():
    fixings = Bom('fixings', 10.0, [line('f1', 'screw', 40.0, rounding=1.0)])
    hinge = Bom('hinge', 1.0, [line('h1', 'fixings', 2.0), line('h2', 'plate', 1.0)])
    cabinet = Bom('cabinet', 1.0, [line('c1', 'hinge', 4.0), line('c2', 'fixings', 5.0),
                                   line('c3', 'screw', 2.0)])
    kits = {'fixings': fixings, 'hinge': hinge}
    # per cabinet: 4 hinges * 2 fixings + 5 fixings = 13 fixings = 1.3 kit BOMs of 40 screws
    assert explode(cabinet, 3.0, kits.get) == [
        LineRequirement('f1', 'screw', 156.0, 0.0),
        LineRequirement('h2', 'plate', 12.0, 0.0),
        LineRequirement('c3', 'screw', 6.0, 0.0),
    ]


def test_explode_kit_uom_and_scrap_carry_down_to_the_leaves():
    kit = Bom('kit', 1.0, [line('k1', 'bolt', 2.0)])
    # the parent line asks for 1 dozen kits per unit, 10 % of the kits are lost
    parent = Bom('machine', 1.0, [line('p1', 'kit', 1.0, uom_factor=12.0, scrap=10.0)])
    [bolts] = explode(parent, 5.0, {'kit': kit}.get)
    assert bolts.required_qty == pytest.approx(132.0)   # 5 * 12 * 1.1 * 2
    assert bolts.scrap_qty == pytest.approx(12.0)


def test_explode_refuses_a_kit_that_contains_itself():
    kit_a = Bom('A', 1.0, [line('a1', 'B', 1.0)])
    kit_b = Bom('B', 1.0, [line('b1', 'A', 1.0)])
    with pytest.raises(ValueError, match='kit A contains itself'):
        explode(Bom('top', 1.0, [line('t1', 'A', 1.0)]), 1.0, {'A': kit_a, 'B': kit_b}.get)
    with pytest.raises(ValueError, match='kit top contains itself'):
        explode(Bom('top', 1.0, [line('t1', 'top', 1.0)]), 1.0, {'top': kit_a}.get)


LEVEL = st.tuples(QTY, QTY, st.sampled_from([1.0, 0.5, 12.0, 0.001]))  # line qty, BOM qty, factor


@given(st.lists(LEVEL, min_size=1, max_size=5), QTY, st.sampled_from([0.0, 0.001, 0.01, 1.0]))
def test_explosion_equals_the_product_of_the_scales(levels, produced, rounding):
    """A chain of kits: the leaf needs produced * prod(line qty * factor / BOM qty)."""
    find = {}
    bom = None
    for depth, (line_qty, bom_qty, factor) in enumerate(reversed(levels)):
        child = 'leaf' if bom is None else 'kit%d' % (depth - 1)
        bom = Bom('kit%d' % depth, bom_qty, [line('line%d' % depth, child, line_qty, factor,
                                                  rounding=rounding)])
        find[bom.product_key] = bom
    del find[bom.product_key]   # the top BOM is the product's own, not a kit
    expected = produced
    for line_qty, bom_qty, factor in levels:
        expected *= line_qty * factor / bom_qty
    assume(expected < 1e12)
    # hypothesis types assume(False) as NoReturn, and pylint follows that overload
    # pylint: disable=unreachable
    [leaf] = explode(bom, produced, find.get)
    assert leaf.product_key == 'leaf'
    assert expected * (1 - 1e-9) <= leaf.required_qty <= expected * (1 + 1e-9) + rounding


def test_plan_top_up_of_a_line():
    # 44 legs required, 40 recorded on the open move: top up 4
    assert plan_top_up(44.0, 40.0, 0.0, 0.0, 1.0) == (0.0, 4.0)
    # 30 consumed ahead (done in a posting that produced nothing, 0 logged): count
    # them, top up the rest
    assert plan_top_up(44.0, 0.0, 30.0, 0.0, 1.0) == (30.0, 14.0)
    # ... but no more of them than the posting requires; the rest waits
    assert plan_top_up(20.0, 0.0, 30.0, 0.0, 1.0) == (20.0, 0.0)
    # what earlier postings logged is not ahead; more recorded than required: no top-up
    assert plan_top_up(20.0, 25.0, 30.0, 30.0, 1.0) == (0.0, 0.0)
    assert plan_top_up(0.3, 0.1, 0.0, 0.0, 0.1) == (0.0, 0.2)


def test_shortages_share_what_is_on_hand():
    # two lines take screws from the same bin: 6 + 5 needed, 8 there
    needs = [('a', 'bin', 6.0, 1.0), ('b', 'bin', 5.0, 1.0), ('c', 'rack', 1.0, 1.0)]
    assert shortages(needs, {'bin': 8.0, 'rack': 1.0}) == [('b', 5.0, 2.0)]
    assert shortages(needs, {}) == [('a', 6.0, 0.0), ('b', 5.0, 0.0), ('c', 1.0, 0.0)]
    # a difference below the rounding is no shortage
    assert shortages([('a', 'bin', 1.0000001, 0.01)], {'bin': 1.0}) == []


def test_spread_fills_each_line_up_to_its_room_the_last_takes_the_rest():
    assert spread(7.0, [2.0, 3.0, 1.0]) == [2.0, 3.0, 2.0]
    assert spread(4.0, [2.0, 3.0, 1.0]) == [2.0, 2.0, 0.0]
    assert spread(4.0, [-1.0, 3.0]) == [0.0, 4.0]      # an over-filled line takes nothing
    assert spread(4.0, []) == []


@given(QTY, st.lists(st.integers(-5, 50).map(float), min_size=1, max_size=6))
def test_spread_places_the_whole_quantity(quantity, rooms):
    takes = spread(quantity, rooms)
    assert len(takes) == len(rooms)
    assert abs(sum(takes) - quantity) < 1e-9
    assert all(0.0 <= take <= max(room, 0.0) for take, room in zip(takes[:-1], rooms))


def test_person_recorded_known_answers():
    # the Produce wizard proposed 0.5 panel as 1 (half-up), nobody changed it: no record
    assert person_recorded(1.0, 1.0, 1.0) == 0.0
    # a person changed the proposal of 1 to 2, or to 0: theirs
    assert person_recorded(2.0, 1.0, 1.0) == 2.0
    assert person_recorded(0.0, 1.0, 1.0) == 0.0
    # typed with no proposal at all (Report Completion, a manual entry)
    assert person_recorded(3.0, 0.0, 1.0) == 3.0
    # 175 g proposed, 175 g recorded up to float noise
    assert person_recorded(0.1 + 0.075, 0.175, 0.001) == 0.0
    with pytest.raises(ValueError):
        person_recorded(-1.0, 0.0)


@given(QTY, QTY, ROUNDINGS)
def test_person_recorded_is_all_or_nothing(recorded, proposed, rounding):
    result = person_recorded(recorded, proposed, rounding)
    assert result in (0.0, recorded)
    if result == 0.0 and recorded:
        assert abs(recorded - proposed) <= max(rounding / 2.0, 1e-9)


def test_unrecordable_known_answers():
    assert unrecordable(192.5, 3) == 0.0
    assert unrecordable(116.16, 3) == 0.0
    assert unrecordable(0.1234, 3) == pytest.approx(0.0004)
    assert unrecordable(0.1 + 0.2, 3) == 0.0   # float noise fits


@given(st.integers(0, 10 ** 7), st.sampled_from([0, 1, 2, 3, 4]))
def test_a_quantity_on_the_digits_grid_is_recordable(steps, digits):
    assert unrecordable(steps / 10.0 ** digits, digits) == 0.0


def test_contained_is_unrounded_and_without_scrap_at_every_level():
    """A bench: 1 panel per 2 benches (whole panels), and 1 leg kit at 10 % scrap of 2
    legs at 5 % scrap. 3 benches contain 1.5 panels (not 2, the rounded requirement) and
    6 legs (not 3 x 1.1 x 2 x 1.05 = 6.93)."""
    legs = Bom('kit', 1.0, [BomLine('l', 'leg', 2.0, 1.0, 5.0, 1.0)])
    bench = Bom('bench', 2.0, [BomLine('p', 'panel', 1.0, 1.0, 0.0, 1.0),
                               BomLine('k', 'kit', 2.0, 1.0, 10.0, 1.0)])
    found = contained(bench, 3.0, {'kit': legs}.get)
    assert found == {'panel': 1.5, 'leg': 6.0}
