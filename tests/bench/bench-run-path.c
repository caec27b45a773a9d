/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <time.h>

#include "bench-common.h"
#include "seg-run-points.h"
#include "seg-scatter.h"

/*
 * The whole path of a clustering run on 1,000,000 rows × 8 columns, as a
 * shop owner meets it, in three parts (the first argument):
 *
 * cluster  `segmenta-cli cluster` from fork to exit (load, prepare, fit,
 *          measure, write), against sqlite3 + NumPy + scikit-learn doing
 *          the same in one interpreter: reading the same table from the
 *          same project, StandardScaler, KMeans (k 8, 10 starts), the
 *          silhouette of a sample of the same size, PCA, and writing each
 *          row's cluster and map place back. Target: ratio <= 0.25.
 * plot     `segmenta-cli plot RUN` to a 1600 × 1000 PNG from fork to exit,
 *          against sqlite3 + matplotlib's Agg scatter of the same points
 *          read from the same project. Target: ratio <= 0.1.
 * open     opening the run on the Segments page: the core calls behind
 *          the page (seg_project_load_run_view: the record, the rows with
 *          their keys, the profile), the map's index of the points, and
 *          the first frame drawn by the scatter code into a 1200 × 800
 *          image. Target: <= 0.5 s.
 *
 * The interpreters' start and imports are not counted. Segmenta and the
 * reference take turns, one run each, so that other work on the machine
 * weighs on both alike. Each part prints its phase timings, medians of
 * the runs, and peak memory.
 *
 * Usage: bench-run-path cluster|plot|open SEGMENTA-CLI [--rows N] [--runs N]
 */

#define D           8
#define K           8
#define SAMPLE      20000
#define PLOT_WIDTH  1600
#define PLOT_HEIGHT 1000
#define PAGE_WIDTH  1200
#define PAGE_HEIGHT 800

static int n_rows = 1000000;
static int runs = 3;

static const char *cluster_reference =
  "import sys, time, sqlite3, resource, warnings\n"
  "warnings.simplefilter('ignore')\n"
  "import numpy as np\n"
  "from sklearn.preprocessing import StandardScaler\n"
  "from sklearn.cluster import KMeans\n"
  "from sklearn.metrics import silhouette_score\n"
  "from sklearn.decomposition import PCA\n"
  "from threadpoolctl import threadpool_limits\n"
  "path, runs, sample = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])\n"
  "cols = ', '.join('x%d' % j for j in range(8))\n"
  "times, phases = [], []\n"
  "with threadpool_limits(2):\n"
  "    for run in range(runs):\n"
  "        t0 = time.perf_counter()\n"
  "        db = sqlite3.connect(path)\n"
  "        a = np.array(db.execute('SELECT rowid, ' + cols + ' FROM points').fetchall(), dtype=float)\n"
  "        ids, x = a[:, 0].astype(np.int64), a[:, 1:]\n"
  "        t1 = time.perf_counter()\n"
  "        xs = StandardScaler().fit_transform(x)\n"
  "        km = KMeans(n_clusters=8, n_init=10, random_state=run).fit(xs)\n"
  "        t2 = time.perf_counter()\n"
  "        s = silhouette_score(xs, km.labels_, sample_size=sample, random_state=run)\n"
  "        pc = PCA(n_components=2).fit_transform(xs)\n"
  "        t3 = time.perf_counter()\n"
  "        db.execute('DROP TABLE IF EXISTS reference_labels')\n"
  "        db.execute('CREATE TABLE reference_labels (id INTEGER, cluster INTEGER, pc1 REAL, pc2 REAL)')\n"
  "        db.executemany('INSERT INTO reference_labels VALUES (?, ?, ?, ?)',\n"
  "                       zip(ids.tolist(), (km.labels_ + 1).tolist(), pc[:, 0].tolist(), pc[:, 1].tolist()))\n"
  "        db.commit()\n"
  "        db.close()\n"
  "        t4 = time.perf_counter()\n"
  "        times.append(t4 - t0)\n"
  "        phases.append((t1 - t0, t2 - t1, t3 - t2, t4 - t3))\n"
  "m = sorted(range(runs), key=lambda i: times[i])[runs // 2]\n"
  "print(times[m], *phases[m], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n";

