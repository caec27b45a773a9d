/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * Every model Segmenta offers, one line each, in the order menus show
 * them within a kind. Included by seg-model-registry.c with SEG_MODEL
 * defined; not a header to include elsewhere.
 */

SEG_MODEL (seg_kmeans_model)
SEG_MODEL (seg_minibatch_model)
SEG_MODEL (seg_dbscan_model)
SEG_MODEL (seg_hierarchical_model)
SEG_MODEL (seg_popular_model)
SEG_MODEL (seg_item_knn_model)
SEG_MODEL (seg_user_knn_model)
SEG_MODEL (seg_als_model)
SEG_MODEL (seg_ease_model)
SEG_MODEL (seg_bpr_model)
SEG_MODEL (seg_svd_model)
SEG_MODEL (seg_svdpp_model)
SEG_MODEL (seg_neural_model)
SEG_MODEL (seg_content_model)
SEG_MODEL (seg_hybrid_model)
SEG_MODEL (seg_linear_model)
SEG_MODEL (seg_ridge_model)
SEG_MODEL (seg_logistic_model)
SEG_MODEL (seg_tree_model)
SEG_MODEL (seg_naive_bayes_model)
SEG_MODEL (seg_bayes_net_model)
SEG_MODEL (seg_lifetime_model)
SEG_MODEL (seg_fpgrowth_model)
SEG_MODEL (seg_apriori_model)
