import pytest
from hypothesis import given
from hypothesis import strategies as st

from ..entries import (LABEL_NAMES, JournalLine, balance_lines, conversion_entry, label_names,
                       merge_line_values, net_amounts)
from ..rounding import to_units

AMOUNT = st.floats(-1e7, 1e7, allow_nan=False)
ROUNDINGS = st.sampled_from([0.01, 0.05, 1.0, 0.001])


def net_units(lines, rounding):
    return sum(to_units(line.debit, rounding) - to_units(line.credit, rounding) for line in lines)


def test_seed_conversion_entry():
    # DESIGN section 4: Dr WIP 2,000 / Cr Manufacturing Overhead Applied 2,000
    assert conversion_entry('wip', [('moh_applied', 2000.0)], 0.01, 'MO/001') == [
        JournalLine('wip', 2000.0, 0.0, 'MO/001', None),
        JournalLine('moh_applied', 0.0, 2000.0, 'MO/001', None),
    ]


def test_conversion_entry_merges_pools_that_share_an_account():
    applied = [('applied', 10.0), ('labour', 5.5), ('applied', 2.25)]
    lines = conversion_entry('wip', applied, 0.01, 'x')
    assert [(line.account, line.debit, line.credit) for line in lines] == [
        ('wip', 17.75, 0.0), ('applied', 0.0, 12.25), ('labour', 0.0, 5.5)]


def test_balance_lines_puts_the_rounding_rest_on_the_largest_line():
    lines = balance_lines([('a', -50.0025, 'a', {'x': 1}), ('wip', 100.005, 'w', None),
                           ('b', -50.0025, 'b', None)], 0.01)
    assert lines == [JournalLine('a', 0.0, 50.0, 'a', {'x': 1}),
                     JournalLine('wip', 100.0, 0.0, 'w', None),
                     JournalLine('b', 0.0, 50.0, 'b', None)]


def test_balance_lines_drops_zero_lines_and_refuses_unbalanced_ones():
    assert balance_lines([('a', 0.001, 'a', None), ('b', -0.001, 'b', None)], 0.01) == []
    with pytest.raises(ValueError, match='off by'):
        balance_lines([('a', 10.0, 'a', None), ('b', -9.0, 'b', None)], 0.01)


@given(st.lists(AMOUNT, min_size=1, max_size=10), ROUNDINGS)
def test_built_lines_balance_exactly_with_the_rest_on_one_line(amounts, rounding):
    drafts = [(i, amount, 'l%d' % i, None) for i, amount in enumerate(amounts)]
    drafts.append(('last', -sum(amounts), 'last', None))
    lines = balance_lines(drafts, rounding)
    assert net_units(lines, rounding) == 0
    moved = {line.account: to_units(line.debit - line.credit, rounding) for line in lines}
    off = [account for account, amount, _name, _extra in drafts
           if moved.get(account, 0) != to_units(amount, rounding)]
    assert len(off) <= 1
    assert all(line.debit >= 0 and line.credit >= 0 and not (line.debit and line.credit)
               for line in lines)


@given(st.lists(st.tuples(st.sampled_from('abc'), st.floats(0, 1e7)), max_size=8), ROUNDINGS)
def test_conversion_entry_balances_and_credits_each_account_its_rounded_amount(applied, rounding):
    lines = conversion_entry('wip', applied, rounding, 'MO')
    assert net_units(lines, rounding) == 0
    for account in 'abc':
        total = sum(amount for acc, amount in applied if acc == account)
        credited = sum(line.credit for line in lines if line.account == account)
        assert to_units(credited, rounding) == to_units(total, rounding)


SUMMED = {'debit': (), 'credit': (), 'quantity': ('product_id', 'product_uom_id')}


def test_merged_line_keeps_what_its_lines_share_and_sums_the_amounts():
    """Two components' WIP lines of one order: 4 legs at 3.00 and 1 top at 20.00
    (native stock_account values plus OCA's manufacture_order_id): one line of 32.00,
    the order, unit and partner kept, the labels, products and quantities not."""
    legs = {'name': 'Leg', 'product_id': 1, 'quantity': -4.0, 'product_uom_id': 9,
            'partner_id': False, 'debit': 12.0, 'credit': 0.0, 'account_id': 5,
            'manufacture_order_id': 7}
    top = dict(legs, name='Top', product_id=2, quantity=-1.0, debit=20.0)
    assert merge_line_values([legs, top], SUMMED) == {
        'product_uom_id': 9, 'partner_id': False, 'debit': 32.0, 'credit': 0.0,
        'account_id': 5, 'manufacture_order_id': 7}


