"""Period close of a cost pool: dispose of under- or over-applied overhead (DESIGN 6)."""
from collections import namedtuple

from .entries import balance_lines
from .rounding import allocate, from_units, round_money, to_units

DISPOSITIONS = ('cogs', 'prorate', 'normal_capacity')

# A pool over the closed range: ``applied`` = credits on its applied account, ``actual`` =
# debits on its control account. ``rate`` and ``actual_activity`` (in the pool's basis)
# are needed for the normal_capacity disposition only. ``name`` labels the lines.
PoolPeriod = namedtuple('PoolPeriod',
                        'name applied_account control_account applied actual rate actual_activity')


def under_applied(applied, actual):
    """Under-applied overhead = actual - applied (negative: over-applied)."""
    return actual - applied


def unabsorbed_overhead(rate, normal_activity, actual_activity, actual):
    """Fixed overhead left unabsorbed by low activity (IAS 2 section 13):
    rate * (normal activity - actual activity) when activity fell short, else 0; never
    more than the actual overhead incurred."""
    shortfall = max(normal_activity - actual_activity, 0.0)
    return min(rate * shortfall, max(actual, 0.0))


def close_lines(period, disposition, currency_rounding, cogs_account=None,
                prorate_balances=None, normal_activity=None, unabsorbed_account=None,
                cost='overhead'):
    """Balanced lines closing ``period``: Dr applied account by applied, Cr control account
    by actual (both end at 0), and the under-applied difference disposed of:

    - ``cogs``: on ``cogs_account``;
    - ``prorate``: on the accounts of ``prorate_balances`` ((account, balance at the end
      of the range) pairs) in proportion to their balances, the rounding rest on the
      largest;
    - ``normal_capacity``: unabsorbed_overhead() on ``unabsorbed_account``, the rest of
      the difference on ``cogs_account``.

    An over-applied (negative) difference is credited the same way. Returns [] when the
    pool has nothing to close. ``cost`` names what the pool applies in the labels
    ('overhead', 'labour': "Direct labour: over-applied labour").
    """
    applied = to_units(period.applied, currency_rounding)
    actual = to_units(period.actual, currency_rounding)
    if not applied and not actual:
        return []
    difference = from_units(actual - applied, currency_rounding)
    lines = [(period.applied_account, from_units(applied, currency_rounding),
              '%s: %s applied' % (period.name, cost), None),
             (period.control_account, -from_units(actual, currency_rounding),
              '%s: actual %s' % (period.name, cost), None)]
    label = '%s: %s %s' % (period.name,
                              'under-applied' if actual > applied else 'over-applied', cost)
    if disposition == 'cogs':
        lines.append((_required(cogs_account, 'COGS account'), difference, label, None))
    elif disposition == 'prorate':
        if not prorate_balances:
            raise ValueError('Prorating %s needs accounts to prorate on.' % period.name)
        accounts, balances = zip(*prorate_balances)
        if any(balance < 0 for balance in balances) or not any(balances):
            raise ValueError('Cannot prorate %s on balances %s: they must be positive or zero,'
                             ' and not all zero.' % (period.name, dict(zip(accounts, balances))))
        shares = allocate(difference, balances, currency_rounding)
        lines.extend((account, share, label, None) for account, share in zip(accounts, shares))
    elif disposition == 'normal_capacity':
        unabsorbed = round_money(unabsorbed_overhead(
            _required(period.rate, 'rate'), _required(normal_activity, 'normal activity'),
            _required(period.actual_activity, 'actual activity'),
            from_units(actual, currency_rounding)), currency_rounding)
        lines.append((_required(unabsorbed_account, 'unabsorbed overhead account'), unabsorbed,
                      '%s: unabsorbed fixed overhead' % period.name, None))
        lines.append((_required(cogs_account, 'COGS account'), difference - unabsorbed, label,
                      None))
    else:
        raise ValueError('Unknown disposition %r: use one of %s.'
                         % (disposition, ', '.join(DISPOSITIONS)))
    return balance_lines(lines, currency_rounding)


def _required(value, what):
    if value is None:
        raise ValueError('The %s is required for this disposition.' % what)
    return value
