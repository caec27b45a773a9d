/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-test-value.h"

/* Dates and date-times. */

typedef struct
{
  const char   *str;
  SegDateOrder  order;
  const char   *expected; /* NULL: must be refused */
} DateCase;

#define ANY_ORDER ((SegDateOrder) -1)

static const DateCase date_cases[] = {
  /* Year first: the order does not matter. */
  { "2024-01-05", ANY_ORDER, "2024-01-05" },
  { "2024-1-5", ANY_ORDER, "2024-01-05" },
  { "2024/01/05", ANY_ORDER, "2024-01-05" },
  { "2024/1/5", ANY_ORDER, "2024-01-05" },
  { "2024.01.05", ANY_ORDER, "2024-01-05" },
  { "2024.1.5", ANY_ORDER, "2024-01-05" },
  { "  2024-12-31\t", ANY_ORDER, "2024-12-31" },
  { "1999-12-31", ANY_ORDER, "1999-12-31" },
  { "0001-01-01", ANY_ORDER, "0001-01-01" },
  { "9999-12-31", ANY_ORDER, "9999-12-31" },

  /* Dots with the year last are day first. */
  { "05.01.2024", ANY_ORDER, "2024-01-05" },
  { "5.1.2024", ANY_ORDER, "2024-01-05" },
  { "5.1.24", ANY_ORDER, "2024-01-05" },
  { "31.12.99", ANY_ORDER, "1999-12-31" },
  { "12.31.2024", ANY_ORDER, NULL },

  /* Slashes and dashes with the year last need an order. */
  { "01/05/2024", SEG_DATE_ORDER_DMY, "2024-05-01" },
  { "01/05/2024", SEG_DATE_ORDER_MDY, "2024-01-05" },
  { "01/05/2024", SEG_DATE_ORDER_AUTO, NULL },
  { "01/05/2024", SEG_DATE_ORDER_YMD, NULL },
  { "1/5/24", SEG_DATE_ORDER_MDY, "2024-01-05" },
  { "1/5/24", SEG_DATE_ORDER_DMY, "2024-05-01" },
  { "05-01-2024", SEG_DATE_ORDER_DMY, "2024-01-05" },
  { "05-01-2024", SEG_DATE_ORDER_MDY, "2024-05-01" },
  { "05-01-2024", SEG_DATE_ORDER_AUTO, NULL },
  { "25/12/2023", SEG_DATE_ORDER_DMY, "2023-12-25" },
  { "25/12/2023", SEG_DATE_ORDER_MDY, NULL },
  { "12/25/2023", SEG_DATE_ORDER_MDY, "2023-12-25" },
  { "12/25/2023", SEG_DATE_ORDER_DMY, NULL },

  /* Two-digit years. */
  { "1/1/00", SEG_DATE_ORDER_MDY, "2000-01-01" },
  { "1/1/68", SEG_DATE_ORDER_MDY, "2068-01-01" },
  { "1/1/69", SEG_DATE_ORDER_MDY, "1969-01-01" },
  { "12/31/99", SEG_DATE_ORDER_MDY, "1999-12-31" },
  { "29/2/00", SEG_DATE_ORDER_DMY, "2000-02-29" },
  { "1/1/024", SEG_DATE_ORDER_MDY, NULL },
  { "1/1/2", SEG_DATE_ORDER_MDY, NULL },

  /* Chinese. */
  { "2024年1月5日", ANY_ORDER, "2024-01-05" },
  { "2024年01月05日", ANY_ORDER, "2024-01-05" },
  { "2024 年 1 月 5 日", ANY_ORDER, "2024-01-05" },
  { "2024年1月5号", ANY_ORDER, "2024-01-05" },
  { "２０２４年１月５日", ANY_ORDER, "2024-01-05" },
  { "24年1月5日", ANY_ORDER, "2024-01-05" },
  { "2024年2月30日", ANY_ORDER, NULL },
  { "2024年13月1日", ANY_ORDER, NULL },
  { "2024年1月", ANY_ORDER, NULL },
  { "2024年1月5", ANY_ORDER, NULL },
  { "2024年1月5日晚", ANY_ORDER, NULL },
  { "202年1月5日", ANY_ORDER, NULL },

  /* Compact. */
  { "20240105", ANY_ORDER, "2024-01-05" },
  { "19000101", ANY_ORDER, "1900-01-01" },
  { "20991231", ANY_ORDER, "2099-12-31" },
  { "20240229", ANY_ORDER, "2024-02-29" },
  { "18991231", ANY_ORDER, NULL },
  { "21000101", ANY_ORDER, NULL },
  { "20230229", ANY_ORDER, NULL },
  { "20241301", ANY_ORDER, NULL },
  { "20240100", ANY_ORDER, NULL },
  { "2024010", ANY_ORDER, NULL },
  { "202401051", ANY_ORDER, NULL },
  { "12345678", ANY_ORDER, NULL },

  /* The calendar. */
  { "2024-02-29", ANY_ORDER, "2024-02-29" },
  { "2000-02-29", ANY_ORDER, "2000-02-29" },
  { "2023-02-29", ANY_ORDER, NULL },
  { "1900-02-29", ANY_ORDER, NULL },
  { "2100-02-29", ANY_ORDER, NULL },
  { "2024-02-30", ANY_ORDER, NULL },
  { "2024-04-31", ANY_ORDER, NULL },
  { "2024-06-31", ANY_ORDER, NULL },
  { "2024-09-31", ANY_ORDER, NULL },
  { "2024-11-31", ANY_ORDER, NULL },
  { "2024-01-31", ANY_ORDER, "2024-01-31" },
  { "2024-13-01", ANY_ORDER, NULL },
  { "2024-00-10", ANY_ORDER, NULL },
  { "2024-01-32", ANY_ORDER, NULL },
  { "2024-01-00", ANY_ORDER, NULL },
  { "0000-01-01", ANY_ORDER, NULL },
  { "31/04/2024", SEG_DATE_ORDER_DMY, NULL },
  { "29/02/2023", SEG_DATE_ORDER_DMY, NULL },
  { "02/29/2024", SEG_DATE_ORDER_MDY, "2024-02-29" },
  { "13/13/2024", SEG_DATE_ORDER_DMY, NULL },

  /* With a time, or otherwise not a date. */
  { "2024-01-05 13:45", ANY_ORDER, NULL },
  { "2024-01-05T13:45:00", ANY_ORDER, NULL },
  { "2024-01-05 00:00:00", ANY_ORDER, NULL },
  { "2024年1月5日 13:45", ANY_ORDER, NULL },
  { "", ANY_ORDER, NULL },
  { "   ", ANY_ORDER, NULL },
  { "2024", ANY_ORDER, NULL },
  { "2024-01", ANY_ORDER, NULL },
  { "2024/01-05", ANY_ORDER, NULL },
  { "2024-01/05", ANY_ORDER, NULL },
  { "2024-001-05", ANY_ORDER, NULL },
  { "2024-01-005", ANY_ORDER, NULL },
  { "024-01-05", ANY_ORDER, NULL },
  { "12024-01-05", ANY_ORDER, NULL },
  { "2024-01-05x", ANY_ORDER, NULL },
  { "2024-01-0x", ANY_ORDER, NULL },
  { "2024-0a-05", ANY_ORDER, NULL },
  { "2024_01_05", ANY_ORDER, NULL },
  { "2024-01-05-", ANY_ORDER, NULL },
  { "2024--01-05", ANY_ORDER, NULL },
  { "-2024-01-05", ANY_ORDER, NULL },
  { "123/5/2024", SEG_DATE_ORDER_MDY, NULL },
  { "1/5/2024/1", SEG_DATE_ORDER_MDY, NULL },
  { "1/5/202", SEG_DATE_ORDER_MDY, NULL },
  { "1/5", SEG_DATE_ORDER_MDY, NULL },
  { "2024-01-05.5", ANY_ORDER, NULL },
  { "20240105.5", ANY_ORDER, NULL },
  { "Jan 5, 2024", ANY_ORDER, NULL },
  { "12.50", ANY_ORDER, NULL },
  { "1,234", ANY_ORDER, NULL },
};

