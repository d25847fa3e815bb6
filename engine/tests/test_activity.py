import pytest

from ..activity import expected_minutes, labour_hours, machine_hours


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
