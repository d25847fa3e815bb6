"""The unit cost of the finished goods a posting receives (DESIGN 5.3)."""


def byproduct_value(byproducts):
    """What the by-products of a posting take off the order's WIP: the sum of
    ``standard_price x quantity`` over ``byproducts``, (cost per unit, quantity received
    in the product's UoM) pairs; a by-product is received at its cost. 0 for none."""
    return sum(price * qty for price, qty in byproducts)


def finished_unit_cost(wip_before, collected_wip, applied_conversion, byproducts_value,
                       finished_qty):
    """Unit cost of a FIFO/average finished product received by a posting: the order's
    WIP over the quantity,
        (wip_before + collected_wip + applied_conversion - byproducts_value) / finished_qty
    ``wip_before``: what the order had in WIP before the posting; ``collected_wip``: the
    WIP debits less credits of the posting's stock valuation (its components);
    ``applied_conversion``: the conversion the posting applies (currency);
    ``byproducts_value``: ``byproduct_value`` of its by-products; ``finished_qty``: the
    quantity received, in the product's UoM. Not rounded: Odoo keeps a move's price
    unit unrounded and rounds its value. A cost of 0 stays 0 (stock.move._get_price_unit
    then takes the product's cost). Raises ValueError when ``finished_qty`` is not
    positive: no unit cost without goods."""
    if finished_qty <= 0:
        raise ValueError('No unit cost for a finished quantity of %r: only a posting '
                         'receiving goods prices them.' % finished_qty)
    return (wip_before + collected_wip + applied_conversion - byproducts_value) / finished_qty