def test_merged_line_of_one_product_adds_its_quantities():
    """Legs consumed by two moves, 4 and 6 (3.00 each): quantity -10, value 30.00."""
    first = {'name': 'Leg', 'product_id': 1, 'quantity': -4.0, 'product_uom_id': 9,
             'debit': 12.0, 'credit': 0.0}
    second = dict(first, quantity=-6.0, debit=18.0)
    assert merge_line_values([first, second], SUMMED) == {
        'name': 'Leg', 'product_id': 1, 'quantity': -10.0, 'product_uom_id': 9,
        'debit': 30.0, 'credit': 0.0}


def test_a_key_some_lines_lack_is_left_out():
    first = {'debit': 1.0, 'credit': 0.0, 'analytic_account_id': 3}
    second = {'debit': 2.0, 'credit': 0.0}
    assert merge_line_values([first, second], SUMMED) == {'debit': 3.0, 'credit': 0.0}


LINE = st.fixed_dictionaries(
    {'debit': st.floats(0, 1e7), 'credit': st.floats(0, 1e7)},
    optional={'product_id': st.sampled_from([1, 2]), 'quantity': st.floats(-1e4, 1e4),
              'product_uom_id': st.sampled_from([9, 10]), 'extra': st.sampled_from('xy')})


@given(st.lists(LINE, min_size=1, max_size=6))
def test_merged_line_is_what_all_lines_share_plus_the_sums(lines):
    merged = merge_line_values(lines, SUMMED)
    assert merged['debit'] == pytest.approx(sum(line['debit'] for line in lines))
    assert merged['credit'] == pytest.approx(sum(line['credit'] for line in lines))
    for key in ('product_id', 'product_uom_id', 'extra'):
        shared = all(key in line and line[key] == lines[0][key] for line in lines)
        assert (key in merged) == shared
        assert not shared or merged[key] == lines[0][key]
    counted = 'product_id' in merged and 'product_uom_id' in merged and any(
        'quantity' in line for line in lines)
    assert ('quantity' in merged) == counted
    assert not counted or merged['quantity'] == pytest.approx(
        sum(line.get('quantity', 0.0) for line in lines))


@given(LINE)
def test_one_line_merged_is_itself_but_a_quantity_of_no_product(line):
    expected = dict(line)
    if not ('product_id' in line and 'product_uom_id' in line):
        expected.pop('quantity', None)
    assert merge_line_values([line], SUMMED) == expected


def test_net_amounts_of_one_account():
    # components summed on WIP: 120.004 debit, 20.00 credit: one debit of 100.00
    assert net_amounts(120.004, 20.0, 0.01) == (100.0, 0.0)
    assert net_amounts(5.0, 7.5, 0.01) == (0.0, 2.5)
    # a net below half a cent: no amount at all
    assert net_amounts(1.004, 1.0, 0.01) == (0.0, 0.0)


@given(AMOUNT.map(abs), AMOUNT.map(abs), ROUNDINGS)
def test_net_amounts_keep_the_rounded_balance_on_one_side(debit, credit, rounding):
    net_debit, net_credit = net_amounts(debit, credit, rounding)
    assert net_debit >= 0.0 and net_credit >= 0.0
    assert not (net_debit and net_credit)
    assert to_units(net_debit - net_credit, rounding) == to_units(debit - credit, rounding)


def test_label_names_three_then_how_many_more():
    assert LABEL_NAMES == 3
    assert label_names(['Top', 'Leg', 'Screw', 'Glue', 'Box']) == (
        ['Box', 'Glue', 'Leg'], 2)
    assert label_names(['Top', 'Leg']) == (['Leg', 'Top'], 0)


@given(st.lists(st.text(max_size=5), max_size=10), st.integers(1, 5))
def test_label_names_show_the_first_in_order_and_count_the_rest(names, shown):
    first, more = label_names(names, shown)
    assert first == sorted(names)[:shown]
    assert len(first) + more == len(names)
    assert more == max(0, len(names) - shown)
