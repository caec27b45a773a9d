/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Reports progress from 0 to 1; returns non-zero to go on. */
typedef int (*SegProgress) (double fraction, void *data);

/* How a caller watches a long computation: every field may be NULL.
 * The progress function may be called from any of the kernel's threads,
 * one call at a time; *cancel may be set from any thread. */
typedef struct
{
  SegProgress         progress;
  void               *progress_data;
  const volatile int *cancel;
} SegMonitor;

int seg_monitor_report (const SegMonitor *monitor,
                        double            fraction);

/* One stretch of a kernel's work, [from, to] of the whole, counted in
 * steps that the threads of a parallel loop may share. */
typedef struct
{
  const SegMonitor *monitor;
  double            from;
  double            to;
  size_t            total;
  size_t            done;
  size_t            next_report;
  int               stop;
} SegStage;

void seg_stage_init (SegStage         *stage,
                     const SegMonitor *monitor,
                     double            from,
                     double            to,
                     size_t            total);
int  seg_stage_step (SegStage         *stage,
                     size_t            steps);

#ifdef __cplusplus
}
#endif
