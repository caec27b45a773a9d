/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-measure.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <math.h>
#include <monetary.h>
#include <string.h>

/*
 * What a number column means, and how to say its values: a card reads
 * "recency 103 days · 7.7 orders · ¥615.90 spent", not "recency 103.4 ·
 * frequency 7.71429 · monetary 615.9". The meaning comes from the
 * column's name: the RFM table's own names first, then the words shops
 * commonly use.
 */

static gboolean
has_word (const char *name,
          const char *word)
{
  gsize length = strlen (word);

  for (const char *p = strstr (name, word); p != NULL; p = strstr (p + 1, word))
    {
      gboolean starts = p == name || !g_ascii_isalpha (p[-1]);
      gboolean ends = !g_ascii_isalpha (p[length]);

      if (starts && ends)
        return TRUE;
    }

  return FALSE;
}

/**
 * seg_measure_of_column:
 * @column: a column's name, in any case
 *
 * Returns: what the column measures, by its name
 */
SegMeasure
seg_measure_of_column (const char *column)
{
  static const struct { const char *name; SegMeasure measure; } exact[] = {
    { "recency", SEG_MEASURE_RECENCY }, { "days_since_last_order", SEG_MEASURE_RECENCY },
    { "days_since_last_purchase", SEG_MEASURE_RECENCY }, { "days_since_last_visit", SEG_MEASURE_RECENCY },
    { "frequency", SEG_MEASURE_FREQUENCY }, { "orders", SEG_MEASURE_FREQUENCY },
    { "order_count", SEG_MEASURE_FREQUENCY }, { "n_orders", SEG_MEASURE_FREQUENCY },
    { "num_orders", SEG_MEASURE_FREQUENCY }, { "purchases", SEG_MEASURE_FREQUENCY },
    { "monetary", SEG_MEASURE_MONETARY }, { "revenue", SEG_MEASURE_MONETARY },
    { "spend", SEG_MEASURE_MONETARY }, { "total_spend", SEG_MEASURE_MONETARY },
    { "spent", SEG_MEASURE_MONETARY }, { "total_spent", SEG_MEASURE_MONETARY },
    { "sales", SEG_MEASURE_MONETARY }, { "total_sales", SEG_MEASURE_MONETARY },
    { "avg_order_value", SEG_MEASURE_ORDER_VALUE }, { "average_order_value", SEG_MEASURE_ORDER_VALUE },
    { "aov", SEG_MEASURE_ORDER_VALUE }, { "order_value", SEG_MEASURE_ORDER_VALUE },
    { "tenure", SEG_MEASURE_TENURE }, { "tenure_days", SEG_MEASURE_TENURE },
    { "r_score", SEG_MEASURE_SCORE }, { "f_score", SEG_MEASURE_SCORE }, { "m_score", SEG_MEASURE_SCORE },
  };
  g_autofree char *name = NULL;

  g_return_val_if_fail (column != NULL, SEG_MEASURE_OTHER);

  name = g_ascii_strdown (column, -1);
  g_strdelimit (name, " -.", '_');
  for (guint i = 0; i < G_N_ELEMENTS (exact); i++)
    if (g_str_equal (name, exact[i].name))
      return exact[i].measure;

  if (has_word (name, "recency") || g_str_has_prefix (name, "days_since_last"))
    return SEG_MEASURE_RECENCY;
  if (has_word (name, "tenure"))
    return SEG_MEASURE_TENURE;
  if (has_word (name, "price") || has_word (name, "income") || has_word (name, "salary") ||
      has_word (name, "cost") || has_word (name, "amount") || has_word (name, "spend") ||
      has_word (name, "revenue") || has_word (name, "balance") || strstr (column, "金额") != NULL)
    return SEG_MEASURE_MONEY;
  if (has_word (name, "days") || g_str_has_suffix (name, "_day"))
    return SEG_MEASURE_DAYS;

  return SEG_MEASURE_OTHER;
}

/* Ends @text at a trailing @word, with the spaces before it. */
static void
drop_trailing_word (char       *text,
                    const char *word)
{
  gsize length = strlen (text), word_length = strlen (word);

  if (length > word_length + 1 && g_str_has_suffix (text, word) && text[length - word_length - 1] == ' ')
    {
      text[length - word_length] = '\0';
      g_strchomp (text);
    }
}

/**
 * seg_measure_column_label:
 * @column: a column's name
 *
 * A column's name as words: the RFM measures by their plain names,
 * others with their underscores and camel case turned into spaces, such
 * as "lifetime value" for "LifetimeValue" or "age" for "age_years".
 *
 * Returns: (transfer full): the label
 */
