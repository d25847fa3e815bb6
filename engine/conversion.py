"""Conversion costs applied at predetermined rates (DESIGN section 4)."""
from collections import namedtuple

from .rounding import round_money

ACTIVITY_BASES = ('machine_hours', 'labour_hours', 'units')
COST_BASES = ('material_cost', 'labour_cost')

# One application of a pool's rate in a posting: ``activity`` in the pool's basis (hours,
# units, or the material cost consumed); None for ``labour_cost``, which is the labour
# applied in the same posting: at ``workcenter_key``, or in the whole posting if None.
# A pool with rates per work center gets one Charge per work center.
Charge = namedtuple('Charge', 'pool_key kind basis rate activity workcenter_key')
# A Charge with its ``activity`` filled in and the ``amount`` applied, currency-rounded.
Applied = namedtuple('Applied', Charge._fields + ('amount',))


def applied_amount(rate, activity, basis):
    """Amount applied = rate * activity for hour and unit bases; for cost bases the rate
    is a percent: rate / 100 * cost."""
    if basis in COST_BASES:
        return rate / 100.0 * activity
    if basis in ACTIVITY_BASES:
        return rate * activity
    raise ValueError('Unknown basis %r.' % basis)


def apply_pools(charges, currency_rounding):
    """Apply every charge of a posting: labour pools first, so that a ``labour_cost``
    basis sees the labour applied in this same posting. Returns Applied rows, labour
    ones first, each amount rounded to the currency."""
    charges = list(charges)
    for charge in charges:
        _check(charge)
    applied = [_apply(charge, charge.activity, currency_rounding)
               for charge in charges if charge.kind == 'labour']
    for charge in charges:
        if charge.kind == 'overhead':
            activity = charge.activity
            if charge.basis == 'labour_cost':
                activity = sum(row.amount for row in applied
                               if charge.workcenter_key in (None, row.workcenter_key))
            applied.append(_apply(charge, activity, currency_rounding))
    return applied


def _check(charge):
    if charge.kind not in ('labour', 'overhead'):
        raise ValueError('Pool %s: unknown kind %r.' % (charge.pool_key, charge.kind))
    if charge.basis == 'labour_cost':
        if charge.kind == 'labour' or charge.activity is not None:
            raise ValueError('Pool %s: a labour_cost basis is for overhead pools, and its'
                             ' activity is computed, not given.' % charge.pool_key)
    elif charge.activity is None:
        raise ValueError('Pool %s: no %s activity given.' % (charge.pool_key, charge.basis))


def _apply(charge, activity, currency_rounding):
    amount = round_money(applied_amount(charge.rate, activity, charge.basis), currency_rounding)
    return Applied(*(charge._replace(activity=activity) + (amount,)))
