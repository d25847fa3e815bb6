import pytest

from ..activity import (basis_activity, expected_minutes, labour_hours, machine_hours,
                        posting_minutes)


def test_expected_minutes_follows_odoo_11_work_orders():
    # mrp.production._workorders_create:
    # start + stop + ceil(qty / capacity) * cycle * 100 / efficiency
    assert expected_minutes(10.0, 1.0, 6.0) == 60.0
    assert expected_minutes(10.0, 4.0, 6.0) == 18.0                     # 3 cycles
    assert expected_minutes(10.0, 4.0, 6.0, 15.0, 5.0) == 38.0          # set-up and clean-up once
    assert expected_minutes(10.0, 4.0, 6.0, 15.0, 5.0, 80.0) == 42.5    # efficiency: cycles only
    assert expected_minutes(0.1 * 3, 0.1, 1.0) == 3.0                   # no extra cycle from noise


def test_expected_minutes_refuses_zero_capacity_or_efficiency():
    with pytest.raises(ValueError):
        expected_minutes(1.0, 0.0, 1.0)
    with pytest.raises(ValueError):
        expected_minutes(1.0, 1.0, 1.0, time_efficiency=0.0)


def test_machine_hours_prefer_time_logs():
    assert machine_hours(None, 90.0) == 1.5
    assert machine_hours(120.0, 90.0) == 2.0
    assert machine_hours(0.0, 90.0) == 0.0      # logs recorded, even if empty of time


def test_labour_hours_are_machine_hours_times_crew():
    assert labour_hours(2.5) == 2.5
    assert labour_hours(2.5, 3) == 7.5
    with pytest.raises(ValueError):
        labour_hours(1.0, -1)


def test_basis_activity_per_allocation_basis():
    # 12 units, material 250.00, 2.5 machine hours at a crew of 3
    args = (12.0, 250.0, 2.5, 3.0)
    assert basis_activity("machine_hours", *args) == 2.5
    assert basis_activity("labour_hours", *args) == 7.5      # 2.5 h x 3 people
    assert basis_activity("units", *args) == 12.0
    assert basis_activity("material_cost", *args) == 250.0
    assert basis_activity("labour_cost", *args) is None      # summed by apply_pools
    with pytest.raises(ValueError):
        basis_activity("floor_space", *args)


def test_posting_minutes_set_up_once_cycles_not_counted_twice():
    # capacity 4, cycle 6 min, set-up 15 + clean-up 5: 10 units in postings of 3 and 7
    first = posting_minutes(0.0, 3.0, 4.0, 6.0, 15.0, 5.0)
    second = posting_minutes(3.0, 7.0, 4.0, 6.0, 15.0, 5.0)
    assert first == 26.0             # 20 + 1 cycle x 6
    assert second == 12.0            # 3 cycles for 10 = 38, less the 26 already posted
    assert first + second == expected_minutes(10.0, 4.0, 6.0, 15.0, 5.0)
    assert posting_minutes(3.0, 0.0, 4.0, 6.0, 15.0, 5.0) == 0.0
