/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

AdwPreferencesPage *seg_form_setup     (AdwWindow         *window,
                                        const char        *title,
                                        int                width,
                                        int                height,
                                        const char        *accept_label,
                                        const char        *accept_action,
                                        AdwToastOverlay  **toasts);
AdwComboRow        *seg_form_combo_row (const char        *title,
                                        const char        *subtitle,
                                        GListModel        *model);

G_END_DECLS
