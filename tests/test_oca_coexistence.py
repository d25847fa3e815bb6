# -*- coding: utf-8 -*-
"""The addon beside OCA's mrp_analytic, which defines analytic_account_id on the
manufacturing order too and adds it to the order form after Source. What its install
and uninstall do to the field, in both orders, is checked by `make test-oca` on real
installs; here the form, with a view that adds the field as mrp_analytic's does."""
from odoo.tests.common import TransactionCase, at_install, post_install

FIELD = 'name="analytic_account_id"'


# the order form as every module installed builds it (Odoo's runner: once all are loaded)
@at_install(False)
@post_install(True)
class TestOrderFormBesideMrpAnalytic(TransactionCase):

    def _form(self):
        return self.env["mrp.production"].fields_view_get(view_type="form")["arch"]

    def test_analytic_account_shown_once_when_another_view_adds_it(self):
        """mrp_analytic's form view, as it ships: the field after `origin`. The form then
        holds it once (at that first place), not once per view; the tree and search
        views, which the addon does not change, keep what that view adds."""
        self.assertEqual(self._form().count(FIELD), 1)
        self.env["ir.ui.view"].create({
            "name": "mrp.production.form (as mrp_analytic)",
            "model": "mrp.production",
            "inherit_id": self.env.ref("mrp.mrp_production_form_view").id,
            "arch": '<xpath expr="//field[@name=\'origin\']" position="after">'
                    '<field name="analytic_account_id" '
                    'groups="analytic.group_analytic_accounting"/></xpath>'})
        arch = self._form()
        self.assertEqual(arch.count(FIELD), 1)
        self.assertLess(arch.index('name="origin"'), arch.index(FIELD))
        self.assertLess(arch.index(FIELD), arch.index('name="availability"'))
