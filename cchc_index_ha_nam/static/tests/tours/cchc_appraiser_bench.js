/** @odoo-module */

import { registry } from "@web/core/registry";

// The bench's own list, not the items of the appraisal form it opens from.
const item = (code) =>
    `.o_view_controller.o_list_view .o_data_row:has(td[name="criterion_id"]:contains("${code} ")) td[name="criterion_id"]`;
const field = (name) => `.o_form_view .o_field_widget[name="${name}"]`;

/**
 * An appraiser opens the appraisal from the queue, goes through its items one
 * by one beside the cited PDF, asks the unit about item 1.1 and, while the
 * unit is to answer, appraises item 1.2 at 0.
 */
registry.category("web_tour.tours").add("cchc_appraiser_bench", {
    steps: () => [
        {
            content: "Open the appraisal from the queue",
            trigger: '.o_kanban_record:contains("Bench Tour 2041")',
            run: "click",
        },
        {
            content: "Appraise item by item",
            trigger: 'button[name="action_open_bench"]',
            run: "click",
        },
        {
            content: "Open item 1.1",
            trigger: item("1.1"),
            run: "click",
        },
        {
            content: "The cited PDF is shown beside the score",
            trigger: `${field("preview_pdf")} iframe.o_pdfview_iframe`,
        },
        {
            content: "The item is not appraised yet",
            trigger: `${field("appraisal_status")} .badge:not(.text-bg-success)`,
        },
        {
            content: "Ask the unit about this item",
            trigger: 'button[name="action_request_explanation"]',
            run: "click",
        },
        {
            content: "The item is the one asked about",
            trigger: '.modal .o_field_widget[name="line_ids"] .o_tag:contains("1.1")',
        },
        {
            content: "Write the question",
            trigger: '.modal .o_field_widget[name="message"] textarea',
            run: "edit Đề nghị bổ sung kế hoạch đã ký, đóng dấu.",
        },
        {
            content: "Send the request",
            trigger: '.modal button[name="action_confirm"]',
            run: "click",
        },
        {
            content: "The item waits for the unit: its score is frozen",
            trigger: `body:not(:has(.modal)) ${field("appraised_level_id")} input:disabled`,
        },
        {
            content: "Next item",
            trigger: ".o_pager_next",
            run: "click",
        },
        {
            content: "Item 1.2, with its cited PDF",
            trigger: `.o_form_view:has(.o_field_widget[name="criterion_id"]:contains("1.2 ")) .o_field_widget[name="preview_pdf"] iframe`,
        },
        {
            content: "Item 1.2 is still open to scoring",
            trigger: `${field("appraised_answer")} input[data-value="no"]:enabled`,
            run: "click",
        },
        {
            content: "Comment on the score",
            trigger: `${field("appraisal_comment")} textarea`,
            run: "edit Chưa có báo cáo quý IV.",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "Item 1.2 is appraised",
            trigger: `${field("appraisal_status")} .badge.text-bg-success`,
        },
    ],
});
