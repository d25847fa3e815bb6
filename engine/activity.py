"""Activity measured for a posting: machine and labour hours, and the activity of each
allocation basis (DESIGN section 4)."""
from .rounding import float_round


def expected_minutes(bom_multiples, capacity, time_cycle, time_start=0.0, time_stop=0.0,
                     time_efficiency=100.0):
    """Standard duration of an operation, in minutes, as Odoo 11 plans work orders
    (``mrp.production._workorders_create``):

    time_start + time_stop + cycles * time_cycle * 100 / time_efficiency, with
    cycles = ceil(bom_multiples / capacity), where ``bom_multiples`` is the quantity
    produced in the BOM's UoM divided by the BOM quantity, as Odoo 11 counts it. The
    ceiling ignores float noise (0.1 * 3 / 0.1 is 3 cycles, not 4).
    """
    if capacity <= 0 or time_efficiency <= 0:
        raise ValueError('Capacity (%r) and time efficiency (%r) must be positive.'
                         % (capacity, time_efficiency))
    cycles = float_round(bom_multiples / capacity, 1.0, rounding_method='UP')
    return time_start + time_stop + cycles * time_cycle * 100.0 / time_efficiency


def posting_minutes(before_multiples, posted_multiples, capacity, time_cycle, time_start=0.0,
                    time_stop=0.0, time_efficiency=100.0):
    """Standard minutes of an operation for a posting of ``posted_multiples`` (BOM
    multiples, see expected_minutes) after ``before_multiples`` were posted:
    expected(before + posted) - expected(before), where nothing produced takes no time:
    set-up and clean-up fall in the first posting, a cycle started by an earlier posting
    is not counted again."""
    def minutes(multiples):
        if multiples <= 0:
            return 0.0
        return expected_minutes(multiples, capacity, time_cycle, time_start, time_stop,
                                time_efficiency)
    return minutes(before_multiples + posted_multiples) - minutes(before_multiples)


def machine_hours(logged_minutes, expected_minutes):
    """Hours of a work order: its time logs if any were recorded (``logged_minutes`` not
    None), else its standard duration."""
    minutes = expected_minutes if logged_minutes is None else logged_minutes
    return minutes / 60.0


def labour_hours(machine_hours, crew_size=1.0):
    """Labour hours = machine hours * the work center's crew size."""
    if crew_size < 0:
        raise ValueError('The crew size cannot be negative (%r).' % crew_size)
    return machine_hours * crew_size


# the allocation bases measured per work center
HOUR_BASES = ('machine_hours', 'labour_hours')


def basis_activity(basis, units, material_cost, machine_hours, crew_size=1.0):
    """Activity of a pool's allocation ``basis`` in a posting: ``machine_hours`` (of one
    work center), labour hours = machine hours * ``crew_size``, ``units`` produced, or
    the ``material_cost`` consumed; None for ``labour_cost``, which is the labour applied
    in the same posting (engine.conversion.apply_pools sums it). Raises ValueError for
    an unknown basis."""
    if basis == 'machine_hours':
        return machine_hours
    if basis == 'labour_hours':
        return labour_hours(machine_hours, crew_size)
    if basis == 'units':
        return units
    if basis == 'material_cost':
        return material_cost
    if basis == 'labour_cost':
        return None
    raise ValueError('Unknown allocation basis %r.' % (basis,))
