"""OCA modules' own tests (`make test-oca`: tools/devenv.py test-oca) that fail with
mrp_backflush installed and pass without it, with the reason. Strict: a test listed here
that passes with the addon (in any install order it runs in) fails the run, so the list
cannot go stale. README "OCA modules' own tests" gives the same list."""

# test id (module/tests/file.py::Class::method) -> why it fails with the addon
CHANGED = {}

# quality_control_mrp's five tests of inspections created at Post Inventory share one set-up
QC_TABLE_HEAD = (
    "an order of 2 of mrp's demo [FURN001] Table, whose BOM takes a serial-tracked "
    "[FURN002] Table Head with none in stock, produced in the Produce wizard with no "
    "serial number typed, then Post Inventory: native Odoo leaves the table heads "
    "unconsumed; the addon's default policy (At MO completion) tops them up to the BOM "
    "quantity and refuses, nothing posted: \"Not enough serial numbers of [FURN002] Table "
    "Head in WH/Stock to backflush MO/...: 2 Unit(s) more needed. Receive them, or record "
    "the serial numbers consumed in the Produce wizard, or set the Backflush Policy to "
    "Manual on the line of [FURN002] Table Head in the bill of materials [FURN001] "
    "Table\". Checked by tests/test_backflush_lots.py (the refusal, and the order done "
    "with the line set Manual)")
CHANGED.update({
    "quality_control_mrp/tests/test_quality_control_mrp.py::TestQualityControlMrp::%s"
    % test: QC_TABLE_HEAD for test in (
        "test_inspection_create_for_category", "test_inspection_create_for_product",
        "test_inspection_create_for_template", "test_inspection_create_only_one",
        "test_inspection_with_partial_fabrication")})
