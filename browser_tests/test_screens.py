"""A person's walk through the addon in a real browser, in order, as the production
planner and as the cost accountant: log in, complete an order with Report Completion
(the dialog filled as it opens), read its backflush log (units, columns that fit), its
Conversion tab and every journal entry of the order (read top-down, each line saying what
it books), have zero, a negative quantity and more than remains refused and the same
dialog then post a corrected quantity, record a manual component in the dialog, find
every completion in Completion Events (one reported by the demo's `mes` user) and the
jobs in Job Queue, look at the overhead rates and the report, have a period close refused
and then posted from the same dialog, and change the Work in Process Account in the
settings. Each step asserts what is on screen and saves the screens README.md shows in
static/description/.
"""
import re

import pytest
from conftest import Rpc
from odoo_ui import (breadcrumb, click_header_button, column_index, dialog_with, exact,
                     number, open_menu, post_dialog, post_report, screenshot, set_cell,
                     settle)
from playwright.sync_api import expect

COMPONENTS = [("Desk Top Panel", 1, 40.0), ("Steel Leg", 4, 6.5), ("Screw Pack", 1, 1.2)]
QTY = 5
OVERHEAD_RATES_MENU = ("Manufacturing", "Configuration", "Overhead Rates")
PERIOD_CLOSE_MENU = ("Manufacturing", "Costing", "Close Manufacturing Overhead")
PERIOD_CLOSE_ADVISER_MENU = ("Invoicing", "Adviser", "Generate Entries",
                             "Close Manufacturing Overhead")


@pytest.fixture(scope="module")
def desk(rpc):
    """A standard-cost, real-time valued desk whose components are in stock, and its
    BOM, made over XML-RPC the way a planner would have them."""
    categ = rpc("product.category", "create", {
        "name": "Desks (real time)", "property_valuation": "real_time",
        "property_cost_method": "standard"})
    # the demo's material handling applies 5 % to its own category, 0 % elsewhere: the
    # accountant gives the desks' category the same rate
    rpc("mrp.overhead.rate", "create", {
        "pool_id": rpc.ref("mrp_backflush.demo_pool_material_handling"),
        "product_categ_id": categ, "rate": 5.0})

    def product(name, cost):
        return rpc("product.product", "create", {
            "name": name, "type": "product", "standard_price": cost, "categ_id": categ})

    desk = product("Standing Desk", 80.0)
    stock = rpc.ref("stock.stock_location_stock")
    lines = []
    for name, qty, cost in COMPONENTS:
        component = product(name, cost)
        wizard = rpc("stock.change.product.qty", "create", {
            "product_id": component, "new_quantity": 1000, "location_id": stock})
        rpc("stock.change.product.qty", "change_product_qty", [wizard])
        lines.append((0, 0, {"product_id": component, "product_qty": qty}))
    template = rpc("product.product", "read", [desk], ["product_tmpl_id"])[0]
    bom = rpc("mrp.bom", "create", {"product_tmpl_id": template["product_tmpl_id"][0],
                                    "product_qty": 1, "bom_line_ids": lines})
    uom = rpc("product.product", "read", [desk], ["uom_id"])[0]["uom_id"][0]
    return {"product": desk, "bom": bom, "uom": uom}


def new_order(rpc, desk, qty):
    production = rpc("mrp.production", "create", {
        "product_id": desk["product"], "product_qty": qty, "product_uom_id": desk["uom"],
        "bom_id": desk["bom"]})
    rpc("mrp.production", "action_assign", [production])
    return rpc("mrp.production", "read", [production], ["name", "state"])[0]


@pytest.fixture(scope="module")
def mo(rpc, desk):
    return new_order(rpc, desk, QTY)


