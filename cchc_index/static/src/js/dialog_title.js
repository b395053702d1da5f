/** @odoo-module */

import { Dialog } from "@web/core/dialog/dialog";
import { _t } from "@web/core/l10n/translation";

// A dialog opened without a title (a wizard's window, a message) is titled
// with the application's name in the user's language, not "Odoo".
Dialog.defaultProps = { ...Dialog.defaultProps, title: _t("Reform Index") };