static void
test_date (void)
{
  static const SegDateOrder orders[] = {
    SEG_DATE_ORDER_AUTO, SEG_DATE_ORDER_DMY, SEG_DATE_ORDER_MDY, SEG_DATE_ORDER_YMD,
  };

  for (guint i = 0; i < G_N_ELEMENTS (date_cases); i++)
    {
      const DateCase *c = &date_cases[i];
      gsize len;
      g_autofree char *str = exact_copy (c->str, &len);

      for (guint j = 0; j < G_N_ELEMENTS (orders); j++)
        {
          char out[11];
          gboolean ok;

          if (c->order != ANY_ORDER && c->order != orders[j])
            continue;

          memset (out, 'X', sizeof out);
          ok = seg_parse_date (str, len, orders[j], out);
          if (ok != (c->expected != NULL))
            g_error ("seg_parse_date (\"%s\", %s) returned %s", c->str,
                     seg_date_order_to_string (orders[j]), ok ? "TRUE" : "FALSE");
          if (ok)
            g_assert_cmpstr (out, ==, c->expected);
        }
    }

  /* Only the given length counts. */
  {
    char out[11];

    g_assert_true (seg_parse_date ("2024-01-05 13:45", 10, SEG_DATE_ORDER_AUTO, out));
    g_assert_cmpstr (out, ==, "2024-01-05");
    g_assert_false (seg_parse_date ("2024-01-051", 9, SEG_DATE_ORDER_AUTO, out));
  }
}

