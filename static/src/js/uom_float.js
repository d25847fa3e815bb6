odoo.define('mrp_backflush.uom_float', function (require) {
"use strict";
/**
 * A quantity shown with the decimals of its unit of measure (Units rounded to 1: "4",
 * g rounded to 0.01: "192.50"), not the 3 of the Product Unit of Measure precision
 * every float field of a quantity has in Odoo 11. The unit's rounding is read from
 * the record's field named by the option `rounding_field` (default `uom_rounding`).
 */
var basicFields = require('web.basic_fields');
var fieldRegistry = require('web.field_registry');

var UomFloat = basicFields.FieldFloat.extend({
    init: function () {
        this._super.apply(this, arguments);
        var rounding = this.recordData[this.nodeOptions.rounding_field || 'uom_rounding'];
        if (rounding > 0) {
            // the decimals of the rounding: 1 -> 0, 0.01 -> 2, 0.001 -> 3
            var digits = Math.max(0, Math.round(-Math.log(rounding) / Math.LN10));
            if (Math.pow(10, -digits) > rounding * (1 + 1e-9)) {
                digits += 1;
            }
            this.formatOptions.digits = [16, digits];
        }
    },
});

fieldRegistry.add('backflush_uom_float', UomFloat);

return UomFloat;
});
