"""How much of each component a production posting consumes (DESIGN section 3)."""
from collections import OrderedDict, namedtuple

from .rounding import GRID_NOISE, float_round, round_up

# A bill of materials: ``qty`` of ``product_key`` (in the BOM's UoM) made from ``lines``.
Bom = namedtuple('Bom', 'product_key qty lines')
# One BOM line: ``qty`` of ``product_key`` in the line's UoM. ``uom_factor`` converts the
# line's UoM to the component's stock UoM, or, for a kit, to the kit BOM's UoM.
# ``rounding`` is the component stock UoM rounding (0: none).
BomLine = namedtuple('BomLine', 'key product_key qty uom_factor scrap_percent rounding')
# What a posting needs of one component, in its stock UoM; ``scrap_qty`` is the part of
# ``required_qty`` that is planned scrap.
Requirement = namedtuple('Requirement', 'required_qty scrap_qty')
# The requirement of one leaf BOM line (a line that is not a kit) of an exploded BOM.
LineRequirement = namedtuple('LineRequirement', 'line_key product_key required_qty scrap_qty')


def required_quantity(line_qty, bom_qty, produced_qty, scrap_percent=0.0, uom_factor=1.0,
                      rounding=0.0):
    """Quantity of a component that producing ``produced_qty`` units consumes.

    required = line_qty * (produced_qty / bom_qty) * uom_factor * (1 + scrap_percent / 100)
    rounded up to ``rounding``; the scrap part is required minus the same formula without
    scrap (also rounded up), so that required - scrap is what the product itself takes.
    """
    if bom_qty <= 0:
        raise ValueError('The BOM quantity must be positive, not %r.' % bom_qty)
    if scrap_percent < 0:
        raise ValueError('The scrap percentage cannot be negative (%r).' % scrap_percent)
    without_scrap = line_qty * (produced_qty / bom_qty) * uom_factor
    required = round_up(without_scrap * (1 + scrap_percent / 100.0), rounding)
    return Requirement(required, _clean(required - round_up(without_scrap, rounding), rounding))


def top_up(required_qty, already_consumed_qty, rounding=0.0):
    """What is still to consume: required - already consumed, never below 0, rounded to
    ``rounding`` (the grid of ``required_qty`` as required_quantity returns it)."""
    if already_consumed_qty < 0:
        raise ValueError('The consumed quantity cannot be negative (%r).' % already_consumed_qty)
    return max(0.0, _clean(required_qty - already_consumed_qty, rounding))


def posting_requirement(cumulative, earlier_required, earlier_scrap, rounding=0.0):
    """The LineRequirement of one posting, trued up across the postings of an order.

    ``cumulative``: the line's LineRequirement for everything posted so far, this posting
    included (rounded up once, on the total); ``earlier_required`` / ``earlier_scrap``:
    what the earlier postings of the order required of the line (of which scrap), in
    the component's stock UoM: the line's requirement for what they covered, rounded
    up once (their trued-up requirements add up to it).
    required = cumulative required - earlier required, never below 0, so that an order
    posted in parts requires what it would posted at once: 4 x 16.8 = 67.2 -> 68, then
    10 x 16.8 = 168 - 68 = 100 (not 101). Scrap likewise, kept between 0 and the
    posting's required quantity. Raises ValueError on negative earlier quantities.
    """
    if earlier_required < 0 or earlier_scrap < 0:
        raise ValueError('Earlier requirements cannot be negative (%r, %r).'
                         % (earlier_required, earlier_scrap))
    required = top_up(cumulative.required_qty, earlier_required, rounding)
    # the scrap part is not monotone in the quantity (rounding): kept within [0, required]
    return cumulative._replace(
        required_qty=required,
        scrap_qty=min(required, top_up(cumulative.scrap_qty, earlier_scrap, rounding)))


def plan_top_up(required_qty, recorded_qty, done_qty, logged_qty, rounding=0.0):
    """The top-up plan of one BOM line's component in a posting, in its stock UoM.

    ahead = what its raw moves consumed ahead of the posting (done_qty - logged_qty: done,
    but in no posting's log, e.g. a posting that produced nothing), as much as the posting
    still requires (required_qty - recorded_qty), never below 0, rounded to ``rounding``;
    to_consume = top_up(required_qty, recorded_qty + ahead, rounding).
    Returns (ahead, to_consume); the posting takes recorded + to_consume from stock.
    """
    ahead = _clean(max(0.0, min(done_qty - logged_qty, required_qty - recorded_qty)),
                   rounding)
    return ahead, top_up(required_qty, recorded_qty + ahead, rounding)


def person_recorded(recorded_qty, proposed_qty, rounding=0.0):
    """What a person recorded of a component for a posting, in its stock UoM.

    ``recorded_qty``: what its open raw moves hold as done; ``proposed_qty``: what Odoo's
    Produce wizard and work orders put there by themselves since the last posting (the
    BOM quantity per unit produced times the quantity, rounded half-up in the move's
    unit, at each produce). When the two are equal on the ``rounding`` grid nobody
    changed Odoo's proposal: it is no record, and the posting consumes the requirement
    (0.5 panel proposed as 1 is trued up like any top-up). Otherwise a person set the
    quantity and all of it is theirs (consumed, topped up to the requirement). A person
    who types exactly Odoo's proposal is read as having accepted it.
    Returns 0.0 or ``recorded_qty``; raises ValueError on a negative quantity.
    """
    if recorded_qty < 0 or proposed_qty < 0:
        raise ValueError('Recorded and proposed quantities cannot be negative (%r, %r).'
                         % (recorded_qty, proposed_qty))
    if proposed_qty and _clean(recorded_qty - proposed_qty, rounding) == 0:
        return 0.0
    return recorded_qty