/* ---------------------------------------------------------------------- */

static const DateCase datetime_cases[] = {
  { "2024-01-05 13:45", ANY_ORDER, "2024-01-05 13:45:00" },
  { "2024-01-05 13:45:30", ANY_ORDER, "2024-01-05 13:45:30" },
  { "2024-01-05 9:05", ANY_ORDER, "2024-01-05 09:05:00" },
  { "2024-01-05 00:00:00", ANY_ORDER, "2024-01-05 00:00:00" },
  { "2024-01-05 23:59:59", ANY_ORDER, "2024-01-05 23:59:59" },
  { "2024-01-05  13:45", ANY_ORDER, "2024-01-05 13:45:00" },
  { " 2024-01-05 13:45 ", ANY_ORDER, "2024-01-05 13:45:00" },
  { "2024-01-05T13:45:30", ANY_ORDER, "2024-01-05 13:45:30" },
  { "2024-01-05T13:45", ANY_ORDER, "2024-01-05 13:45:00" },
  { "2024-01-05t13:45", ANY_ORDER, "2024-01-05 13:45:00" },
  { "9999-12-31 23:59:59", ANY_ORDER, "9999-12-31 23:59:59" },
  { "2024-02-29 00:00", ANY_ORDER, "2024-02-29 00:00:00" },
  { "2024-1-5 8:00", ANY_ORDER, "2024-01-05 08:00:00" },
  { "2024/01/05 13:45:30", ANY_ORDER, "2024-01-05 13:45:30" },
  { "2024.01.05 13:45", ANY_ORDER, "2024-01-05 13:45:00" },
  { "05.01.2024 13:45", ANY_ORDER, "2024-01-05 13:45:00" },
  { "20240105 13:45", ANY_ORDER, "2024-01-05 13:45:00" },

  /* Fractions and zones: dropped, keeping the wall-clock time. */
  { "2024-01-05T13:45:30Z", ANY_ORDER, "2024-01-05 13:45:30" },
  { "2024-01-05T13:45:30.123Z", ANY_ORDER, "2024-01-05 13:45:30" },
  { "2024-01-05T13:45:30.999999+08:00", ANY_ORDER, "2024-01-05 13:45:30" },
  { "2024-01-05 13:45:30,5", ANY_ORDER, "2024-01-05 13:45:30" },
  { "2024-01-05T13:45:30-05:00", ANY_ORDER, "2024-01-05 13:45:30" },
  { "2024-01-05T13:45+0800", ANY_ORDER, "2024-01-05 13:45:00" },
  { "2024-01-05T13:45+08", ANY_ORDER, "2024-01-05 13:45:00" },
  { "2024-01-05 13:45:30 +0800", ANY_ORDER, "2024-01-05 13:45:30" },
  { "2024-01-05 13:45:30 Z", ANY_ORDER, "2024-01-05 13:45:30" },

  /* Twelve-hour clocks. */
  { "2024-01-05 1:05 PM", ANY_ORDER, "2024-01-05 13:05:00" },
  { "2024-01-05 1:05PM", ANY_ORDER, "2024-01-05 13:05:00" },
  { "2024-01-05 1:05 am", ANY_ORDER, "2024-01-05 01:05:00" },
  { "2024-01-05 12:00 AM", ANY_ORDER, "2024-01-05 00:00:00" },
  { "2024-01-05 12:30 pm", ANY_ORDER, "2024-01-05 12:30:00" },
  { "2024-01-05 11:59:59 p.m.", ANY_ORDER, "2024-01-05 23:59:59" },
  { "2024/1/5 下午 1:45:00", ANY_ORDER, "2024-01-05 13:45:00" },
  { "2024/1/5 上午 12:10", ANY_ORDER, "2024-01-05 00:10:00" },
  { "2024/1/5 1:45 下午", ANY_ORDER, "2024-01-05 13:45:00" },
  { "2024-01-05 13:45 PM", ANY_ORDER, NULL },
  { "2024-01-05 0:30 AM", ANY_ORDER, NULL },
  { "2024-01-05 下午 1:45 PM", ANY_ORDER, NULL },

  /* Chinese dates. */
  { "2024年1月5日 13:45", ANY_ORDER, "2024-01-05 13:45:00" },
  { "2024年1月5日13:45:10", ANY_ORDER, "2024-01-05 13:45:10" },
  { "2024年1月5日 下午3:00", ANY_ORDER, "2024-01-05 15:00:00" },

  /* Year last: spreadsheet style. */
  { "12/1/10 8:26", SEG_DATE_ORDER_MDY, "2010-12-01 08:26:00" },
  { "12/1/10 8:26", SEG_DATE_ORDER_DMY, "2010-01-12 08:26:00" },
  { "12/1/10 8:26", SEG_DATE_ORDER_AUTO, NULL },
  { "12/1/10 8:26", SEG_DATE_ORDER_YMD, NULL },
  { "25/12/2023 18:00", SEG_DATE_ORDER_DMY, "2023-12-25 18:00:00" },
  { "25/12/2023 18:00", SEG_DATE_ORDER_MDY, NULL },
  { "1/5/2024 3:07:09 PM", SEG_DATE_ORDER_MDY, "2024-01-05 15:07:09" },

  /* Bare dates and broken times. */
  { "2024-01-05", ANY_ORDER, NULL },
  { "2024-01-05 ", ANY_ORDER, NULL },
  { "20240105", ANY_ORDER, NULL },
  { "2024年1月5日", ANY_ORDER, NULL },
  { "2024-01-05 24:00", ANY_ORDER, NULL },
  { "2024-01-05 13:60", ANY_ORDER, NULL },
  { "2024-01-05 13:45:60", ANY_ORDER, NULL },
  { "2024-01-05 13:45:5", ANY_ORDER, NULL },
  { "2024-01-05 13-45", ANY_ORDER, NULL },
  { "2024-01-05_13:45", ANY_ORDER, NULL },
  { "2024-01-05 1a:45", ANY_ORDER, NULL },
  { "2024-01-05 13:45.30", ANY_ORDER, NULL },
  { "0000-01-01 00:00", ANY_ORDER, NULL },
  { "2024-01-05 13:5", ANY_ORDER, NULL },
  { "2024-01-05 13:456", ANY_ORDER, NULL },
  { "2024-01-05 123:45", ANY_ORDER, NULL },
  { "2024-01-05 13", ANY_ORDER, NULL },
  { "2024-01-05 13:", ANY_ORDER, NULL },
  { "2024-01-05 13:45:", ANY_ORDER, NULL },
  { "2024-01-05 13:45:30.", ANY_ORDER, NULL },
  { "2024-01-05 :45", ANY_ORDER, NULL },
  { "2024-01-0513:45", ANY_ORDER, NULL },
  { "2024-01-05T 13:45", ANY_ORDER, NULL },
  { "2024-01-05 13:45+25:00", ANY_ORDER, NULL },
  { "2024-01-05 13:45+08:60", ANY_ORDER, NULL },
  { "2024-01-05 13:45+08:", ANY_ORDER, NULL },
  { "2024-01-05 13:45+8", ANY_ORDER, NULL },
  { "2024-01-05 13:45 UTC", ANY_ORDER, NULL },
  { "2024-01-05 13:45 hello", ANY_ORDER, NULL },
  { "2024-02-30 10:00", ANY_ORDER, NULL },
  { "2023-02-29T10:00:00Z", ANY_ORDER, NULL },
  { "13:45", ANY_ORDER, NULL },
  { "", ANY_ORDER, NULL },
};