static const char *plot_reference =
  "import sys, time, sqlite3, resource\n"
  "import numpy as np\n"
  "import matplotlib\n"
  "matplotlib.use('Agg')\n"
  "import matplotlib.pyplot as plt\n"
  "path, table, out, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])\n"
  "times, phases = [], []\n"
  "for run in range(runs):\n"
  "    t0 = time.perf_counter()\n"
  "    db = sqlite3.connect(path)\n"
  "    a = np.array(db.execute('SELECT pc1, pc2, cluster FROM \"%s\" ORDER BY rowid' % table).fetchall(), dtype=float)\n"
  "    db.close()\n"
  "    t1 = time.perf_counter()\n"
  "    fig = plt.figure(figsize=(16, 10), dpi=100)\n"
  "    ax = fig.add_subplot()\n"
  "    ax.scatter(a[:, 0], a[:, 1], c=a[:, 2], s=1, cmap='tab10')\n"
  "    ax.set_xlabel('PC1')\n"
  "    ax.set_ylabel('PC2')\n"
  "    fig.savefig(out)\n"
  "    plt.close(fig)\n"
  "    t2 = time.perf_counter()\n"
  "    times.append(t2 - t0)\n"
  "    phases.append((t1 - t0, t2 - t1))\n"
  "m = sorted(range(runs), key=lambda i: times[i])[runs // 2]\n"
  "print(times[m], *phases[m], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n";

/* Eight blobs in eight dimensions, spread 2 around centres in [-10, 10],
 * with a customer-like key. */
static void
write_points (const char *path)
{
  FILE *file = fopen (path, "w");
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  double centres[K][D];

  g_assert_nonnull (file);
  for (int c = 0; c < K; c++)
    for (int j = 0; j < D; j++)
      centres[c][j] = g_rand_double_range (rand, -10, 10);
  fputs ("id,x0,x1,x2,x3,x4,x5,x6,x7\n", file);
  for (int i = 0; i < n_rows; i++)
    {
      int c = g_rand_int_range (rand, 0, K);

      fprintf (file, "P%07d", i);
      for (int j = 0; j < D; j++)
        {
          /* A normal deviate from two uniforms (Box–Muller). */
          double u = g_rand_double_range (rand, 1e-12, 1), v = g_rand_double (rand);

          fprintf (file, ",%.4f", centres[c][j] + 2 * sqrt (-2 * log (u)) * cos (2 * G_PI * v));
        }
      fputc ('\n', file);
    }
  g_assert_cmpint (fclose (file), ==, 0);
}

/* This process's CPU time: with other work on the machine, the wall
 * clock alone cannot tell waiting from working. */
static double
cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static JsonObject *
run_json (char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *output = capture_output (argv, &error);
  JsonNode *root;

  if (output == NULL)
    g_error ("%s: %s", argv[0], error->message);
  root = json_from_string (output, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (root));
}

static double
member (JsonObject *object,
        const char *name)
{
  return json_object_get_double_member_with_default (object, name, NAN);
}

/* The reference prints its median time, its phases and its peak RSS. */
static void
run_reference (const char *script,
               char      **argv,
               double     *values,
               int         n_values)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *output = capture_output (argv, &error);
  g_auto(GStrv) words = NULL;

  if (output == NULL)
    g_error ("reference: %s", error->message);
  words = g_strsplit_set (g_strstrip (output), " \n", -1);
  if (g_strv_length (words) != (guint) n_values)
    g_error ("reference printed “%s”", output);
  for (int i = 0; i < n_values; i++)
    values[i] = g_ascii_strtod (words[i], NULL);
}

static char *cli;
static char *dir;
static char *project;

static void
import_points (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = g_build_filename (dir, "points.csv", NULL);
  char *import[] = { cli, "-p", project, "--quiet", "import", csv, "--table", "points", NULL };
  RunResult result;

  write_points (csv);
  if (!run_timed (import, &result, &error))
    g_error ("import: %s", error->message);
  g_print ("Imported %d rows × %d columns in %.1f s (not compared)\n", n_rows, D, result.seconds);
}

/* One run of `segmenta-cli cluster` into the table “clusters”. */
static void
cluster_command (char **argv,
                 gboolean json)
{
  int i = 0;

  argv[i++] = cli;
  argv[i++] = "-p";
  argv[i++] = project;
  argv[i++] = json ? "--json" : "--quiet";
  argv[i++] = "cluster";
  argv[i++] = "--table";
  argv[i++] = "points";
  argv[i++] = "--columns";
  argv[i++] = "x0,x1,x2,x3,x4,x5,x6,x7";
  argv[i++] = "--key";
  argv[i++] = "id";
  argv[i++] = "--scale";
  argv[i++] = "standard";
  argv[i++] = "--k";
  argv[i++] = "8";
  argv[i++] = "-o";
  argv[i++] = "clusters";
  argv[i++] = "--replace";
  argv[i] = NULL;
}

