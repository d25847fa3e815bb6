"""Plain-Python core of mrp_backflush: never imports odoo.

Takes plain values (numbers, tuples, small immutable classes) and returns plain values,
so it carries over unchanged to a newer Odoo series and is tested on its own, fast.
Python 3.5 syntax. Quantities are in the component's stock UoM; money is rounded to the
company currency (``currency_rounding``, e.g. 0.01) and every entry balances exactly.
Import a module, e.g. ``from ..engine import consumption`` (or
``from odoo.addons.mrp_backflush.engine.consumption import explode``).

rounding     float_round(value, precision_rounding, rounding_method='HALF-UP')  Odoo 11's
             float_is_zero(value, precision_rounding)
             float_compare(value1, value2, precision_rounding) -> -1 | 0 | 1    Odoo 11's
             round_up(quantity, rounding)                  rounding 0: unchanged
             round_money(amount, currency_rounding)        as res.currency.round
             allocate(total, weights, currency_rounding)   rest on the largest weight
             to_units(amount, currency_rounding) / from_units(units, currency_rounding)
                 money as an int count of currency roundings, and back

consumption  required_quantity(line_qty, bom_qty, produced_qty, scrap_percent=0.0,
                               uom_factor=1.0, rounding=0.0) -> Requirement(required_qty,
                               scrap_qty)                   HOW MUCH IS CONSUMED
             top_up(required_qty, already_consumed_qty, rounding=0.0) -> qty still to consume
             plan_top_up(required_qty, recorded_qty, done_qty, logged_qty, rounding=0.0)
                 -> (ahead, to_consume)   one BOM line in a posting
             person_recorded(recorded_qty, proposed_qty, rounding=0.0) -> 0.0 when what
                 is recorded is Odoo's own proposal unchanged, else recorded_qty
             unrecordable(quantity, digits) -> the part a move line (``digits``
                 decimals) cannot hold, 0.0 when it fits
             shortages([(key, place, qty, rounding)], {place: on hand})
                 -> [(key, qty, on hand)]   needs of one place share it
             spread(quantity, rooms) -> [take per move line], the last one takes the rest
             explode(Bom(product_key, qty, lines), produced_qty, find_kit)
                 -> [LineRequirement(line_key, product_key, required_qty, scrap_qty)]
                 lines: BomLine(key, product_key, qty, uom_factor, scrap_percent, rounding);
                 find_kit(product_key) -> the product's phantom Bom or None

rates        predetermined_rate(budget_amount, budget_activity)
             budget_rate(budget_amount, budget_activity, basis)   x 100 for COST_BASES (%)
             select_rate(rates, pool_key, workcenter_key, categ_key, on_date) -> Rate or None
                 rates: Rate(id, pool_key, rate, workcenter_key, categ_key, date_from, date_to)

activity     expected_minutes(bom_multiples, capacity, time_cycle, time_start=0.0,
                              time_stop=0.0, time_efficiency=100.0)   Odoo 11 work order
             posting_minutes(before_multiples, posted_multiples, capacity, time_cycle,
                             time_start=0.0, time_stop=0.0, time_efficiency=100.0)
                 expected(before + posted) - expected(before)
             machine_hours(logged_minutes, expected_minutes)   logs if not None, else standard
             labour_hours(machine_hours, crew_size=1.0)
             basis_activity(basis, units, material_cost, machine_hours, crew_size=1.0)
                 activity of a pool's basis (None: labour_cost); HOUR_BASES

conversion   applied_amount(rate, activity, basis)         HOW MUCH IS APPLIED
             apply_pools(charges, currency_rounding) -> [Applied(..., amount)], labour first
                 charges: Charge(pool_key, kind, basis, rate, activity, workcenter_key);
                 activity None for the labour_cost basis (computed)

entries      balance_lines([(account, signed_amount, name, extra)], currency_rounding)
                 -> [JournalLine(account, debit, credit, name, extra)]
             conversion_entry(wip_account, [(applied_account, amount)], currency_rounding,
                              name) -> [JournalLine]   Dr WIP / Cr applied accounts
             merge_line_values([line values], {summed key: keys it is per}) -> values of
                 the one journal item replacing the lines
             net_amounts(debit, credit, currency_rounding) -> (debit, credit) of one
                 account's item: the rounded balance on one side
             label_names(names, shown=LABEL_NAMES) -> (first ``shown`` sorted, how many more)

variances    split_variances([ComponentCost(product_key, standard_qty, actual_qty,
                              standard_cost, actual_value)], applied_conversion,
                             standard_conversion, fg_standard_value, currency_rounding)
                 -> Variances(material_usage, material_price, conversion_efficiency,
                              standard_revision)   positive = unfavourable (debit)
             efficiency_by_pool(efficiency, {pool: applied}, {pool: standard},
                                currency_rounding) -> [(pool, amount)]   the efficiency
                 variance per pool (applied - standard), adding up to ``efficiency``
             booked_rest(wip_rest, components, applied_conversion, fg_value,
                         currency_rounding) -> ComponentCost or None   WIP the rounded
                 entries leave beyond the rounded values (goes with the material price)
             closed_order_split(amount, [qty on hand per receipt], received_qty,
                                currency_rounding) -> ([share per receipt], variance)
                 WIP landing on a closed order: its goods on hand take on hand / received

finished_cost byproduct_value([(cost per unit, qty)]) -> sum cost x qty
             finished_unit_cost(wip_before, collected_wip, applied_conversion,
                                byproducts_value, finished_qty)
                 (wip_before + collected + applied - by-products) / qty   FIFO/average goods

clearing     rest_kind(rest, currency_rounding, receipts) -> ROUNDING when |rest| <=
                 currency_rounding x receipts (+ MONEY_NOISE), else RECEIPT_DIFFERENCE

lots         finished_lot_shares(quantity, [(finished lot, produced)], rounding)
                 -> [(lot, quantity x produced / total, rounded)], the last the rest
             pick_lots(quantity, recorded, reserved, {lot: on hand}, {lot: held}, serial,
                       rounding) -> ([(lot, qty)], missing)   recorded, reserved, then
                 the removal order; beyond stock the last lot goes negative, but a serial
                 number (SERIAL_QTY each) or no lot at all: missing > 0

completion   remaining_qty(product_qty, produced_qty, rounding)   max(0, ordered - produced)
             max_report_qty(product_qty, tolerance_percent, produced_qty, waiting_qty,
                            rounding)   max(0, ordered x (1 + tol/100) - produced - waiting)
             exceeds(quantity, most, rounding)   more than ``most`` once rounded

close        under_over_applied(applied, actual) -> (under-applied, over-applied), >= 0
             applied_rate(applied, activity, fallback_rate=0.0)   applied / activity
             unabsorbed_overhead(rate, normal_activity, actual_activity, actual)
             close_lines(PoolPeriod(name, applied_account, control_account, applied, actual,
                                    rate, actual_activity), disposition, currency_rounding,
                         cogs_account=None, prorate_balances=None, normal_activity=None,
                         unabsorbed_account=None) -> [JournalLine]   [] if nothing to close
                 disposition: 'cogs' | 'prorate' | 'normal_capacity';
                 prorate_balances: [(account, balance at date_to)]

unbuild      reversal_share(unbuilt_qty, produced_qty)   unbuilt / produced, at most 1
             reversed_amounts({key: balance}, share, currency_rounding)
                 -> {key: -share x balance, rounded}
             reversed_log_amounts([amount], share, currency_rounding)
                 -> [-share x amount] adding up to -share x total rounded once
             unbuild_returns([Consumed(move_key, product_key, lot_key, qty, share)],
                             {product: qty the unbuilt units contain}, {product: tracking},
                             {(product, lot): returned before}, {product: rounding})
                 -> ([Returned(move_key, qty, kept_qty, lots)],
                     [Shortage(product_key, wanted, available, reason)])
                 back = min(share x consumed, contained): planned scrap stays consumed;
                 serial numbers whole, each once

cycle_count  count_difference(book_qty, counted_qty, rounding=0.0)
                 -> CountDifference(difference_qty, difference_percent)   counted - book
             is_significant(book_qty, counted_qty, percent_threshold=0.0, qty_threshold=0.0,
                            rounding=0.0)    beyond every threshold set (0 = not set)

replenishment shortfall(demand_qty, on_hand_qty, incoming_qty=0.0, rounding=0.0)
                 -> qty to bring to a line-side location, rounded up
             shortfalls({key: demand}, {key: on hand}, {key: incoming}, {key: rounding})
                 -> [Shortfall(key, demand_qty, on_hand_qty, incoming_qty, qty)], qty > 0

Errors are ValueError with a message naming the culprit; the glue turns them into
UserError. Tests: engine/tests (pytest + hypothesis, no Odoo needed):
    mkdir -p /tmp/engrun && ln -sfn "$PWD/engine" /tmp/engrun/bf_engine && cd /tmp/engrun \
      && python -m pytest -q bf_engine/tests -p no:cacheprovider -p no:odoo
"""
