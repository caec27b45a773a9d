/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SEG_TYPE_APPLICATION (seg_application_get_type ())

G_DECLARE_FINAL_TYPE (SegApplication, seg_application, SEG, APPLICATION, AdwApplication)

SegApplication *seg_application_new              (void);
char           *seg_application_get_projects_dir (void);
char           *seg_application_find_samples_dir (void);

G_END_DECLS