static void
test_datetime (void)
{
  static const SegDateOrder orders[] = {
    SEG_DATE_ORDER_AUTO, SEG_DATE_ORDER_DMY, SEG_DATE_ORDER_MDY, SEG_DATE_ORDER_YMD,
  };

  for (guint i = 0; i < G_N_ELEMENTS (datetime_cases); i++)
    {
      const DateCase *c = &datetime_cases[i];
      gsize len;
      g_autofree char *str = exact_copy (c->str, &len);

      for (guint j = 0; j < G_N_ELEMENTS (orders); j++)
        {
          char out[20];
          char date_out[11];
          gboolean ok;

          if (c->order != ANY_ORDER && c->order != orders[j])
            continue;

          memset (out, 'X', sizeof out);
          ok = seg_parse_datetime (str, len, orders[j], out);
          if (ok != (c->expected != NULL))
            g_error ("seg_parse_datetime (\"%s\", %s) returned %s", c->str,
                     seg_date_order_to_string (orders[j]), ok ? "TRUE" : "FALSE");
          if (ok)
            {
              g_assert_cmpstr (out, ==, c->expected);

              /* A value with a time is never a date. */
              g_assert_false (seg_parse_date (str, len, orders[j], date_out));
            }
        }
    }

  /* No date that seg_parse_date() accepts is a date-time. */
  for (guint i = 0; i < G_N_ELEMENTS (date_cases); i++)
    {
      char out[20];

      if (date_cases[i].expected == NULL)
        continue;
      g_assert_false (seg_parse_datetime (date_cases[i].str, strlen (date_cases[i].str),
                                          SEG_DATE_ORDER_DMY, out));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/value/date", test_date);
  g_test_add_func ("/value/datetime", test_datetime);

  return g_test_run ();
}
