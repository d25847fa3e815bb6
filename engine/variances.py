"""Standard-cost variances of one posting, which clear its WIP (DESIGN section 5.4).

Sign convention: positive = unfavourable = debit on the variance account, credit WIP.
"""
from collections import namedtuple

from .rounding import allocate, from_units, to_units

# One component of the posting: quantities in its stock UoM, ``standard_cost`` per unit,
# ``actual_value`` the value of its consumption as booked (Dr WIP).
ComponentCost = namedtuple('ComponentCost',
                           'product_key standard_qty actual_qty standard_cost actual_value')
Variances = namedtuple('Variances',
                       'material_usage material_price conversion_efficiency standard_revision')


def split_variances(components, applied_conversion, standard_conversion, fg_standard_value,
                    currency_rounding):
    """The posting's WIP rest, (material value + applied conversion) - FG standard value,
    split into:

    material usage = sum((actual qty - standard qty) * standard cost)
    material price = sum(actual value - actual qty * standard cost)
    conversion efficiency = applied conversion - standard conversion (standard activity * rate)
    standard revision = standard material + standard conversion - FG standard value

    Each is rounded to the currency and the rounding rest goes on the largest, so the four
    add up exactly to the rounded WIP debits minus the rounded FG value.
    """
    components = list(components)
    standard_material = sum(c.standard_qty * c.standard_cost for c in components)
    actual_at_standard = sum(c.actual_qty * c.standard_cost for c in components)
    exact = Variances(
        material_usage=actual_at_standard - standard_material,
        material_price=sum(c.actual_value for c in components) - actual_at_standard,
        conversion_efficiency=applied_conversion - standard_conversion,
        standard_revision=standard_material + standard_conversion - fg_standard_value)
    wip_rest = (sum(to_units(c.actual_value, currency_rounding) for c in components)
                + to_units(applied_conversion, currency_rounding)
                - to_units(fg_standard_value, currency_rounding))
    units = [to_units(amount, currency_rounding) for amount in exact]
    units[max(range(len(units)), key=lambda index: abs(exact[index]))] += wip_rest - sum(units)
    return Variances(*(from_units(unit, currency_rounding) for unit in units))


def efficiency_by_pool(efficiency, applied, standard, currency_rounding):
    """The conversion efficiency variance ``efficiency`` (rounded, as split_variances
    gives it) carried by the pools it comes from: for each pool key of ``applied`` and
    ``standard`` ({pool key: amount}),

    pool efficiency = applied conversion of the pool - standard conversion of the pool

    rounded to the currency, the rounding rest on the pool of the largest, so the parts
    add up exactly to ``efficiency``. Returns [(pool key, amount)] in the order the pools
    come (``applied``'s first), zeros left out; [(None, efficiency)] when no pool
    explains it (no conversion applied nor standard)."""
    pools = list(applied) + [pool for pool in standard if pool not in applied]
    exact = [applied.get(pool, 0.0) - standard.get(pool, 0.0) for pool in pools]
    if not pools:
        return [(None, efficiency)] if efficiency else []
    units = [to_units(amount, currency_rounding) for amount in exact]
    largest = max(range(len(units)), key=lambda index: abs(exact[index]))
    units[largest] += to_units(efficiency, currency_rounding) - sum(units)
    return [(pool, from_units(unit, currency_rounding))
            for pool, unit in zip(pools, units) if unit]


def booked_rest(wip_rest, components, applied_conversion, fg_value, currency_rounding):
    """The part of an order's WIP ``wip_rest`` that its components, conversion and
    finished goods do not explain: wip_rest - (sum of the rounded component values +
    rounded applied conversion - rounded finished goods value), in currency units of
    ``currency_rounding`` (entries rounded one by one: several moves of one component).
    Returns a ComponentCost of no quantity carrying that value (it goes with the
    material price), or None when there is none."""
    booked = (sum(to_units(c.actual_value, currency_rounding) for c in components)
              + to_units(applied_conversion, currency_rounding)
              - to_units(fg_value, currency_rounding))
    rest = to_units(wip_rest, currency_rounding) - booked
    if not rest:
        return None
    return ComponentCost(None, 0.0, 0.0, 0.0, from_units(rest, currency_rounding))


def closed_order_split(amount, layers_on_hand, received_qty, currency_rounding):
    """Where ``amount`` (debit positive), landed on the WIP of a done or cancelled order
    after its last posting, goes: to the order's finished goods still on hand, in
    proportion, and the rest to a variance (what was delivered, unbuilt or never
    received). ``layers_on_hand``: the quantity left of each receipt of the order's
    finished product (FIFO layers, product UoM); ``received_qty``: what the order
    received in all.
    Returns ([share per layer], variance), rounded to the currency: the stock share is
    amount x on hand / received (at most the amount); its rounding rest goes on the
    largest layer; shares + variance = the rounded amount exactly."""
    on_hand = sum(max(qty, 0.0) for qty in layers_on_hand)
    total = to_units(amount, currency_rounding)
    if received_qty <= 0 or on_hand <= 0:
        return [0.0] * len(layers_on_hand), from_units(total, currency_rounding)
    stock = to_units(total * min(on_hand / received_qty, 1.0), 1.0)
    shares = allocate(from_units(stock, currency_rounding),
                      [max(qty, 0.0) for qty in layers_on_hand], currency_rounding)
    return shares, from_units(total - stock, currency_rounding)
