/** @odoo-module */

import { registry } from "@web/core/registry";

/**
 * The secretariat creates next year's campaign in the assistant: the year, last
 * year's sets, the units and the decision's texts are prefilled; one unit is
 * left out. Clicks: New, the excluded units field, the unit, Create.
 */
registry.category("web_tour.tours").add("cchc_campaign_assistant", {
    steps: () => [
        {
            content: "New campaign",
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            content: "The assistant offers to copy last year's sets",
            trigger: '.modal .o_field_widget[name="set_mode"] input[data-value="copy"]:checked',
        },
        {
            content: "Leave one unit out",
            trigger: '.modal .o_field_widget[name="excluded_agency_ids"] input',
            run: "edit Sở Tư pháp",
        },
        {
            content: "Choose it",
            trigger: '.o-autocomplete--dropdown-item a:contains("Sở Tư pháp")',
            run: "click",
        },
        {
            content: "Create the campaign",
            trigger: '.modal button[name="action_create"]',
            run: "click",
        },
        {
            content: "The new campaign is open, in draft",
            trigger:
                '.o_form_view .o_statusbar_status .o_arrow_button_current:contains("Draft")',
        },
        {
            content: "Its units are listed",
            trigger: '.o_form_view .o_field_widget[name="agency_ids"] .o_data_row',
        },
    ],
});

/** The council sends the results back to the secretariat with its reason. */
registry.category("web_tour.tours").add("cchc_council_send_back", {
    steps: () => [
        {
            content: "Send the results back",
            trigger: 'button[name="action_send_back_wizard"]',
            run: "click",
        },
        {
            content: "Give the reason",
            trigger: '.modal .o_field_widget[name="reason"] textarea',
            run: "edit Kiểm tra lại điểm mục 2.3 của Sở Tư pháp.",
        },
        {
            content: "Send back",
            trigger: '.modal button[name="action_confirm"]',
            run: "click",
        },
        {
            content: "The campaign is at the appraisal stage again",
            trigger:
                'body:not(:has(.modal)) .o_statusbar_status .o_arrow_button_current:contains("Appraisal")',
        },
    ],
});

/** Sent to the council again, the council approves. */
registry.category("web_tour.tours").add("cchc_council_approve", {
    steps: () => [
        {
            content: "Approve the results",
            trigger: 'button[name="action_approve"]',
            run: "click",
        },
        {
            content: "Confirm the approval",
            trigger: '.modal:contains("on behalf of the council") .modal-footer .btn-primary',
            run: "click",
        },
        {
            content: "The approval is shown",
            trigger: '.o_field_widget[name="approved_by_id"]:contains("t_council")',
        },
    ],
});