def test_login_shows_the_apps(page):
    """The first page of `make run`'s server (make test-browser serves through its
    set-up: lessc installed, the same odoo.conf) is styled: its style sheets compiled
    (no "Style error" dialog), the top bar dark as Bootstrap's navbar-inverse makes it
    (unstyled: transparent, a bare list of links)."""
    navbar = page.locator("#oe_main_menu_navbar")
    expect(page.locator(".modal-dialog").filter(has_text="Style error")).to_have_count(0)
    sheets = page.evaluate("Array.from(document.styleSheets).filter("
                           "s => /web\\.assets_(common|backend)/.test(s.href || '')).map("
                           "s => s.cssRules.length)")
    assert len(sheets) >= 2 and all(sheets), "the web client's style sheets: %s" % sheets
    # Odoo 11 Community's top bar: Bootstrap 3's .navbar-inverse, background #222
    expect(navbar).to_have_css("background-color", "rgb(34, 34, 34)")
    for app in ("Manufacturing", "Invoicing"):
        # Invoicing: the accountant's journal entries, accounts and reports (point 1)
        expect(navbar.locator("a.oe_menu_toggler").filter(has_text=exact(app))
               ).to_have_count(1)
    expect(page.locator(".oe_topbar_name")).to_contain_text("Administrator")


def test_demo_switches_on_what_its_data_uses(page, rpc):
    """Points 6, 8, 9: the BOM shows its operations and supermarket column, an empty
    policy says what it inherits, scrap % has two decimals; the demo's first stock load
    raised no cycle-count alert."""
    assert rpc("mrp.cycle.count.alert", "search_count", []) == 0
    assert rpc("mail.activity", "search_count", [("res_model", "=", "mrp.cycle.count.alert")]) == 0
    open_menu(page, "Manufacturing", "Master Data", "Bills of Materials")
    page.locator(".o_list_view .o_data_row").filter(has_text="Oak Dining Table").first.click()
    settle(page)
    lines = page.locator(".o_field_widget[name=bom_line_ids] table")
    titles = [text.strip() for text in lines.locator("thead th").all_inner_texts()]
    for title in ("Consumed in Operation", "Backflush Policy", "If Empty", "Scrap %",
                  "Supermarket Location"):
        assert title in titles, "%s not in the BOM's columns %s" % (title, titles)
    glue = lines.locator(".o_data_row").filter(has_text="Wood Glue")
    expect(glue.locator("td").nth(titles.index("If Empty"))).to_have_text(
        exact("Company default: At MO completion"))
    expect(glue.locator("td").nth(titles.index("Scrap %"))).to_have_text(exact("10.00"))
    assert rpc("product.uom", "read", [rpc.ref("product.product_uom_unit")],
               ["rounding"])[0]["rounding"] == 1.0


def open_mo(page, name):
    open_menu(page, "Manufacturing", "Operations", "Manufacturing Orders")
    expect(breadcrumb(page)).to_have_text(exact("Manufacturing Orders"))
    search = page.locator(".o_searchview_input")
    search.fill(name)
    search.press("Enter")
    settle(page)
    page.locator(".o_list_view .o_data_row").filter(has_text=name).first.click()
    expect(breadcrumb(page)).to_have_text(exact(name))
    settle(page)


def open_report_completion(page):
    click_header_button(page, "Report Completion")
    dialog = page.locator(".modal-dialog").filter(has_text="Report and Post")
    expect(dialog).to_be_visible()
    return dialog


def test_complete_mo(page, rpc, mo):
    open_mo(page, mo["name"])
    dialog = open_report_completion(page)
    # point 3: product and what remains are there as the dialog opens
    orders = dialog.locator(".o_field_widget[name=line_ids] table")
    row = orders.locator(".o_data_row").first
    expect(row.locator("td").nth(column_index(orders, "Product"))).to_contain_text(
        "Standing Desk")
    expect(row.locator("td").nth(column_index(orders, "Remaining"))).to_have_text(
        exact("5 Unit(s)"))
    # with the unit's decimals (the demo counts Units whole), not the field's 3
    expect(row.locator("td").nth(column_index(orders, "Quantity Done"))).to_have_text(
        exact("5"))
    screenshot(page, "report_completion.png")
    # the dialog says what it did before it closes
    post_report(page, dialog, says=("5 Unit(s)", "posted; the order is Done.",
                                    "Components consumed:"))
    expect(page.locator(".o_statusbar_status .btn-primary")).to_have_text(exact("Done"))
    done = rpc("mrp.production", "read", [mo["id"]], ["state", "move_raw_ids"])[0]
    assert done["state"] == "done"
    moves = rpc("stock.move", "read", done["move_raw_ids"], ["product_id", "quantity_done",
                                                             "state"])
    consumed = {m["product_id"][1]: m["quantity_done"] for m in moves if m["state"] == "done"}
    assert consumed == {name: qty * QTY for name, qty, _cost in COMPONENTS}


