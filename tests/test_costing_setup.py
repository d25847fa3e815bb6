# -*- coding: utf-8 -*-
"""Accounting set-up on install and for a new company, rates (budget, most specific
wins), activity bases, multi-company rules (DESIGN 4)."""
from odoo.exceptions import ValidationError

from .costing_common import CostingCase
from ..models.res_company import BACKFLUSH_ACCOUNTS


class TestCostingSetup(CostingCase):

    def test_install_set_up_the_company(self):
        company = self.company
        self.assertEqual(self.wip.name, "Work in Process")
        self.assertEqual(self.wip.user_type_id,
                         self.env.ref("account.data_account_type_current_assets"))
        self.assertEqual(self.backflush_journal.name, "Backflush")
        self.assertEqual(self.backflush_journal.type, "general")
        for key, field, _prefix, name, _type in BACKFLUSH_ACCOUNTS:
            account = self._setup_account(key)
            self.assertEqual((account.name, account.company_id), (name, company))
            if field:
                self.assertEqual(company[field], account)
        # one variance account: the per-kind ones are left to the user
        self.assertEqual(company.backflush_variance_account_id.name, "Manufacturing Variances")
        for field in ("backflush_material_usage_account_id",
                      "backflush_material_price_account_id",
                      "backflush_efficiency_account_id", "backflush_revision_account_id"):
            self.assertFalse(company[field], field)
        # nothing is copied onto the production location: its moves read the company's
        # WIP account at each posting
        self.assertFalse(self.env.ref("stock.location_production").valuation_in_account_id)

    def test_set_up_again_creates_nothing(self):
        counts = (self.env["account.account"].search_count([]),
                  self.env["account.journal"].search_count([]))
        self.company._backflush_setup_accounting()
        self.assertEqual((self.env["account.account"].search_count([]),
                          self.env["account.journal"].search_count([])), counts)

    def test_a_new_company_with_a_chart_gets_its_own_set_up(self):
        other = self._company_with_chart("Second Factory")

        wip = other.backflush_wip_account_id
        self.assertEqual((wip.name, wip.company_id), ("Work in Process", other))
        self.assertEqual(other.backflush_journal_id.company_id, other)
        # its pools are out of reach of the main company's users, and the other way round
        pool = self.env["mrp.cost.pool"].create({
            "name": "Second overhead", "basis": "units", "company_id": other.id,
            "applied_account_id": other.backflush_variance_account_id.id})
        user = self._user("backflush_main_planner", "mrp.group_mrp_user")
        self.assertFalse(self.env["mrp.cost.pool"].sudo(user).search([("id", "=", pool.id)]))

    def test_pool_accounts_belong_to_its_company(self):
        other = self.env["res.company"].create({"name": "Third Factory"})
        with self.assertRaises(ValidationError):
            self.env["mrp.cost.pool"].create({
                "name": "Wrong", "basis": "units", "company_id": other.id,
                "applied_account_id": self.overhead_applied.id})

    def test_two_pools_may_share_a_control_account(self):
        first = self._pool("First", "units", control=self.overhead_control)
        second = self._pool("Second", "units", control=self.overhead_control)
        self.assertEqual(first.control_account_id, second.control_account_id)

    def test_labour_cost_basis_is_for_overhead(self):
        with self.assertRaises(ValidationError):
            self._pool("Labour on labour", "labour_cost", kind="labour")


class TestRatesAndBases(CostingCase):
    """Paint shop, crew of 3, 1 machine hour per unit; a 8.00 component. 10 units:
      direct labour   30 labour hours x 25          = 750
      handling        5 % of material 80            =   4
      fringe          40 % of labour 750            = 300
      packaging       10 units x 2                  =  20   total 1,074"""

    @classmethod
    def setUpClass(cls):
        super(TestRatesAndBases, cls).setUpClass()
        cls.paint = cls._workcenter("Paint", crew_size=3.0)
        cls.routing = cls._routing("Paint routing", [(cls.paint, 60.0)])
        cls.pigment = cls._product("Pigment", 8.0)
        cls.panel = cls._product("Painted Panel", 107.4 + 8.0)
        cls._bom(cls.panel, [(cls.pigment, 1)], routing=cls.routing)
        cls._stock(cls.pigment, 1000)

    def test_every_basis(self):
        labour = self._pool("Direct labour", "labour_hours", rate=25.0, kind="labour",
                            applied=self.labour_applied)
        handling = self._pool("Handling", "material_cost", rate=5.0)
        fringe = self._pool("Fringe", "labour_cost", rate=40.0)
        packaging = self._pool("Packaging", "units", rate=2.0)
        production = self._production(self.panel, 10)
        self._complete(production, 10)

        self.assertEqual(self._lines(self._typed_lines(production, "conversion")), {
            self.wip: 1074.0, self.labour_applied: -750.0, self.overhead_applied: -324.0})
        log = {line.pool_id: (line.activity, line.amount)
               for line in production.backflush_cost_line_ids}
        self.assertEqual(log, {labour: (30.0, 750.0), handling: (80.0, 4.0),
                               fringe: (750.0, 300.0), packaging: (10.0, 20.0)})
        self.assertFalse(self._typed_lines(production, "variance"))
        self.assertWipCleared(production)

    def test_the_most_specific_valid_rate_wins(self):
        pool = self._pool("Machine", "machine_hours", rate=10.0)
        rate = self.env["mrp.overhead.rate"]
        rate.create({"pool_id": pool.id, "rate": 11.0, "product_categ_id": self.categ.id})
        rate.create({"pool_id": pool.id, "rate": 12.0, "workcenter_id": self.paint.id})
        rate.create({"pool_id": pool.id, "rate": 13.0, "workcenter_id": self.paint.id,
                     "product_categ_id": self.categ.id, "date_to": "2020-12-31"})
        production = self._production(self.panel, 10)
        self._complete(production, 10)
        # the work center + category rate expired: the work center's applies
        conversion = production.backflush_cost_line_ids.filtered(
            lambda line: line.line_type == "conversion")
        self.assertEqual(conversion.rate, 12.0)
        self.assertEqual(sum(self._typed_lines(production, "conversion").mapped("debit")),
                         120.0)

    def test_rate_from_budget(self):
        pool = self._pool("Budgeted", "machine_hours", budget_amount=120000.0,
                          budget_activity=12000.0)
        self.assertEqual(pool.rate_ids.rate, 10.0)
        pool.rate_ids.write({"rate": 99.0})
        self.assertEqual(pool.rate_ids.rate, 10.0)
        pool.rate_ids.write({"budget_amount": 0.0, "rate": 9.0})
        self.assertEqual(pool.rate_ids.rate, 9.0)
        handling = self._pool("Budgeted handling", "material_cost", budget_amount=5000.0,
                              budget_activity=100000.0)
        self.assertEqual(handling.rate_ids.rate, 5.0)  # percent of material cost
