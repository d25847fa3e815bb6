# -*- coding: utf-8 -*-
from odoo import api, fields, models

# the field OCA's account_move_line_manufacture_info declares too
ORDER_FIELD = "manufacture_order_id"


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # The field of OCA's account_move_line_manufacture_info (AGPL-3), declared here as it
    # declares it (name, type, relation, index, no copy, no ondelete): either module
    # installs, and is uninstalled, without the other losing the column (see init;
    # README: "Journal items and their manufacturing order").
    manufacture_order_id = fields.Many2one(
        "mrp.production", string="Manufacture Order", index=True, copy=False,
        help="The manufacturing order whose valuation (components, finished goods, its "
             "unbuilds), conversion costs, variances or write-off this journal item books: "
             "the work in process of an order is the balance of its items on the WIP "
             "account.")

    backflush_pool_id = fields.Many2one(
        "mrp.cost.pool", string="Cost Pool", readonly=True, index=True, copy=False,
        help="The cost pool this applied, closed or conversion efficiency amount belongs "
             "to: the period close sums the applied cost per pool even when pools share an "
             "applied account.")
    backflush_line_type = fields.Selection([
        ("component", "Components consumed"),
        ("conversion", "Conversion applied"),
        ("finished", "Finished goods received"),
        ("variance", "Variance"),
        ("unbuild", "Unbuild reversal"),
        ("unbuild_variance", "Unbuild reversal of a variance"),
        ("unbuild_scrap", "Scrap kept at unbuild"),
        ("wip_transfer", "WIP moved to a new account"),
        ("after_completion", "Valued after the order closed"),
    ], string="Backflush Line", readonly=True, copy=False,
        help="What this line of a production posting books.")

    @api.model_cr_context
    def init(self):
        """Odoo 11 records a field, and its foreign key, as the module's that created it
        first (one ir.model.data, one ir.model.constraint row), and drops the column
        when that module is uninstalled even while another module still declares the
        field. Each module declaring ``manufacture_order_id`` that is loaded (this addon,
        OCA's account_move_line_manufacture_info, in either order: this runs when
        either is installed or updated) is made an owner of both, after Odoo reflects
        them (post_init), so the last of them uninstalled drops the column.
        The period close sums an account over a month: the account's lines of that
        month, not of every month (Odoo 11 indexes account and date apart)."""
        super(AccountMoveLine, self).init()
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS account_move_line_backflush_account_date_index
                ON account_move_line (account_id, date)""")
        self.pool.post_init(self._backflush_own_order_field)

    @api.model_cr_context
    def _backflush_own_order_field(self):
        modules = sorted({cls._module for cls in type(self).mro()
                          if isinstance(vars(cls).get(ORDER_FIELD), fields.Field)})
        cr = self.env.cr
        # as ir.model.fields._reflect_field writes it: noupdate left NULL, so that the end
        # of a module's loading does not delete the field as data no longer loaded
        cr.execute("""
            INSERT INTO ir_model_data (module, name, model, res_id, date_init, date_update)
            SELECT m.name, 'field_account_move_line_' || f.name, 'ir.model.fields', f.id,
                   now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
              FROM ir_model_fields f, ir_module_module m
             WHERE f.model = %s AND f.name = %s AND m.name IN %s
               AND NOT EXISTS (SELECT 1 FROM ir_model_data d WHERE d.module = m.name
                               AND d.model = 'ir.model.fields' AND d.res_id = f.id)""",
                   (self._name, ORDER_FIELD, tuple(modules)))
        cr.execute("""
            INSERT INTO ir_model_constraint (name, date_init, date_update, module, model,
                                             type, definition)
            SELECT DISTINCT ON (m.id) c.name, now() AT TIME ZONE 'UTC',
                   now() AT TIME ZONE 'UTC', m.id, c.model, c.type, c.definition
              FROM ir_model_constraint c, ir_module_module m
             WHERE c.name = %s AND m.name IN %s
               AND NOT EXISTS (SELECT 1 FROM ir_model_constraint o WHERE o.name = c.name
                               AND o.module = m.id)""",
                   ("%s_%s_fkey" % (self._table, ORDER_FIELD), tuple(modules)))
