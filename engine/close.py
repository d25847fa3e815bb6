"""Period close of a cost pool: dispose of under- or over-applied overhead (DESIGN 6)."""
from collections import namedtuple

from .entries import balance_lines
from .rounding import allocate, from_units, round_money, to_units

DISPOSITIONS = ('cogs', 'prorate', 'normal_capacity')

# A pool over the closed range: ``applied`` = credits on its applied account, ``actual`` =
# debits on its control account (the same for every pool sharing it). ``rate`` and
# ``actual_activity`` (in the pool's basis) are needed for the normal_capacity disposition
# only. ``name`` labels the lines.
PoolPeriod = namedtuple('PoolPeriod',
                        'name applied_account control_account applied actual rate actual_activity')


def under_over_applied(applied, actual):
    """(under-applied, over-applied) overhead, each 0 or positive: actual - applied when
    actual is the larger, applied - actual when applied is."""
    return max(actual - applied, 0.0), max(applied - actual, 0.0)


def actual_shares(actual, applied, currency_rounding):
    """The actual overhead of a control account shared by several pools, per pool (for
    the close's screen and its history): in proportion to what each pool applied (equal
    shares when none applied anything positive), rounded to the currency; the shares add
    up to ``actual``. ``applied``: one amount per pool."""
    weights = [max(amount, 0.0) for amount in applied]
    if not any(weights):
        weights = [1.0] * len(weights)
    return allocate(actual, weights, currency_rounding)


def applied_rate(applied, activity, fallback_rate=0.0):
    """The rate a range applied: applied / activity; ``fallback_rate`` (the pool's rate
    valid at the end of the range) when there was no activity."""
    if activity:
        return applied / activity
    return fallback_rate


def unabsorbed_overhead(rate, normal_activity, actual_activity, actual):
    """Fixed overhead left unabsorbed by low activity (IAS 2 section 13):
    rate * (normal activity - actual activity) when activity fell short, else 0; never
    more than the actual overhead incurred."""
    shortfall = max(normal_activity - actual_activity, 0.0)
    return min(rate * shortfall, max(actual, 0.0))


def close_lines(period, disposition, currency_rounding, cogs_account=None,
                prorate_balances=None, normal_activity=None, unabsorbed_account=None,
                cost='overhead'):
    """close_control_lines() of one pool that has its control account to itself."""
    return close_control_lines([period], period.actual, disposition, currency_rounding,
                               cogs_account, prorate_balances, normal_activity,
                               unabsorbed_account, cost)


def close_control_lines(periods, actual, disposition, currency_rounding, cogs_account=None,
                        prorate_balances=None, normal_activity=None,
                        unabsorbed_account=None, cost='overhead'):
    """Balanced lines closing one control account over a range: ``periods`` are the
    PoolPeriods of every pool that credits against it (same ``control_account``),
    ``actual`` the debits on it. Dr each pool's applied account by what it applied, Cr
    the control account by ``actual`` (all end at 0), and the under-applied difference
    ``actual - sum(applied)`` disposed of:

    - ``cogs``: on ``cogs_account``;
    - ``prorate``: on the accounts of ``prorate_balances`` ((account, balance at the end
      of the range) pairs) in proportion to their balances, the rounding rest on the
      largest;
    - ``normal_capacity``: per pool, unabsorbed_overhead() (its rate, its activity,
      ``normal_activity``) on ``unabsorbed_account``, first; the rest of the difference on
      ``cogs_account``. What is unabsorbed never exceeds ``actual`` in all.

    An over-applied (negative) difference is credited the same way. Amounts are in
    currency; returns [] when there is nothing to close. Raises ValueError when the
    disposition lacks what it needs. ``cost`` names what the pools apply in the labels
    ('overhead', 'labour': "Direct labour: over-applied labour").
    """
    periods = list(periods)
    applied = [to_units(period.applied, currency_rounding) for period in periods]
    actual_units = to_units(actual, currency_rounding)
    if not any(applied) and not actual_units:
        return []
    name = ', '.join(period.name for period in periods)
    difference = from_units(actual_units - sum(applied), currency_rounding)
    lines = [(period.applied_account, from_units(units, currency_rounding),
              '%s: %s applied' % (period.name, cost), None)
             for period, units in zip(periods, applied)]
    lines.append((periods[0].control_account, -from_units(actual_units, currency_rounding),
                  '%s: actual %s' % (name, cost), None))
    label = '%s: %s %s' % (name, 'under-applied' if actual_units > sum(applied)
                           else 'over-applied', cost)
    if disposition == 'cogs':
        lines.append((_required(cogs_account, 'COGS account'), difference, label, None))
    elif disposition == 'prorate':
        if not prorate_balances:
            raise ValueError('Prorating %s needs accounts to prorate on.' % name)
        accounts, balances = zip(*prorate_balances)
        if any(balance < 0 for balance in balances) or not any(balances):
            raise ValueError('Cannot prorate %s on balances %s: they must be positive or zero,'
                             ' and not all zero.' % (name, dict(zip(accounts, balances))))
        shares = allocate(difference, balances, currency_rounding)
        lines.extend((account, share, label, None) for account, share in zip(accounts, shares))
    elif disposition == 'normal_capacity':
        left = max(from_units(actual_units, currency_rounding), 0.0)
        unabsorbed_total = 0.0
        for period in periods:
            unabsorbed = round_money(unabsorbed_overhead(
                _required(period.rate, 'rate'), _required(normal_activity, 'normal activity'),
                _required(period.actual_activity, 'actual activity'), left),
                currency_rounding)
            left -= unabsorbed
            unabsorbed_total += unabsorbed
            lines.append((_required(unabsorbed_account, 'unabsorbed overhead account'),
                          unabsorbed, '%s: unabsorbed fixed overhead' % period.name, None))
        lines.append((_required(cogs_account, 'COGS account'), difference - unabsorbed_total,
                      label, None))
    else:
        raise ValueError('Unknown disposition %r: use one of %s.'
                         % (disposition, ', '.join(DISPOSITIONS)))
    return balance_lines(lines, currency_rounding)


def _required(value, what):
    if value is None:
        raise ValueError('The %s is required for this disposition.' % what)
    return value