static int
bench_cluster (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree double *seconds = g_new (double, runs);
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *script = g_build_filename (dir, "reference.py", NULL);
  char runs_text[16], sample_text[16];
  char *python[] = { "/usr/bin/python3", script, project, runs_text, sample_text, NULL };
  char *argv[32];
  double ref[6], ref_rss = 0;
  g_autofree double *ref_runs = g_new (double, 5 * runs);
  long rss_kib = 0;
  double ratio;
  JsonObject *timings;

  g_snprintf (sample_text, sizeof sample_text, "%d", SAMPLE);
  g_assert_true (g_file_set_contents (script, cluster_reference, -1, NULL));

  g_snprintf (runs_text, sizeof runs_text, "%d", 1);
  /* Turn about, one run each, so that other work on the machine weighs
   * on both alike. */
  for (int run = 0; run < runs; run++)
    {
      RunResult result;
      double one[6];

      cluster_command (argv, FALSE);
      if (!run_timed (argv, &result, &error))
        g_error ("cluster: %s", error->message);
      seconds[run] = result.seconds;
      rss_kib = MAX (rss_kib, result.maxrss_kib);
      run_reference (script, python, one, 6);
      for (int v = 0; v < 5; v++)
        ref_runs[v * runs + run] = one[v];
      ref_rss = MAX (ref_rss, one[5]);
      g_print ("  run %d: Segmenta %.3f s (CPU %.3f s), scikit-learn %.3f s\n",
               run + 1, result.seconds, result.cpu_seconds, one[0]);
    }
  for (int v = 0; v < 5; v++)
    ref[v] = median (ref_runs + v * runs, runs);
  ref[5] = ref_rss;
  cluster_command (argv, TRUE);
  answer = run_json (argv);
  timings = json_object_get_object_member (answer, "timings");

  ratio = median (seconds, runs) / ref[0];

  g_print ("\nA whole k-means run on %d rows × %d columns (k %d, 10 starts, silhouette of %d), medians of %d\n",
           n_rows, D, K, SAMPLE, runs);
  g_print ("  segmenta-cli cluster      %.3f s, peak memory %.1f MiB\n", median (seconds, runs), rss_kib / 1024.0);
  g_print ("    load %.3f s · prepare %.3f s · fit %.3f s · measure %.3f s · write %.3f s (the --json run)\n",
           member (timings, "load"), member (timings, "prepare"), member (timings, "fit"),
           member (timings, "measure"), member (timings, "write"));
  g_print ("  sqlite3 + scikit-learn    %.3f s, peak memory %.1f MiB\n", ref[0], ref[5] / 1024.0);
  g_print ("    load %.3f s · scale and fit %.3f s · silhouette and PCA %.3f s · write %.3f s\n",
           ref[1], ref[2], ref[3], ref[4]);
  g_print ("  silhouette: Segmenta %.4f (its sample)\n", member (answer, "silhouette"));
  g_print ("Targets\n  ratio <= 0.25            %.3f     %s\n", ratio, ratio <= 0.25 ? "PASS" : "MISS");
  g_print ("\nbench-run-path: part=cluster ratio=%.3f segmenta_s=%.3f reference_s=%.3f rss_mb=%.1f reference_rss_mb=%.1f\n",
           ratio, median (seconds, runs), ref[0], rss_kib / 1024.0, ref[5] / 1024.0);
  return 0;
}

static gint64
make_run (void)
{
  char *argv[32];
  g_autoptr(JsonObject) answer = NULL;

  cluster_command (argv, TRUE);
  answer = run_json (argv);
  return json_object_get_int_member (answer, "run");
}

