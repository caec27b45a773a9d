/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-error.h"

G_DEFINE_QUARK (seg-import-error-quark, seg_import_error)
G_DEFINE_QUARK (seg-project-error-quark, seg_project_error)