char *
seg_measure_column_label (const char *column)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean space = FALSE;

  g_return_val_if_fail (column != NULL, NULL);

  switch (seg_measure_of_column (column))
    {
    case SEG_MEASURE_RECENCY: return g_strdup (_("recency"));
    case SEG_MEASURE_FREQUENCY: return g_strdup (_("orders"));
    case SEG_MEASURE_MONETARY: return g_strdup (_("spend"));
    case SEG_MEASURE_ORDER_VALUE: return g_strdup (_("order value"));
    case SEG_MEASURE_TENURE: return g_strdup (_("tenure"));
    case SEG_MEASURE_OTHER: case SEG_MEASURE_MONEY: case SEG_MEASURE_DAYS: case SEG_MEASURE_SCORE:
    default:
      break;
    }

  for (const char *p = column; *p != '\0'; p++)
    {
      if (*p == '_' || *p == '-' || *p == '.' || *p == ' ')
        {
          space = text->len > 0;
          continue;
        }
      /* "LifetimeValue": a capital after a small letter starts a word. */
      if (g_ascii_isupper (*p) && p > column && g_ascii_islower (p[-1]))
        space = TRUE;
      if (space)
        g_string_append_c (text, ' ');
      space = FALSE;
      g_string_append_c (text, g_ascii_isupper (*p) && !(p[1] != '\0' && g_ascii_isupper (p[1]))
                               ? g_ascii_tolower (*p) : *p);
    }
  /* The unit is said with the value. */
  drop_trailing_word (text->str, "days");
  drop_trailing_word (text->str, "years");
  text->len = strlen (text->str);
  if (text->len == 0)
    g_string_assign (text, column);
  /* A lone letter is an abbreviation: "r score" reads "R score". */
  if (text->len > 1 && text->str[1] == ' ')
    text->str[0] = g_ascii_toupper (text->str[0]);
  else if (text->len == 1)
    text->str[0] = g_ascii_toupper (text->str[0]);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * seg_measure_format_number:
 * @value: a number
 *
 * Returns: (transfer full): @value with as many digits as a person
 *   reads, grouped as the locale groups them: "12,345", "61.6", "0.42";
 *   a dash for no number
 */
char *
seg_measure_format_number (double value)
{
  if (!isfinite (value))
    return g_strdup ("—");
  if (fabs (value) >= 100)
    return g_strdup_printf ("%'.0f", value);
  if (fabs (value) >= 10)
    return g_strdup_printf ("%.1f", value);
  return g_strdup_printf ("%.2f", value);
}

/**
 * seg_measure_format_money:
 * @value: a sum
 *
 * Returns: (transfer full): @value in the locale's currency, with two
 *   decimals, such as "¥615.90" in Chinese; in a locale with no currency
 *   sign, the number with two decimals, grouped as the locale groups
 */
char *
seg_measure_format_money (double value)
{
  const struct lconv *conv = localeconv ();
  char buffer[128];

  if (!isfinite (value))
    return g_strdup ("—");
  if (conv->currency_symbol != NULL && conv->currency_symbol[0] != '\0' &&
      strfmon (buffer, sizeof buffer, "%.2n", value) > 0)
    return g_strdup (buffer);

  return g_strdup_printf ("%'.2f", value);
}

/* The count that picks the plural form for a value shown as a number:
 * only exactly one is singular. */
static gulong
plural_count (double value)
{
  double whole = round (fabs (value));

  if (whole == fabs (value) && whole < G_MAXULONG)
    return (gulong) whole;

  return 2;
}

/**
 * seg_measure_format:
 * @column: the column @value comes from
 * @value: a value of it, such as a segment's mean
 *
 * Says a figure with its unit: "recency 103 days", "7.7 orders", "¥615.90
 * spent", "¥88.20 per order", "customer for 412 days", "age 34.2".
 *
 * Returns: (transfer full): the text
 */