static int
bench_plot (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree double *seconds = g_new (double, runs);
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *script = g_build_filename (dir, "reference.py", NULL);
  g_autofree char *png = g_build_filename (dir, "map.png", NULL);
  g_autofree char *ref_png = g_build_filename (dir, "reference.png", NULL);
  g_autofree char *run_text = NULL;
  char runs_text[16], width_text[16], height_text[16];
  char *python[] = { "/usr/bin/python3", script, project, "clusters", ref_png, runs_text, NULL };
  double ref[4], ref_rss = 0;
  g_autofree double *ref_runs = g_new (double, 3 * runs);
  long rss_kib = 0;
  double ratio;
  JsonObject *timings;

  run_text = g_strdup_printf ("%" G_GINT64_FORMAT, make_run ());
  g_snprintf (width_text, sizeof width_text, "%d", PLOT_WIDTH);
  g_snprintf (height_text, sizeof height_text, "%d", PLOT_HEIGHT);
  g_assert_true (g_file_set_contents (script, plot_reference, -1, NULL));

  g_snprintf (runs_text, sizeof runs_text, "%d", 1);
  for (int run = 0; run < runs; run++)
    {
      char *argv[] = { cli, "-p", project, "--quiet", "plot", run_text, "-o", png,
                       "--width", width_text, "--height", height_text, NULL };
      RunResult result;
      double one[4];

      if (!run_timed (argv, &result, &error))
        g_error ("plot: %s", error->message);
      seconds[run] = result.seconds;
      rss_kib = MAX (rss_kib, result.maxrss_kib);
      run_reference (script, python, one, 4);
      for (int v = 0; v < 3; v++)
        ref_runs[v * runs + run] = one[v];
      ref_rss = MAX (ref_rss, one[3]);
      g_print ("  run %d: Segmenta %.3f s (CPU %.3f s), matplotlib %.3f s\n",
               run + 1, result.seconds, result.cpu_seconds, one[0]);
    }
  for (int v = 0; v < 3; v++)
    ref[v] = median (ref_runs + v * runs, runs);
  ref[3] = ref_rss;
  {
    char *argv[] = { cli, "-p", project, "--json", "plot", run_text, "-o", png,
                     "--width", width_text, "--height", height_text, NULL };

    answer = run_json (argv);
    timings = json_object_get_object_member (answer, "timings");
  }

  ratio = median (seconds, runs) / ref[0];

  g_print ("\nThe map of a %d-row run as a %d × %d PNG, medians of %d\n", n_rows, PLOT_WIDTH, PLOT_HEIGHT, runs);
  g_print ("  segmenta-cli plot         %.3f s, peak memory %.1f MiB\n", median (seconds, runs), rss_kib / 1024.0);
  g_print ("    load %.3f s · names %.3f s · draw and write %.3f s (the --json run)\n",
           member (timings, "load"), member (timings, "profile"), member (timings, "draw"));
  g_print ("  sqlite3 + matplotlib      %.3f s, peak memory %.1f MiB\n", ref[0], ref[3] / 1024.0);
  g_print ("    load %.3f s · scatter and write %.3f s\n", ref[1], ref[2]);
  g_print ("Targets\n  ratio <= 0.10            %.3f     %s\n", ratio, ratio <= 0.1 ? "PASS" : "MISS");
  g_print ("\nbench-run-path: part=plot ratio=%.3f segmenta_s=%.3f reference_s=%.3f rss_mb=%.1f reference_rss_mb=%.1f\n",
           ratio, median (seconds, runs), ref[0], rss_kib / 1024.0, ref[3] / 1024.0);
  return 0;
}

