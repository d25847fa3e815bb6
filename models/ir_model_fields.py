# -*- coding: utf-8 -*-
"""Fields this addon defines that another module defines too (OCA's mrp_analytic:
analytic_account_id on mrp.production) belong to each of them, so that uninstalling
either one keeps the field, its column and its values."""
from odoo import fields, models

MODULE = "mrp_backflush"


class IrModelFields(models.Model):
    _inherit = "ir.model.fields"

    def _reflect_model(self, model):
        """Odoo 11 gives a field's external id (ir.model.data, which decides when a field
        goes) to the module installed first only: uninstalling that one deletes the field
        and drops its column while another installed module still defines it (every
        read of the model then fails and the column's values are lost). Each module
        that defines one of this addon's fields gets its own, as Odoo 12 does. Runs
        whenever a module extending the model is installed or updated, this one
        included, after the model's fields are reflected."""
        super(IrModelFields, self)._reflect_model(model)
        cr = self.env.cr
        for name in model._fields:
            modules = {vars(cls)["_module"] for cls in type(model).mro()
                       if isinstance(vars(cls).get(name), fields.Field)
                       and vars(cls).get("_module")}
            if MODULE not in modules or len(modules) < 2:
                continue
            cr.execute("SELECT id FROM ir_model_fields WHERE model = %s AND name = %s",
                       (model._name, name))
            row = cr.fetchone()
            cr.execute("SELECT module FROM ir_model_data WHERE model = 'ir.model.fields' "
                       "AND res_id = %s", row)
            for module in modules - {owner for (owner,) in cr.fetchall()}:
                # noupdate left NULL, as Odoo writes these: a row with noupdate false that
                # no data file loaded is deleted, with its field, at the end of an update
                cr.execute(
                    "INSERT INTO ir_model_data (module, name, model, res_id, date_init, "
                    "date_update) VALUES (%s, %s, 'ir.model.fields', %s, "
                    "now() at time zone 'UTC', now() at time zone 'UTC')",
                    (module, "field_%s_%s" % (model._table, name), row[0]))
