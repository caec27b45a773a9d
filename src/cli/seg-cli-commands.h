/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-cli-common.h"
#include "seg-run.h"

G_BEGIN_DECLS

/* seg-cli-tables.c */
extern const SegCliCommand seg_cli_import;
extern const SegCliCommand seg_cli_tables;
extern const SegCliCommand seg_cli_schema;
extern const SegCliCommand seg_cli_head;
extern const SegCliCommand seg_cli_rejects;
extern const SegCliCommand seg_cli_export;

/* seg-cli-rfm.c */
extern const SegCliCommand seg_cli_rfm;

/* seg-cli-predict.c */
extern const SegCliCommand seg_cli_predict_table;

/* seg-cli-model.c */
extern const SegCliCommand seg_cli_cluster;
extern const SegCliCommand seg_cli_recommend;
extern const SegCliCommand seg_cli_evaluate_recommender;
extern const SegCliCommand seg_cli_audience;
extern const SegCliCommand seg_cli_similar;

int   seg_cli_execute_and_report (SegRun       *run);

/* seg-cli-predict.c */
extern const SegCliCommand seg_cli_predict;
extern const SegCliCommand seg_cli_clv;
extern const SegCliCommand seg_cli_evaluate_model;
extern const SegCliCommand seg_cli_score;

GType *seg_cli_prediction_types  (guint              *n_types);
void   seg_cli_report_prediction (SegProject         *project,
                                  const SegRunRecord *record,
                                  JsonBuilder        *builder);

/* seg-cli-classify.c */
extern const SegCliCommand seg_cli_what_if;

void   seg_cli_report_classifier (const SegRunRecord *record);

/* seg-cli-analysis.c */
extern const SegCliCommand seg_cli_suggest_k;
extern const SegCliCommand seg_cli_k_distance;
extern const SegCliCommand seg_cli_profile;
extern const SegCliCommand seg_cli_plot;

/* seg-cli-runs.c */
extern const SegCliCommand seg_cli_runs;
extern const SegCliCommand seg_cli_rerun;
extern const SegCliCommand seg_cli_refresh;
extern const SegCliCommand seg_cli_delete_run;

/* seg-cli-segments.c */
extern const SegCliCommand seg_cli_segments;
extern const SegCliCommand seg_cli_save_segment;
extern const SegCliCommand seg_cli_delete_segment;

/* seg-cli-rules.c */
extern const SegCliCommand seg_cli_rules;
extern const SegCliCommand seg_cli_itemsets;
extern const SegCliCommand seg_cli_rule_audience;
extern const SegCliCommand seg_cli_together;
extern const SegCliCommand seg_cli_bundles;

void   seg_cli_report_rules      (SegProject         *project,
                                  const SegRunRecord *record,
                                  JsonBuilder        *builder);

G_END_DECLS
