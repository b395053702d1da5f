/** @odoo-module */

import { registry } from "@web/core/registry";

const LINES = '.o_field_widget[name="line_ids"]';
// The row of an item by its exact code ("2.3" is in "2.2.3").
const row = (code) =>
    `${LINES} .o_data_row:has(td[name="code"]:contains(/^\\s*${code.replaceAll(".", "\\.")}\\s*$/))`;
const EDITING = `${LINES} .o_selected_row`;

/**
 * A unit officer scores the items left open by the test (one of each scoring
 * method) in the editable Items list, then attaches evidence and an explanation
 * to one of them through its paperclip button.
 */
registry.category("web_tour.tours").add("cchc_self_assessment", {
    steps: () => [
        {
            content: "Open the Items page",
            trigger: '.o_notebook a.nav-link:contains("Items")',
            run: "click",
        },
        // Yes / no item
        {
            content: "Edit the yes/no item 2.2.1",
            trigger: `${row("2.2.1")} td[name="self_answer"]`,
            run: "click",
        },
        {
            content: "Answer yes",
            trigger: `${EDITING} .o_field_widget[name="self_answer"] select`,
            run: 'select "yes"',
        },
        // Levels item
        {
            content: "Edit the levels item 2.2.3",
            trigger: `${row("2.2.3")} td[name="self_level_id"]`,
            run: "click",
        },
        {
            content: "Pick the level",
            trigger: `${EDITING} .o_field_widget[name="self_level_id"] select`,
            run: "selectByLabel chưa đầy đủ",
        },
        // Bands item: figure done out of total
        {
            content: "Edit the bands item 2.2.2",
            trigger: `${row("2.2.2")} td[name="figure_done"]`,
            run: "click",
        },
        {
            content: "Achieved",
            trigger: `${EDITING} .o_field_widget[name="figure_done"] input`,
            run: "edit 8",
        },
        {
            content: "Out of",
            trigger: `${EDITING} .o_field_widget[name="figure_total"] input`,
            run: "edit 10",
        },
        // Free points item
        {
            content: "Edit the free-points item 2.3",
            trigger: `${row("2.3")} td[name="free_points"]`,
            run: "click",
        },
        {
            content: "Points given",
            trigger: `${EDITING} .o_field_widget[name="free_points"] input`,
            run: "edit 2.5",
        },
        {
            content: "Save the evaluation",
            trigger: ".o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
        {
            content: "The bands item got its band's points",
            trigger: `${row("2.2.2")} td[name="self_points"]:contains("2.00")`,
        },
        // Evidence and explanation on the free-points item
        {
            content: "Open the evidence of item 2.3",
            trigger: `${row("2.3")} button[name="action_open_line"]`,
            run: "click",
        },
        {
            content: "Add an evidence file",
            trigger:
                '.modal .o_field_widget[name="evidence_ids"] .o_field_x2many_list_row_add a',
            run: "click",
        },
        {
            content: "Upload the file",
            trigger: '.modal .o_field_widget[name="evidence_ids"] .o_selected_row .o_field_widget[name="datas"] input[type="file"]:not(:visible)',
            run() {
                const transfer = new DataTransfer();
                transfer.items.add(
                    new File(["Báo cáo theo dõi thi hành pháp luật"], "bao_cao_2.3.txt", {
                        type: "text/plain",
                    })
                );
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The file is uploaded",
            trigger:
                '.modal .o_field_widget[name="evidence_ids"] .o_selected_row .o_field_widget[name="name"] input:value("bao_cao_2.3.txt")',
        },
        {
            content: "Explain the score",
            trigger: '.modal .o_field_widget[name="explanation"] textarea',
            run: "edit Báo cáo số 12/BC-STP về theo dõi thi hành pháp luật.",
        },
        {
            content: "Save the item",
            trigger: ".modal .o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "The list shows the evidence file",
            trigger: `body:not(:has(.modal)) ${row("2.3")} td[name="evidence_count"]:contains("1")`,
        },
    ],
});

/** The head of the unit confirms and submits the self-assessment. */
registry.category("web_tour.tours").add("cchc_self_assessment_submit", {
    steps: () => [
        {
            content: "Confirm and submit",
            trigger: 'button[name="action_submit"]',
            run: "click",
        },
        {
            content: "Confirm the dialog",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The evaluation is submitted",
            trigger: '.o_statusbar_status .o_arrow_button_current:contains("Submitted")',
        },
    ],
});
