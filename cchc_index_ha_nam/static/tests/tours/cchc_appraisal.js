/** @odoo-module */

import { registry } from "@web/core/registry";

const LINES = '.o_field_widget[name="line_ids"]';
const row = (label) => `${LINES} .o_data_row:has(td[name="criterion_id"]:contains("${label}"))`;
const EDITING = `${LINES} .o_selected_row`;

/**
 * An appraiser opens the appraisal from the work queue, lowers one self score
 * with a comment, then asks the unit to explain another item.
 */
registry.category("web_tour.tours").add("cchc_appraisal", {
    steps: () => [
        {
            content: "Open the appraisal from the work queue",
            trigger: '.o_kanban_record:contains("Tour Appraisal 2018")',
            run: "click",
        },
        {
            content: "Edit the appraised score of item 2.2.2",
            trigger: `${row("2.2.2 Mức độ")} td[name="appraised_points"]`,
            run: "click",
        },
        {
            content: "Lower the score",
            trigger: `${EDITING} .o_field_widget[name="appraised_points"] input`,
            run: "edit 1",
        },
        {
            content: "Comment on the score",
            trigger: `${EDITING} .o_field_widget[name="appraisal_comment"] textarea`,
            run: "edit Kế hoạch chỉ hoàn thành 80%, thiếu báo cáo quý IV.",
        },
        {
            content: "Save the appraisal",
            trigger: ".o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
        {
            content: "The appraisal is in progress",
            trigger: '.o_statusbar_status .o_arrow_button_current:contains("In Progress")',
        },
        {
            content: "Request an explanation",
            trigger: 'button[name="action_request_explanation_wizard"]',
            run: "click",
        },
        {
            content: "Open the items to ask about",
            trigger: '.modal .o_field_widget[name="line_ids"] input',
            run: "click",
        },
        {
            content: "Pick item 2.3",
            trigger: '.o-autocomplete--dropdown-item a:contains("2.3 Tổ chức")',
            run: "click",
        },
        {
            content: "The item is picked",
            trigger: '.modal .o_field_widget[name="line_ids"] .o_tag:contains("2.3 Tổ chức")',
        },
        {
            content: "Write the question",
            trigger: '.modal .o_field_widget[name="message"] textarea',
            run: "edit Đề nghị cung cấp báo cáo theo dõi thi hành pháp luật.",
        },
        {
            content: "Send the request",
            trigger: '.modal button[name="action_confirm"]',
            run: "click",
        },
        {
            content: "The appraisal waits for the explanation",
            trigger:
                'body:not(:has(.modal)) .o_statusbar_status .o_arrow_button_current:contains("Explanation Requested")',
        },
    ],
});

/** Once the unit has answered, the appraiser accepts the rest and finishes. */
registry.category("web_tour.tours").add("cchc_appraisal_finish", {
    steps: () => [
        {
            content: "The appraisal is back in progress",
            trigger: '.o_statusbar_status .o_arrow_button_current:contains("In Progress")',
        },
        {
            content: "Accept the remaining self scores",
            trigger: 'button[name="action_accept_self_scores"]',
            run: "click",
        },
        {
            content: "Item 2.3 is appraised at its self score",
            trigger: `${row("2.3 Tổ chức")} td[name="appraised_points"]:contains("1.50")`,
        },
        {
            content: "The lowered score is kept",
            trigger: `${row("2.2.2 Mức độ")} td[name="appraised_points"]:contains("1.00")`,
        },
        {
            content: "Finish the appraisal",
            trigger: 'button[name="action_done"]',
            run: "click",
        },
        {
            content: "The appraisal is done",
            trigger: '.o_statusbar_status .o_arrow_button_current:contains("Done")',
        },
    ],
});
