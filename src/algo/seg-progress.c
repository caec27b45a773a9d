/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-progress.h"

/* Reports before a reported stretch grows by more than this much. */
#define REPORT_STEPS 200

/**
 * seg_monitor_report:
 * @monitor: (nullable): the caller's watch
 * @fraction: how much of the work is done, from 0 to 1
 *
 * For the serial parts of a kernel: tells the caller how far it is and
 * asks whether to go on.
 *
 * Returns: non-zero when the kernel should stop
 */
int
seg_monitor_report (const SegMonitor *monitor,
                    double            fraction)
{
  if (monitor == NULL)
    return 0;
  if (monitor->cancel != NULL && *monitor->cancel)
    return 1;
  if (monitor->progress != NULL && !monitor->progress (fraction, monitor->progress_data))
    return 1;

  return 0;
}

void
seg_stage_init (SegStage         *stage,
                const SegMonitor *monitor,
                double            from,
                double            to,
                size_t            total)
{
  stage->monitor = monitor;
  stage->from = from;
  stage->to = to;
  stage->total = total > 0 ? total : 1;
  stage->done = 0;
  stage->next_report = 0;
  stage->stop = 0;
}

/**
 * seg_stage_step:
 * @stage: the stretch of work
 * @steps: how many steps were just done
 *
 * Counts finished steps, from any thread of a parallel loop, and tells
 * whether the loop should stop: once one thread sees a cancel every
 * thread does. About REPORT_STEPS times over the stage, whichever thread
 * is counting calls the progress function; never two at once, and each
 * call with a fraction no smaller than the last.
 *
 * Returns: non-zero when the loop should skip the rest of its work
 */
int
seg_stage_step (SegStage *stage,
                size_t    steps)
{
  const SegMonitor *monitor = stage->monitor;
  size_t done, next;
  int stopped;
  int go_on = 1;

  if (monitor == NULL)
    return 0;

#pragma omp atomic read
  stopped = stage->stop;
  if (stopped)
    return 1;

#pragma omp atomic capture
  {
    stage->done += steps;
    done = stage->done;
  }

#pragma omp atomic read
  next = stage->next_report;
  if (monitor->progress != NULL && done >= next)
    {
#pragma omp critical (seg_stage_report)
      {
#pragma omp atomic read
        done = stage->done;
        if (done >= stage->next_report)
          {
            double fraction = done < stage->total ? (double) done / stage->total : 1.0;

#pragma omp atomic write
            stage->next_report = done + stage->total / REPORT_STEPS + 1;
            go_on = monitor->progress (stage->from + (stage->to - stage->from) * fraction,
                                       monitor->progress_data);
          }
      }
    }

  if (!go_on || (monitor->cancel != NULL && *monitor->cancel))
    {
#pragma omp atomic write
      stage->stop = 1;
      return 1;
    }

  return 0;
}