/* What the Segments page does from choosing a run to its first frame. */
static int
bench_open (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegProject) opened = NULL;
  g_autofree double *load = g_new (double, runs);
  g_autofree double *index = g_new (double, runs);
  g_autofree double *draw = g_new (double, runs);
  g_autofree double *total = g_new (double, runs);
  g_autofree double *cpu = g_new (double, runs);
  gint64 run = make_run ();
  struct rusage usage;
  double t;

  opened = seg_project_open (project, FALSE, &error);
  g_assert_no_error (error);

  for (int r = 0; r < runs; r++)
    {
      g_autoptr(SegRunView) view = NULL;
      g_autoptr(SegPointIndex) grid = NULL;
      g_autofree guint8 *selected = NULL;
      g_auto(GStrv) names = NULL;
      g_autofree char *x_label = NULL;
      g_autofree char *y_label = NULL;
      cairo_surface_t *surface;
      cairo_t *cr;
      SegScatter scatter;
      SegPlotFrame frame;
      double start = now (), cpu_start = cpu_now ();

      view = seg_project_load_run_view (opened, run, NULL, &error);
      g_assert_no_error (error);
      load[r] = now () - start;

      /* The map view's part of showing the points. */
      t = now ();
      grid = seg_point_index_new (view->points->x, view->points->y, view->points->n);
      selected = g_new0 (guint8, view->points->n);
      names = seg_run_points_legend (view->points, view->profile, FALSE);
      x_label = seg_run_points_axis_label (view->points, 1);
      y_label = seg_run_points_axis_label (view->points, 2);
      scatter = (SegScatter) {
        .n = view->points->n,
        .x = view->points->x,
        .y = view->points->y,
        .labels = view->points->labels,
        .n_clusters = view->points->n_clusters,
        .names = (const char *const *) names,
        .centroids = view->points->centroids,
        .axes = { "Run", x_label, y_label, NULL, FALSE },
        .legend = TRUE,
      };
      seg_scatter_fit (&scatter);
      index[r] = now () - t;

      t = now ();
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, PAGE_WIDTH, PAGE_HEIGHT);
      cr = cairo_create (surface);
      seg_scatter_draw (cr, &scatter, PAGE_WIDTH, PAGE_HEIGHT, &frame);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      cairo_surface_destroy (surface);
      draw[r] = now () - t;
      total[r] = now () - start;
      cpu[r] = cpu_now () - cpu_start;
      g_print ("  run %d: %.3f s, CPU %.3f s (load %.3f s · index %.3f s · first frame %.3f s)\n",
               r + 1, total[r], cpu[r], load[r], index[r], draw[r]);
      g_assert_cmpuint (view->points->n, ==, (guint) n_rows);
      g_assert_nonnull (view->profile);
    }
  getrusage (RUSAGE_SELF, &usage);

  g_print ("\nOpening a %d-row run on the Segments page (rows, profile, first %d × %d frame), medians of %d\n",
           n_rows, PAGE_WIDTH, PAGE_HEIGHT, runs);
  g_print ("  total %.3f s (CPU %.3f s): load %.3f s · index and legend %.3f s · first frame %.3f s; peak memory %.1f MiB\n",
           median (total, runs), median (cpu, runs), median (load, runs), median (index, runs), median (draw, runs),
           usage.ru_maxrss / 1024.0);
  g_print ("Targets\n  total <= 0.50 s          %.3f     %s\n", median (total, runs),
           median (total, runs) <= 0.5 ? "PASS" : "MISS");
  g_print ("\nbench-run-path: part=open total_s=%.3f cpu_s=%.3f load_s=%.3f index_s=%.3f draw_s=%.3f rss_mb=%.1f\n",
           median (total, runs), median (cpu, runs), median (load, runs), median (index, runs), median (draw, runs),
           usage.ru_maxrss / 1024.0);
  return 0;
}

static const GOptionEntry entries[] = {
  { "rows", 0, 0, G_OPTION_ARG_INT, &n_rows, "Rows to generate (default 1,000,000)", "N" },
  { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs per program (default 3); medians are reported", "N" },
  { NULL }
};

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("cluster|plot|open SEGMENTA-CLI");
  g_autofree char *load = NULL;
  const char *part;
  int status;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 3 || runs < 1 || n_rows < 100 ||
      !g_strv_contains ((const char *const[]) { "cluster", "plot", "open", NULL }, argv[1]))
    {
      g_printerr ("usage: bench-run-path cluster|plot|open SEGMENTA-CLI [--rows N] [--runs N]\n");
      return 2;
    }
  part = argv[1];
  cli = argv[2];

  if (g_str_equal (part, "cluster") && !python_has ("numpy, sklearn, threadpoolctl"))
    {
      g_print ("bench-run-path: skipped, the reference needs /usr/bin/python3 with NumPy, scikit-learn and threadpoolctl\n");
      return EXIT_SKIPPED;
    }
  if (g_str_equal (part, "plot") && !python_has ("numpy, matplotlib"))
    {
      g_print ("bench-run-path: skipped, the reference needs /usr/bin/python3 with NumPy and matplotlib\n");
      return EXIT_SKIPPED;
    }

  dir = g_dir_make_tmp ("segmenta-bench-run-path-XXXXXX", &error);
  g_assert_no_error (error);
  project = g_build_filename (dir, "shop.segmenta", NULL);
  import_points ();
  load = load_average ();
  g_print ("Load average before the runs: %s\n", load);

  if (g_str_equal (part, "cluster"))
    status = bench_cluster ();
  else if (g_str_equal (part, "plot"))
    status = bench_plot ();
  else
    status = bench_open ();

  remove_tree (dir);
  g_free (dir);
  g_free (project);
  return status;
}