def unrecordable(quantity, digits):
    """The part of ``quantity`` a move line cannot hold: a done quantity is stored with
    ``digits`` decimals (Odoo's Product Unit of Measure precision), so a unit rounded
    finer than that (0.0001 kg with 3 digits) cannot record 0.1234 kg: 0.0004 would not
    move. Returns ``quantity`` - its value at ``digits`` decimals (0.0 when it fits)."""
    stored = float_round(quantity, 10.0 ** -digits)
    if abs(quantity - stored) <= abs(quantity) * GRID_NOISE:
        return 0.0
    return quantity - stored


def shortages(needs, available):
    """The needs that the stock on hand does not cover.

    ``needs``: (key, place, qty, rounding) in the order they take from ``available``
    ({place: qty on hand}); needs of one place share what is there. A need is short when
    qty exceeds what is left for it by more than ``rounding``. Returns (key, qty, on hand
    for it) of each short need, in order.
    """
    left = dict(available)
    short = []
    for key, place, qty, rounding in needs:
        on_hand = left.get(place, 0.0)
        if _clean(qty - on_hand, rounding) > 0:
            short.append((key, qty, on_hand))
        left[place] = max(0.0, on_hand - qty)
    return short


def spread(quantity, rooms):
    """How ``quantity`` spreads over move lines that may still take ``rooms`` each (in
    order, in the quantity's UoM): each takes up to its room, never below 0, the last
    one all the rest. Returns what each line takes ([] when there is no line)."""
    takes = []
    rest = quantity
    for index, room in enumerate(rooms):
        take = rest if index == len(rooms) - 1 else max(0.0, min(rest, room))
        takes.append(take)
        rest -= take
    return takes


def explode(bom, produced_qty, find_kit):
    """Requirements of the leaf lines of ``bom`` for ``produced_qty`` (in the BOM's UoM).

    As ``mrp.bom.explode``: a line whose product has a kit (phantom) BOM, as returned by
    ``find_kit(product_key)`` (a Bom or None), is replaced by the kit's lines for
    line qty * uom_factor (the kit's own scrap included) / kit qty times, at any depth.
    Demand reaching the same leaf line through several kits is added up before rounding.
    Returns LineRequirement rows in BOM order. Raises ValueError on a kit that contains
    itself, naming the product.
    """
    demands = OrderedDict()
    _collect_demand(bom, produced_qty, produced_qty, (bom.product_key,), find_kit, demands)
    result = []
    for (line, bom_qty), (with_scrap, without_scrap) in demands.items():
        required = required_quantity(line.qty, bom_qty, with_scrap, line.scrap_percent,
                                     line.uom_factor, line.rounding).required_qty
        unscrapped = required_quantity(line.qty, bom_qty, without_scrap, 0.0,
                                       line.uom_factor, line.rounding).required_qty
        result.append(LineRequirement(line.key, line.product_key, required,
                                      _clean(required - unscrapped, line.rounding)))
    return result


def contained(bom, produced_qty, find_kit):
    """{product_key: quantity} that ``produced_qty`` units of ``bom``'s product contain
    (in the BOM's UoM, kits exploded as ``explode`` does): line_qty * produced / bom_qty
    * uom_factor down the kits, planned scrap excluded at every level and unrounded, as
    an unbuild of those units gives back."""
    def exact(one):
        return one._replace(lines=[line._replace(scrap_percent=0.0, rounding=0.0)
                                   for line in one.lines])

    def exact_kit(product_key):
        kit = find_kit(product_key)
        return exact(kit) if kit is not None else None

    quantities = OrderedDict()
    for requirement in explode(exact(bom), produced_qty, exact_kit):
        quantities[requirement.product_key] = (
            quantities.get(requirement.product_key, 0.0) + requirement.required_qty)
    return quantities


def _collect_demand(bom, qty, qty_without_scrap, path, find_kit, demands):
    """Add to ``demands[(leaf line, its BOM qty)]`` the quantities of the leaf lines' BOM
    to make, with and without the scrap of the kit lines above them."""
    for line in bom.lines:
        kit = find_kit(line.product_key)
        if kit is None:
            demand = demands.setdefault((line, bom.qty), [0.0, 0.0])
            demand[0] += qty
            demand[1] += qty_without_scrap
            continue
        if line.product_key in path:
            raise ValueError('The kit %s contains itself (through %s).'
                             % (line.product_key, ' > '.join(str(key) for key in path)))
        scale = line.qty / bom.qty * line.uom_factor
        _collect_demand(kit, qty * scale * (1 + line.scrap_percent / 100.0),
                        qty_without_scrap * scale, path + (line.product_key,), find_kit, demands)


def boms_to_data(bom, kits):
    """JSON-ready lists of a Bom and its kits ({product key: Bom}), for keeping the
    components of an order as they were; ``boms_from_data`` reads them back."""
    def bom_data(one):
        return [one.product_key, one.qty, [list(line) for line in one.lines]]
    return {'bom': bom_data(bom),
            'kits': [[key, bom_data(kit)] for key, kit in sorted(kits.items()) if kit]}


def boms_from_data(data):
    """(Bom, {product key: Bom}) of what ``boms_to_data`` returned."""
    def bom_from(one):
        product_key, qty, lines = one
        return Bom(product_key, qty, [BomLine(*line) for line in lines])
    return bom_from(data['bom']), dict((key, bom_from(kit)) for key, kit in data['kits'])


def _clean(quantity, rounding):
    """``quantity`` rid of float noise: rounded half-up to ``rounding`` (0: unchanged)."""
    return float_round(quantity, rounding) if rounding else quantity