def require_done(rpc, mo):
    if rpc("mrp.production", "read", [mo["id"]], ["state"])[0]["state"] != "done":
        pytest.fail("the MO was not completed: see test_complete_mo")


def test_backflush_log_tab(page, rpc, mo):
    """Point 4: each quantity with its unit at the unit's precision (the demo's Units
    round to 1: "20 Unit(s)", not "20.0000"), and every column on a 1360 px screen."""
    require_done(rpc, mo)
    tab = page.locator(".o_notebook .nav-tabs a").filter(has_text=exact("Backflush"))
    tab.click()
    settle(page)
    pane = page.locator(".o_notebook .tab-pane.active")
    rows = pane.locator(".o_data_row")
    for name, qty, _cost in COMPONENTS:
        row = rows.filter(has_text=name)
        expect(row).to_have_count(1)
        expect(row).to_contain_text("%d Unit(s)" % (qty * QTY))
    expect(pane).not_to_contain_text(".0000")
    # every column heading is whole on the order's sheet: nothing cut at the right
    sheet = page.locator(".o_form_sheet").bounding_box()
    last = pane.locator("table.o_list_view thead th").last.bounding_box()
    cut = last["x"] + last["width"] - (sheet["x"] + sheet["width"])
    assert cut <= 0, "the Backflush tab's last column is cut by %d px" % cut
    screenshot(page, "mo_backflush.png")


def test_conversion_tab(page, rpc, mo):
    """Point 3: the desks' material handling (5 % of 5 x 67.20 = 336.00 of components:
    16.80) shows its basis, activity and rate; the variance that cleared WIP (standard
    5 x 80 = 400.00 - 336.00 - 16.80 = 47.20 standard revision) none of them."""
    require_done(rpc, mo)
    page.locator(".o_notebook .nav-tabs a").filter(has_text=exact("Conversion")).click()
    settle(page)
    table = page.locator(".o_notebook .tab-pane.active table.o_list_view")
    rows = table.locator(".o_data_row")
    applied = rows.filter(has_text="Material handling")
    expect(applied).to_have_count(1)
    expect(applied.locator("td").nth(column_index(table, "Rate"))).to_have_text(
        exact("5.0000"))
    expect(applied.locator("td").nth(column_index(table, "Conversion Applied"))).to_have_text(
        exact("16.80"))
    expect(applied.locator("td").nth(column_index(table, "Variance"))).to_have_text(
        re.compile(r"^\s*$"))
    variance = rows.filter(has_text="Standard revision")
    expect(variance).to_have_count(1)
    # top-down: the cost applied, then the variance that cleared the posting's WIP
    expect(rows.first).to_contain_text("Material handling")
    for column in ("Basis", "Activity", "Rate", "Conversion Applied"):
        expect(variance.locator("td").nth(column_index(table, column))).to_have_text(
            re.compile(r"^\s*$"))
    expect(variance.locator("td").nth(column_index(table, "Variance"))).to_have_text(
        exact("-47.20"))
    screenshot(page, "mo_conversion.png")


LINE_TYPES = ["Components consumed", "Conversion applied", "Finished goods received",
              "Variance"]