char *
seg_measure_format (const char *column,
                    double      value)
{
  g_autofree char *label = NULL;
  g_autofree char *number = NULL;
  double days = round (value);

  g_return_val_if_fail (column != NULL, NULL);

  switch (seg_measure_of_column (column))
    {
    case SEG_MEASURE_RECENCY:
      number = g_strdup_printf ("%'.0f", days);
      /* TRANSLATORS: days since a segment's customers last bought */
      return isfinite (value) ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "recency %s day", "recency %s days",
                                                              plural_count (days)), number)
                              : g_strdup_printf (_("recency %s"), "—");
    case SEG_MEASURE_TENURE:
      number = g_strdup_printf ("%'.0f", days);
      /* TRANSLATORS: days since a segment's customers first bought */
      return isfinite (value) ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "customer for %s day",
                                                              "customer for %s days", plural_count (days)), number)
                              : g_strdup_printf (_("tenure %s"), "—");
    case SEG_MEASURE_FREQUENCY:
      number = !isfinite (value) ? g_strdup ("—") : fabs (value) >= 100 ? g_strdup_printf ("%'.0f", value)
                                                                          : g_strdup_printf ("%.1f", value);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s order", "%s orders", plural_count (value)), number);
    case SEG_MEASURE_MONETARY:
      number = seg_measure_format_money (value);
      /* TRANSLATORS: how much a segment's customers spent, such as “¥615.90 spent” */
      return g_strdup_printf (_("%s spent"), number);
    case SEG_MEASURE_ORDER_VALUE:
      number = seg_measure_format_money (value);
      /* TRANSLATORS: a segment's average order value, such as “¥88.20 per order” */
      return g_strdup_printf (_("%s per order"), number);
    case SEG_MEASURE_MONEY:
      label = seg_measure_column_label (column);
      number = seg_measure_format_money (value);
      /* TRANSLATORS: a column's name, then its value, such as “price ¥12.00” */
      return g_strdup_printf (_("%s %s"), label, number);
    case SEG_MEASURE_DAYS:
      label = seg_measure_column_label (column);
      number = isfinite (value) ? g_strdup_printf ("%'.0f", days) : g_strdup ("—");
      {
        g_autofree char *amount = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s day", "%s days",
                                                                plural_count (days)), number);

        return g_strdup_printf (_("%s %s"), label, amount);
      }
    case SEG_MEASURE_SCORE:
      label = seg_measure_column_label (column);
      number = isfinite (value) ? g_strdup_printf ("%.1f", value) : g_strdup ("—");
      return g_strdup_printf (_("%s %s"), label, number);
    case SEG_MEASURE_OTHER:
    default:
      label = seg_measure_column_label (column);
      number = seg_measure_format_number (value);
      return g_strdup_printf (_("%s %s"), label, number);
    }
}

/**
 * seg_measure_compare:
 * @column: a column
 * @high: whether a group's values are above the others'
 *
 * How a group stands out in @column, in words that fit in a segment's
 * name: "more orders", "short tenure", "high age".
 *
 * Returns: (transfer full): the words, in lower case where the language
 *   has cases
 */
char *
seg_measure_compare (const char *column,
                     gboolean    high)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (column != NULL, NULL);

  switch (seg_measure_of_column (column))
    {
    case SEG_MEASURE_RECENCY:
      return g_strdup (high ? _("bought longer ago") : _("bought more recently"));
    case SEG_MEASURE_FREQUENCY:
      return g_strdup (high ? _("more orders") : _("fewer orders"));
    case SEG_MEASURE_MONETARY:
      return g_strdup (high ? _("higher spend") : _("lower spend"));
    case SEG_MEASURE_ORDER_VALUE:
      return g_strdup (high ? _("bigger baskets") : _("smaller baskets"));
    case SEG_MEASURE_TENURE:
      return g_strdup (high ? _("long tenure") : _("short tenure"));
    case SEG_MEASURE_MONEY: case SEG_MEASURE_DAYS: case SEG_MEASURE_SCORE: case SEG_MEASURE_OTHER:
    default:
      label = seg_measure_column_label (column);
      /* TRANSLATORS: “high age”, “low income”: a group's column compared with the others' */
      return g_strdup_printf (high ? _("high %s") : _("low %s"), label);
    }
}

/**
 * seg_measure_rfm_segment_label:
 * @segment: an RFM segment as the scores table stores it, such as
 *   "At risk"
 *
 * Returns: (transfer none): its name in the user's language
 */
const char *
seg_measure_rfm_segment_label (const char *segment)
{
  static const char *const names[] = {
    N_("Champions"), N_("Loyal"), N_("Potential loyalist"), N_("New"), N_("Promising"),
    N_("Need attention"), N_("About to sleep"), N_("At risk"), N_("Can't lose them"),
    N_("Hibernating"), N_("Lost"),
  };

  g_return_val_if_fail (segment != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (segment, names[i]))
      return _(names[i]);

  return segment;
}
