/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "seg-bayes-net.h"
#include "seg-project.h"
#include "seg-run-record.h"

G_BEGIN_DECLS

SegBayesNet *seg_predict_bayes_net_load         (SegProject         *project,
                                                 gint64              run_id,
                                                 GError            **error);
gboolean     seg_predict_bayes_net_what_if      (SegProject         *project,
                                                 gint64              run_id,
                                                 const char *const  *nodes,
                                                 const char *const  *states,
                                                 double             *probability,
                                                 GError            **error);
gboolean     seg_predict_bayes_net_add_arrow    (SegProject         *project,
                                                 gint64              run_id,
                                                 const char         *from,
                                                 const char         *to,
                                                 GError            **error);
gboolean     seg_predict_bayes_net_remove_arrow (SegProject         *project,
                                                 gint64              run_id,
                                                 const char         *from,
                                                 const char         *to,
                                                 GError            **error);
JsonNode    *seg_predict_bayes_net_describe     (const SegBayesNet  *net);
JsonArray   *seg_predict_record_levels          (const SegRunRecord *record,
                                                 const char         *column);

G_END_DECLS