def test_entries_of_the_order(page, rpc, mo):
    """Point 12: the order's Entries lists its stock valuation entry (the components and
    the desks, through WIP) as well as the conversion entry of the backflush."""
    require_done(rpc, mo)
    conversion = rpc("account.move", "search_read", [("backflush_production_id", "=", mo["id"]),
                                                     ("backflush_kind", "=", "posting")],
                     ["name"])
    assert conversion, "completing %s posted no posting entry" % mo["name"]
    moves = rpc("mrp.production", "read", [mo["id"]], ["move_raw_ids", "move_finished_ids"])[0]
    stock_entries = rpc("account.move", "search_read", [
        ("stock_move_id", "in", moves["move_raw_ids"] + moves["move_finished_ids"])], ["name"])
    assert stock_entries, "completing %s posted no stock valuation entry" % mo["name"]
    button = page.locator(".oe_button_box .oe_stat_button").filter(has_text="Entries")
    backflush = rpc("account.move", "search", [("backflush_production_id", "=", mo["id"])])
    expect(button).to_contain_text(str(len(set(backflush) | {e["id"] for e in stock_entries})))
    button.click()
    settle(page)
    expect(breadcrumb(page)).to_have_text(exact("Entries of %s" % mo["name"]))
    rows = page.locator(".o_list_view .o_data_row")
    for entry in stock_entries + conversion:
        expect(rows.filter(has_text=entry["name"])).to_have_count(1)
    rows.filter(has_text=conversion[0]["name"]).click()
    expect(breadcrumb(page)).to_have_text(exact(conversion[0]["name"]))
    settle(page)
    table = page.locator(".o_field_widget[name=line_ids] table")
    lines = table.locator(".o_data_row")
    expect(lines.filter(has_text="Work in Process")).not_to_have_count(0)
    expect(lines.filter(has_text="Applied")).not_to_have_count(0)
    expect(page.locator(".o_statusbar_status .btn-primary")).to_have_text(exact("Posted"))
    # point 2: read top-down as the posting happened, each line saying what it books
    types = [row.locator("td").nth(column_index(table, "Backflush Line")).inner_text().strip()
             for row in lines.all()]
    labels = [row.locator("td").nth(column_index(table, "Label")).inner_text().strip()
              for row in lines.all()]
    assert sorted(set(types), key=LINE_TYPES.index) == LINE_TYPES, types
    assert types == sorted(types, key=LINE_TYPES.index), "not top-down: %s" % types
    assert mo["name"] not in labels, "a line labelled only %s: %s" % (mo["name"], labels)
    name = mo["name"]
    components = "%s \u2013 Components: %s" % (name, ", ".join(sorted(
        component for component, _qty, _cost in COMPONENTS)))
    for label in (components, "%s \u2013 Conversion applied: Material handling" % name,
                  "%s \u2013 Overhead applied: Material handling" % name,
                  "%s \u2013 Finished goods: Standing Desk" % name,
                  "%s \u2013 Standard revision" % name,
                  "%s \u2013 Work in process cleared: Standard revision" % name):
        assert label in labels, "%s not among the labels %s" % (label, labels)
    screenshot(page, "conversion_entry.png")


def test_refusals_leave_the_dialog_ready_to_correct(page, rpc, desk):
    """Points 1, 2 and 5: an order of 10; 0, -3 and 15 typed are refused, each with the
    quantity as typed in the order's unit, and after each the dialog shows what it showed
    (product, what remains, unit); 4 typed in the same dialog then post: 4 produced."""
    order = new_order(rpc, desk, 10)
    name = order["name"]
    open_mo(page, name)
    dialog = open_report_completion(page)
    orders = dialog.locator(".o_field_widget[name=line_ids] table")
    row = orders.locator(".o_data_row").first
    for typed, message in (
            (0, "Enter the quantity done of at least one manufacturing order."),
            (-3, "The quantity reported on %s must be a positive number, not -3 Unit(s)."
             % name),
            (15, "Cannot report 15 Unit(s) done on %s: only 10 Unit(s) remain to produce "
             "(over-production tolerance 0 %%: at most 10 Unit(s))" % name)):
        set_cell(row, column_index(orders, "Quantity Done"), typed)
        dialog.locator(".modal-footer .btn-primary").first.click()
        warning = dialog_with(page, message)
        expect(warning).to_be_visible()
        if typed == 15:
            screenshot(page, "overproduction_refused.png")
        warning.locator(".modal-footer button").first.click()
        expect(warning).to_have_count(0)
        settle(page)
        for column, shown in (("Product", "Standing Desk"), ("Remaining", "10 Unit(s)"),
                              ("Unit of Measure", "Unit(s)")):
            expect(row.locator("td").nth(column_index(orders, column))).to_have_text(
                exact(shown))
    assert rpc("mrp.production", "read", [order["id"]], ["state"])[0]["state"] == "confirmed"
    set_cell(row, column_index(orders, "Quantity Done"), 4)
    post_report(page, dialog, says=("4 Unit(s)", "posted"))
    after = rpc("mrp.production", "read", [order["id"]], ["state", "move_finished_ids"])[0]
    assert after["state"] == "progress"
    finished = rpc("stock.move", "search_read", [("id", "in", after["move_finished_ids"]),
                                                 ("state", "=", "done")], ["quantity_done"])
    assert sum(move["quantity_done"] for move in finished) == 4


