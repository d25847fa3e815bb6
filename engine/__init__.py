"""Plain-Python core of mrp_backflush: never imports odoo.

Takes plain values (numbers, tuples, small immutable classes) and returns plain values,
so it carries over unchanged to a newer Odoo series and is tested on its own, fast.
"""
