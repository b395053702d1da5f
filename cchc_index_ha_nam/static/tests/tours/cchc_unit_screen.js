/** @odoo-module */

import { registry } from "@web/core/registry";

const CHECK = 'div[name="submission_check"]';
const BLOCKING = `${CHECK} .o_field_widget[name="blocking_line_ids"]`;
// The row of an item by its exact code ("2.3" is in "2.2.3").
const exact = (code) => `/^\\s*${code.replaceAll(".", "\\.")}\\s*$/`;
const rowOf = (code) => `.o_data_row:has(td[name="code"]:contains(${exact(code)}))`;
const blocking = (code) => `${BLOCKING} ${rowOf(code)}`;
const LINES = '.o_field_widget[name="line_ids"]';
const row = (code) => `${LINES} ${rowOf(code)}`;
const EDITING = `${LINES} .o_selected_row`;

/**
 * A unit officer opens "my evaluation" (the open campaign's), reads in the
 * checklist what blocks the submission, copies last year's participants,
 * scores the four items left (one of each scoring method) in the Items list,
 * then attaches a file and an explanation to the item the checklist still
 * lists, opened from the checklist itself.
 */
registry.category("web_tour.tours").add("cchc_unit_screen", {
    steps: () => [
        {
            content: "The checklist lists the unscored items",
            trigger: `${blocking("2.2.3")} td[name="blocking_reason"]`,
        },
        {
            content: "and the missing participants",
            trigger: `${CHECK} .o_field_widget[name="submission_notes"]`,
        },
        {
            content: "The days left to the closing date",
            trigger: `${CHECK} .o_field_widget[name="days_left"]`,
        },
        {
            content: "Copy last year's participants",
            trigger: `${CHECK} button[name="action_copy_participants"]`,
            run: "click",
        },
        {
            content: "The participants are no longer missing",
            trigger: `${CHECK}:not(:has(.o_field_widget[name="submission_notes"]:visible))`,
        },
        {
            content: "Open the Items page",
            trigger: '.o_notebook a.nav-link[name="items"]',
            run: "click",
        },
        {
            content: "The method of each item is shown",
            trigger: `${row("2.2.3")} td[name="scoring_method"] .badge`,
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
        // Levels item: the choices carry their points
        {
            content: "Edit the levels item 2.2.3",
            trigger: `${row("2.2.3")} td[name="self_level_id"]`,
            run: "click",
        },
        {
            content: "Pick the level, shown with its points",
            trigger: `${EDITING} .o_field_widget[name="self_level_id"] select:has(option:contains(/^1 .*chưa đầy đủ/))`,
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
            trigger: `${row("2.2.2")} td[name="self_points"]:contains(/^\\s*2([.,]0+)?\\s*$/)`,
        },
        {
            content: "Only 2.3 is left in the checklist",
            trigger: `${BLOCKING}:not(:has(${rowOf("2.2.3")})) ${rowOf("2.3")}`,
        },
        // Evidence and explanation on the item the checklist lists
        {
            content: "Open item 2.3 from the checklist",
            trigger: `${blocking("2.3")} button[name="action_open_line"]`,
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
            trigger:
                '.modal .o_field_widget[name="evidence_ids"] .o_selected_row .o_field_widget[name="datas"] input[type="file"]:not(:visible)',
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
            content: "Nothing blocks the submission any more",
            trigger: `body:not(:has(.modal)) ${CHECK}:not(:has(${BLOCKING}:visible)) .text-success`,
        },
        {
            content: "The list shows the evidence file and the explanation",
            trigger: `${row("2.3")} td[name="evidence_count"]:contains("1")`,
        },
    ],
});

/** The head of the unit confirms and submits; the web client says it is done. */
registry.category("web_tour.tours").add("cchc_unit_screen_submit", {
    steps: () => [
        {
            content: "Confirm and submit: nothing blocks it",
            trigger: `${CHECK} .text-success`,
        },
        {
            content: "Submit",
            trigger: 'button[name="action_submit"].btn-primary',
            run: "click",
        },
        {
            content: "Confirm the dialog",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Success is notified",
            trigger: ".o_notification:has(.o_notification_bar.bg-success)",
        },
        {
            content: "The evaluation is submitted",
            trigger: '.o_statusbar_status .o_arrow_button_current[data-value="submitted"]',
        },
    ],
});