def test_manual_component_in_the_dialog(page, rpc):
    """Point 7: the demo's side table (12 screws, policy Manual, and 4 legs, 2 planks):
    reporting 2 tables with 30 screws typed consumes 30 screws and 8 legs, 4 planks (the
    legs' 2 % scrap: 8.16, rounded up to the whole unit: 9)."""
    side = rpc("mrp.production", "read", [rpc.ref("mrp_backflush.demo_production_side")],
               ["name", "state", "move_raw_ids"])[0]
    open_mo(page, side["name"])
    dialog = open_report_completion(page)
    orders = dialog.locator(".o_field_widget[name=line_ids] table")
    set_cell(orders.locator(".o_data_row").first, column_index(orders, "Quantity Done"), 2)
    components = dialog.locator(".o_field_widget[name=component_ids] table")
    screw = components.locator(".o_data_row").filter(has_text="Screw M6")
    expect(screw).to_have_count(1)
    expect(screw.locator("td").nth(column_index(components, "Consumed"))).to_have_text(
        number(0))
    set_cell(screw, column_index(components, "Consumed"), 30)
    post_report(page, dialog, says=("Screw M6 30 Unit(s)",))
    moves = rpc("stock.move", "search_read", [("raw_material_production_id", "=", side["id"]),
                                              ("state", "=", "done")],
                ["product_id", "quantity_done"])
    consumed = {}
    for move in moves:
        name = move["product_id"][1].split("] ")[-1]
        consumed[name] = consumed.get(name, 0) + move["quantity_done"]
    assert consumed == {"Screw M6": 30, "Steel Leg": 9, "Oak Plank": 4}
    page.locator(".o_notebook .nav-tabs a").filter(has_text=exact("Backflush")).click()
    settle(page)
    screws = page.locator(".o_notebook .tab-pane.active .o_data_row").filter(
        has_text="Screw M6")
    expect(screws).to_contain_text("30 Unit(s)")
    expect(screws).to_contain_text("Manual")


def test_completion_events_list_every_path(page, server, rpc, desk, mo):
    """Point 10: the dialog's completions (the desks, the side tables), one over the
    API (by the demo's `mes` user, password `mes`, as README's MES client example logs
    in) and one by Produce + Mark as Done are each one row of Completion Events, the
    quantity with its unit."""
    require_done(rpc, mo)
    api_order = new_order(rpc, desk, 2)
    mes = Rpc(*server, login="mes", password="mes")
    mes("mrp.production", "report_completion", api_order["name"], 2, "MES-BROWSER-1")
    native = new_order(rpc, desk, 3)
    produce = rpc("mrp.product.produce", "create", {"product_qty": 3},
                  context={"active_id": native["id"], "active_ids": [native["id"]]})
    rpc("mrp.product.produce", "do_produce", [produce])
    rpc("mrp.production", "button_mark_done", [native["id"]])
    open_menu(page, "Manufacturing", "Reporting", "Completion Events")
    expect(breadcrumb(page)).to_have_text(exact("Completion Events"))
    rows = page.locator(".o_list_view .o_data_row")
    for name, source in ((mo["name"], "Report Completion"), (api_order["name"], "MES / API"),
                         (native["name"], "Post Inventory / Mark as Done")):
        row = rows.filter(has_text=name)
        expect(row).to_have_count(1)
        expect(row).to_contain_text(source)
    by_mes = rows.filter(has_text="MES-BROWSER-1")
    expect(by_mes).to_have_count(1)
    table = page.locator("table.o_list_view")
    expect(by_mes.locator("td").nth(column_index(table, "Reported By"))).to_have_text(
        exact("MES (shop floor)"))
    expect(by_mes.locator("td").nth(column_index(table, "Quantity Reported"))).to_have_text(
        exact("2 Unit(s)"))
    screenshot(page, "completion_events.png")


