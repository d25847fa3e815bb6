"""Predetermined rates and which one applies (DESIGN section 4)."""
from collections import namedtuple

from .conversion import COST_BASES

# A rate of a cost pool: currency per hour or unit, a percent for the cost bases.
# ``workcenter_key``/``categ_key`` None: any; ``date_from``/``date_to`` None: open,
# both inclusive (any comparable values: dates or 'YYYY-MM-DD' strings, not mixed).
Rate = namedtuple('Rate', 'id pool_key rate workcenter_key categ_key date_from date_to')


def predetermined_rate(budget_amount, budget_activity):
    """Rate = budgeted overhead / budgeted activity."""
    if not budget_activity:
        raise ValueError('The budgeted activity must not be zero.')
    return budget_amount / budget_activity


def budget_rate(budget_amount, budget_activity, basis):
    """The rate a budget sets for a pool of ``basis``: budgeted cost / budgeted activity
    (predetermined_rate), in percent for the cost bases (COST_BASES: x 100, as
    conversion.applied_amount reads it), else per hour or unit. Raises ValueError for a
    zero activity."""
    scale = 100.0 if basis in COST_BASES else 1.0
    return scale * predetermined_rate(budget_amount, budget_activity)


def select_rate(rates, pool_key, workcenter_key, categ_key, on_date):
    """The rate of ``pool_key`` valid on ``on_date`` for this work center and product
    category, or None.

    The most specific one wins: work center + category > work center > category >
    pool-wide; among equals, the latest ``date_from`` (open counts as earliest), then
    the highest ``id``.
    """
    valid = [rate for rate in rates
             if rate.pool_key == pool_key
             and rate.workcenter_key in (None, workcenter_key)
             and rate.categ_key in (None, categ_key)
             and (rate.date_from is None or rate.date_from <= on_date)
             and (rate.date_to is None or on_date <= rate.date_to)]
    if not valid:
        return None
    return max(valid, key=_precedence)


def _precedence(rate):
    specificity = (rate.workcenter_key is not None, rate.categ_key is not None)
    starts = (0,) if rate.date_from is None else (1, rate.date_from)
    return specificity, starts, rate.id
