/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "seg-project.h"

G_BEGIN_DECLS

GtkWidget *seg_param_row_new         (GObject            *object,
                                      GParamSpec         *pspec);
GtkWidget *seg_param_row_new_column  (GObject            *object,
                                      GParamSpec         *pspec,
                                      const SegTableInfo *table);
GtkWidget *seg_param_row_new_columns (GObject            *object,
                                      GParamSpec         *pspec,
                                      const SegTableInfo *table);
void       seg_param_row_set_usable  (GtkWidget          *row,
                                      const char         *column,
                                      gboolean            usable);
GtkWidget *seg_param_row_get_editor  (GtkWidget          *row);
GStrv      seg_param_row_get_choices (GtkWidget          *row);

G_END_DECLS