def test_job_queue_menu(page):
    """Point 6: where README sends a job manager: Job Queue > Queue > Jobs, whose default
    filter shows the jobs pending, enqueued, started or failed."""
    open_menu(page, "Job Queue", "Queue", "Jobs")
    expect(breadcrumb(page)).to_have_text(exact("Jobs"))
    facet = page.locator(".o_searchview_facet")
    expect(facet).to_have_count(1)
    for state in ("Pending", "Enqueued", "Started", "Failed"):
        expect(facet).to_contain_text(state)
    expect(facet).not_to_contain_text("Done")


def test_overhead_rates(page, rpc):
    open_menu(page, *OVERHEAD_RATES_MENU)
    expect(breadcrumb(page)).to_have_text(exact("Overhead Rates"))
    rows = page.locator(".o_list_view .o_data_row")
    # the demo rates: 120,000 budgeted / 12,000 machine hours, and 25 per labour hour
    expect(rows.filter(has_text="Machine overhead").filter(has_text="10.00")
           ).to_have_count(1)
    expect(rows.filter(has_text="Direct labour").filter(has_text="25.00")).to_have_count(1)
    screenshot(page, "overhead_rates.png")


def test_conversion_report(page):
    """Point 3: the report's graph puts the costs applied and the variances of a month
    in two bars side by side, not one stacked on the other."""
    open_menu(page, "Manufacturing", "Reporting", "Conversion Costs and Variances")
    expect(breadcrumb(page)).to_have_text(exact("Conversion Costs and Variances"))
    page.locator(".o_cp_switch_graph").click()
    settle(page)
    legend = page.locator(".o_graph_svg_container .nv-legend-text")
    expect(legend.filter(has_text=exact("Conversion cost"))).to_have_count(1)
    expect(legend.filter(has_text=exact("Variance"))).to_have_count(1)
    groups = page.locator(".o_graph_svg_container .nv-multibar .nv-group")
    expect(groups).to_have_count(2)
    # grouped, nvd3 puts the second series' bar beside the first (x > 0); stacked, on it
    offsets = [group.locator("rect.nv-bar").first.get_attribute("x") for group in groups.all()]
    assert offsets[0] != offsets[1], "the two series are stacked: bars at x %s" % offsets
    screenshot(page, "conversion_report.png")


def test_accountant_finds_the_entries_and_the_close(page):
    """Point 1: Invoicing > Adviser (journal entries, the close as Odoo places period-end
    entries) and Manufacturing > Costing (the close and the closed periods)."""
    open_menu(page, "Invoicing", "Adviser", "Accounting Entries", "Journal Entries")
    expect(breadcrumb(page)).to_have_text(exact("Journal Entries"))
    open_menu(page, *PERIOD_CLOSE_ADVISER_MENU)
    expect(page.locator(".modal-dialog")).to_be_visible()
    page.locator(".modal-dialog .modal-footer button").filter(has_text="Cancel").click()
    settle(page)
    open_menu(page, "Manufacturing", "Costing", "Closed Overhead Periods")
    expect(breadcrumb(page)).to_have_text(exact("Closed Overhead Periods"))


