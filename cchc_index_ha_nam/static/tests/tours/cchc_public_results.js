/** @odoo-module */

import { registry } from "@web/core/registry";

/** On a phone, wide tables scroll in their own box: the page never does. */
function checkNoPageOverflow() {
    const overflow = document.documentElement.scrollWidth - window.innerWidth;
    if (overflow > 0) {
        throw new Error(`The page is ${overflow}px wider than the screen.`);
    }
}

/** A citizen reads the published ranking and opens one unit's history. */
registry.category("web_tour.tours").add("cchc_public_results", {
    steps: () => [
        {
            content: "The ranking of Sở Tư pháp is shown, with its index",
            trigger: '.o_cchc_ranking tr[data-unit-code="STP"] .o_cchc_index:not(:empty)',
        },
        {
            content: "Every ranked unit has a rank",
            trigger: ".o_cchc_ranking tbody tr:first-child .o_cchc_rank:contains(1)",
        },
        {
            content: "The ranking fits the screen",
            trigger: ".o_cchc_ranking",
            run: checkNoPageOverflow,
        },
        {
            content: "Open the unit's history",
            trigger: '.o_cchc_ranking tr[data-unit-code="STP"] a.o_cchc_unit',
            run: "click",
        },
        {
            content: "The unit's page shows its 2018 result and its fields",
            trigger: '.o_cchc_history tr[data-year="2018"] .o_cchc_index:not(:empty)',
        },
        {
            content: "…and its points by field",
            trigger: '.o_cchc_fields[data-year="2018"] .o_cchc_bar_row',
        },
        {
            content: "The unit's page fits the screen",
            trigger: ".o_cchc_history",
            run: checkNoPageOverflow,
        },
    ],
});
