/** @odoo-module */

import { registry } from "@web/core/registry";

/** The secretariat sends the appraised campaign to the council. */
registry.category("web_tour.tours").add("cchc_publication", {
    steps: () => [
        {
            content: "Send the results to the council",
            trigger: 'button[name="action_council_review"]',
            run: "click",
        },
        {
            content: "The campaign is with the council",
            trigger: '.o_statusbar_status .o_arrow_button_current:contains("Council Review")',
        },
    ],
});

/**
 * Once the council has approved, the secretariat enters the decision, publishes
 * and prints the publication decision.
 */
registry.category("web_tour.tours").add("cchc_publication_publish", {
    steps: () => [
        {
            content: "The council has approved",
            trigger: '.o_field_widget[name="approved_by_id"]:contains("t_council")',
        },
        {
            content: "Decision number",
            trigger: '.o_field_widget[name="decision_number"] input',
            run: "edit 123/QĐ-UBND",
        },
        {
            content: "Decision date",
            trigger: '.o_field_widget[name="decision_date"] input',
            run: "edit 12/20/2018 && press Enter",
        },
        {
            content: "Publish",
            trigger: 'button[name="action_publish"]',
            run: "click",
        },
        {
            content: "Confirm: published results are read-only",
            trigger: '.modal:contains("read-only for everyone") .modal-footer .btn-primary',
            run: "click",
        },
        {
            content: "The campaign is published",
            trigger: '.o_statusbar_status .o_arrow_button_current:contains("Published")',
        },
        {
            content: "Print the publication decision",
            trigger: 'button[name="action_print_decision"]',
            run: "click",
        },
        {
            content: "The page is still the campaign, without error",
            trigger:
                'body:not(:has(.o_error_dialog)) .o_statusbar_status .o_arrow_button_current:contains("Published")',
        },
        {
            content: "Download the score matrix from its button",
            trigger: 'button[name="action_export_score_matrix"]',
            run: "click",
        },
        {
            content: "Still the campaign, without error",
            trigger:
                'body:not(:has(.o_error_dialog)) .o_statusbar_status .o_arrow_button_current:contains("Published")',
        },
    ],
});