def test_period_close_refused_then_posted(page):
    """Point 1: a Post refused (normal capacity chosen, no normal activity typed) leaves
    the pools as they were; Cost of goods sold chosen in the same dialog then posts."""
    open_menu(page, *PERIOD_CLOSE_MENU)
    dialog = page.locator(".modal-dialog").filter(has_text="Cost Pools")
    expect(dialog).to_be_visible()
    settle(page)
    for label in ("Disposition", "Cost Pools"):
        expect(dialog.locator("label").filter(has_text=label).first).to_be_visible()
    # this month's material handling (5 % of the components consumed): the desks, 67.20
    # of components each, 5 + 4 + 2 + 3 in four postings: 16.80 + 13.44 + 6.72 + 10.08;
    # the 2 side tables, 9 legs x 8 + 4 planks x 12 + 30 screws x 0.05 = 121.50: 6.08
    # (6.075 half up); 47.04 + 6.08 = 53.12
    handling = dialog.locator(".o_data_row").filter(has_text="Material handling")
    expect(handling).to_contain_text("53.12")
    # the dialog opens on Disposition: no calendar pops open over it
    expect(page.locator(".bootstrap-datetimepicker-widget:visible")).to_have_count(0)
    screenshot(page, "period_close.png")
    dialog.locator("select[name=disposition]").select_option(
        label="Normal capacity: unabsorbed overhead expensed (IAS 2.13)")
    dialog.locator(".modal-footer .btn-primary").first.click()
    warning = dialog_with(page, "Enter the normal activity (normal capacity) of the range.")
    expect(warning).to_be_visible()
    warning.locator(".modal-footer button").first.click()
    expect(warning).to_have_count(0)
    settle(page)
    expect(handling).to_contain_text("53.12")
    dialog.locator("select[name=disposition]").select_option(label="Cost of goods sold")
    post_dialog(page, dialog)
    expect(breadcrumb(page)).to_have_text(re.compile(r"^\s*BKF/"))
    expect(page.locator(".o_statusbar_status .btn-primary")).to_have_text(exact("Posted"))
    expect(page.locator(".o_field_widget[name=line_ids] .o_data_row").filter(
        has_text="Material handling")).not_to_have_count(0)


def test_a_new_wip_account_says_what_it_moved(page, rpc, desk):
    """Point 4: the settings say how the production location is valued, at the account
    chosen; saving a new Work in Process Account says what it moved: the order of 2
    desks whose 8 legs were consumed ahead (Post Inventory, nothing received) holds them
    in WIP, one transfer entry moves them."""
    order = new_order(rpc, desk, 2)
    moves = rpc("stock.move", "search_read", [("raw_material_production_id", "=", order["id"])],
                ["product_id"])
    leg = [move["id"] for move in moves if "Steel Leg" in move["product_id"][1]]
    rpc("stock.move", "write", leg, {"quantity_done": 8})
    rpc("mrp.production", "post_inventory", [order["id"]])
    company = rpc("res.users", "read", [rpc.uid], ["company_id"])[0]["company_id"][0]
    current_assets = rpc.ref("account.data_account_type_current_assets")
    rpc("account.account", "create", {"code": "101199", "name": "Work in Process (new)",
                                      "user_type_id": current_assets, "company_id": company})
    open_menu(page, "Manufacturing", "Configuration", "Settings")
    pane = page.locator("#backflush_wip")
    pane.scroll_into_view_if_needed()
    valuation = pane.locator(".o_field_widget[name=backflush_location_valuation]")
    expect(valuation).to_contain_text("Virtual Locations/Production: at 101140 Work in "
                                      "Process (components consumed Dr Work in Process")
    account = pane.locator(".o_field_widget[name=backflush_wip_account_id] input")
    account.fill("101199")
    page.locator(".ui-autocomplete .ui-menu-item").filter(
        has_text="101199 Work in Process (new)").first.click()
    expect(valuation).to_contain_text("Virtual Locations/Production: at 101199 Work in "
                                      "Process (new)")
    screenshot(page, "settings_wip.png")
    page.locator("button").filter(visible=True).filter(has_text=exact("Save")).first.click()
    said = dialog_with(page, "Work in Process Account changed from")
    expect(said).to_be_visible()
    transfer = rpc("account.move", "search_read", [
        ("backflush_production_id", "=", order["id"]), ("backflush_kind", "=", "wip_transfer")],
        ["name", "amount"])
    assert len(transfer) == 1, transfer
    expect(said).to_contain_text("Work in Process Account changed from 101140 Work in "
                                 "Process to 101199 Work in Process (new)")
    # "- MO/00012: $ 54.60 (BKF/2026/0009)": the order, its WIP moved, the entry
    expect(said).to_contain_text(re.compile(r"- %s: .*%s.* \(%s\)" % (
        re.escape(order["name"]), re.escape("{:,.2f}".format(transfer[0]["amount"])),
        re.escape(transfer[0]["name"]))))
    screenshot(page, "wip_account_changed.png")
    said.locator(".modal-footer .btn-primary").click()
    settle(page)
