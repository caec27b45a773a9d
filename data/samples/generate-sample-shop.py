#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Generate the "Jade Leaf Tea House" sample shop used by Segmenta.

Jade Leaf Tea House is an invented tea and tableware shop with tea houses in
Hangzhou, Shanghai and London and an online business (web shop, app and
marketplaces).  This script writes three CSV files describing two full years
of trading, 2023-01-01 to 2024-12-31:

    products.csv    the catalogue (about 120 teas, teapots, cups, tools, gifts)
    customers.csv   2,500 customers with fake names and @example.com e-mails
    orders.csv      about 50,000 invoice lines, including returns

The data is synthetic, but it is not random noise: it hides the kind of
structure that Segmenta's analyses are meant to discover.

Customer archetypes (the labels are *not* written to any file):

    champions     ~6 %   bought often, ever more often, last order in the
                         final month, large baskets of premium teas
    loyal        ~11 %   buy at a steady rhythm over both years
    promising    ~10 %   first order in spring or summer 2024, a few repeats
    new           ~9 %   first order in the last three months of 2024
    at risk      ~10 %   frequent, high-value buyers who stopped between
                         February and July 2024
    hibernating  ~26 %   one or two orders, long ago
    bargain      ~15 %   shop almost only during sales, buy cheap and
                         discounted items, small baskets, use coupons
    occasional    ~6 %   two to four orders scattered over the period
    never bought  ~6 %   signed up but never ordered

Archetypes also depend on the sales channel: marketplace shoppers are more
often bargain hunters, tea-house (store) customers more often loyal.

Seasonality and calendar effects:

    * Singles' Day (11 November) with a pre-sale from 1 November, strongest
      for customers in China; the 618 mid-year festival in June.
    * Black Friday to Cyber Monday, strongest for customers outside China.
    * Gift sets peak in the three weeks before Chinese New Year, before the
      Mid-Autumn Festival and in December; the shop is closed on Christmas
      Day and on the first day of Chinese New Year, and quiet that week.
    * Hot teas (black tea, pu-erh) dip in summer while herbal infusions and
      the cold-brew line rise; green tea peaks with the spring harvest.
    * Weekends are busier than weekdays; orders fall within opening hours
      (Monday to Saturday 09:00-21:00, Sunday 10:00-18:00).
    * The business grows: 2024 has clearly more revenue than 2023.

Basket structure (strong enough for association rules):

    * ceremonial matcha with a bamboo whisk, a scoop and a matcha bowl;
    * oolong and pu-erh with Yixing clay teapots, teapots with tasting cups,
      a fair cup, a tea tray or a tea pet;
    * pressed pu-erh cakes with a pu-erh tea knife;
    * gift sets with gift wrap (and sometimes a greeting card);
    * loose tea with paper filters or a strainer (more so outside China);
    * cold brew with the cold-brew bottle, green tea with a glass cup,
      white tea with a gaiwan, herbal infusions with a glass teapot.

Every customer also has a favourite tea category, a second favourite and a
handful of favourite products that they buy again, so recommendations are
learnable.  About 2.5 % of the lines are returns: they are on invoices whose
number starts with "C", have a negative quantity and always refer to an
earlier purchase of the same product by the same customer.

In orders.csv, unit_price is the price actually charged for one unit, that
is the catalogue price with the discount rate already applied; the line
amount is quantity * unit_price.

The script uses only the standard library and a fixed seed, so every run
produces byte-identical files.

Usage: generate-sample-shop.py [OUTDIR]   (default: the script's folder)
"""

import bisect
import csv
import datetime as dt
import math
import os
import random
import sys
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

SEED = 20240105

FIRST_DAY = dt.date(2023, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)
N_DAYS = (LAST_DAY - FIRST_DAY).days + 1
DAYS = [FIRST_DAY + dt.timedelta(days=i) for i in range(N_DAYS)]

N_CUSTOMERS = 2500

# ---------------------------------------------------------------------------
# Calendar
# ---------------------------------------------------------------------------

# Moveable feasts cannot be computed with the standard library, so the dates
# of the two years we generate are listed here.
CHINESE_NEW_YEAR = {2023: dt.date(2023, 1, 22), 2024: dt.date(2024, 2, 10)}
MID_AUTUMN = {2023: dt.date(2023, 9, 29), 2024: dt.date(2024, 9, 17)}


def black_friday(year):
    """Return the day after the fourth Thursday of November."""
    november_first = dt.date(year, 11, 1)
    first_thursday = november_first + dt.timedelta(
        days=(3 - november_first.weekday()) % 7)
    return first_thursday + dt.timedelta(weeks=3, days=1)


def day_index(day):
    """Return the position of a date in DAYS."""
    return (day - FIRST_DAY).days


def days_before(day, event, span):
    """Tell whether day lies in the span days leading up to event."""
    return 0 <= (event - day).days <= span


def is_closed(day):
    """Tell whether the shop is closed, and therefore takes no orders."""
    return (day.month, day.day) == (12, 25) or \
        day == CHINESE_NEW_YEAR.get(day.year)


def in_black_friday_weekend(day):
    """Tell whether day is between Black Friday and Cyber Monday."""
    return 0 <= (day - black_friday(day.year)).days <= 3


def order_propensity(day, region):
    """Return how likely a customer of region ("cn" or "intl") is to order
    on day, relative to an ordinary weekday at the start of 2023."""
    if is_closed(day):
        return 0.0
    # A gentle underlying trend, on top of the growth that comes from the
    # changing customer mix, makes 2024 stronger than 2023.
    weight = 1.0 + 0.3 * day_index(day) / (N_DAYS - 1)
    weight *= (0.85, 0.85, 0.9, 0.95, 1.05, 1.3, 1.15)[day.weekday()]

    cny = CHINESE_NEW_YEAR[day.year]
    bf = black_friday(day.year)
    if region == "cn":
        if (day.month, day.day) == (11, 11):
            weight *= 7.0
        elif day.month == 11 and day.day < 11:
            weight *= 1.6
        if (day.month, day.day) == (6, 18):
            weight *= 3.0
        elif day.month == 6 and day.day < 18:
            weight *= 1.4
        if days_before(day, cny, 21):
            weight *= 1.5
        if 0 < (day - cny).days <= 6:
            weight *= 0.4
        if days_before(day, MID_AUTUMN[day.year], 14):
            weight *= 1.4
        if in_black_friday_weekend(day):
            weight *= 1.3
    else:
        if day == bf:
            weight *= 5.0
        elif 0 < (day - bf).days <= 2:
            weight *= 2.0
        elif (day - bf).days == 3:
            weight *= 2.5
        # The December gift rush starts after Cyber Monday; the two do not
        # add up when Cyber Monday falls in December.
        if day.month == 12 and not in_black_friday_weekend(day):
            if day.day <= 22:
                weight *= 1.6
            elif day.day <= 24:
                weight *= 0.8
            else:
                weight *= 0.7
        if (day.month, day.day) == (11, 11):
            weight *= 1.5
        if days_before(day, cny, 21):
            weight *= 1.2
        if day.month in (7, 8):
            weight *= 0.85
        if day.month == 1 and 2 <= day.day <= 15:
            weight *= 1.1
    return weight


def cumulative(weights):
    """Return the running sums of weights, for fast weighted sampling."""
    total = 0.0
    sums = []
    for weight in weights:
        total += weight
        sums.append(total)
    return sums


def pick_day(rng, cum, lo, hi):
    """Pick a day index in [lo, hi) with probability proportional to its
    weight, given the cumulative weights cum; widen the range if every day
    in it has zero weight (for example a lone closed day)."""
    while True:
        base = cum[lo - 1] if lo > 0 else 0.0
        if cum[hi - 1] - base > 0.0:
            break
        hi = min(hi + 1, N_DAYS)
        lo = max(lo - 1, 0)
    target = base + rng.random() * (cum[hi - 1] - base)
    return min(bisect.bisect_right(cum, target, lo, hi), hi - 1)


# Opening hours: Monday to Saturday 09:00-21:00, Sunday 10:00-18:00.  The
# weights give a lunchtime bump and an evening peak.
WEEKDAY_HOURS = list(range(9, 21))
WEEKDAY_HOUR_WEIGHTS = [3, 5, 7, 9, 8, 6, 6, 7, 8, 9, 8, 5]
SUNDAY_HOURS = list(range(10, 18))
SUNDAY_HOUR_WEIGHTS = [4, 6, 8, 7, 7, 7, 6, 4]


def pick_time(rng, day):
    """Return an invoice date-time on day within the opening hours."""
    if day.weekday() == 6:
        hour = rng.choices(SUNDAY_HOURS, SUNDAY_HOUR_WEIGHTS)[0]
    else:
        hour = rng.choices(WEEKDAY_HOURS, WEEKDAY_HOUR_WEIGHTS)[0]
    return dt.datetime(day.year, day.month, day.day, hour, rng.randrange(60))


# ---------------------------------------------------------------------------
# Catalogue
# ---------------------------------------------------------------------------

# Category: (Chinese name, SKU prefix, English style, Chinese style).  The
# style words are used to build the tea descriptions.
CATEGORIES = {
    "Green tea": ("绿茶", "TEA", "green tea", "绿茶"),
    "Matcha": ("抹茶", "TEA", "matcha", "抹茶"),
    "Black tea": ("红茶", "TEA", "black tea", "红茶"),
    "Oolong": ("乌龙茶", "TEA", "oolong", "乌龙茶"),
    "Pu-erh": ("普洱茶", "TEA", "pu-erh", "普洱茶"),
    "White tea": ("白茶", "TEA", "white tea", "白茶"),
    "Herbal": ("花草茶", "TEA", "herbal infusion", "花草茶"),
    "Cold brew": ("冷泡茶", "TEA", "cold-brew blend", "冷泡茶"),
    "Teapots": ("茶壶", "POT", None, None),
    "Cups": ("茶杯", "CUP", None, None),
    "Accessories": ("茶具配件", "ACC", None, None),
    "Gift sets": ("礼盒", "GFT", None, None),
}
TEA_CATEGORIES = ["Green tea", "Matcha", "Black tea", "Oolong", "Pu-erh",
                  "White tea", "Herbal", "Cold brew"]

# How each kind of tea is brewed, in English and Chinese; {t} is the water
# temperature of the individual tea.
BREWING = {
    "Green tea": ("Brew at {t} °C for 2–3 minutes.",
                  "建议用{t}°C的水冲泡2至3分钟。"),
    "Matcha": ("Whisk 2 g with 70 ml of water at {t} °C until frothy.",
               "取2克，以70毫升{t}°C的水击拂至起泡。"),
    "Black tea": ("Brew at {t} °C for 3–4 minutes, with or without milk.",
                  "建议用{t}°C的水冲泡3至4分钟，可加奶饮用。"),
    "Oolong": ("Brew at {t} °C in short infusions of 20–40 seconds.",
               "建议{t}°C水温，每泡20至40秒。"),
    "Pu-erh": ("Rinse once, then brew at {t} °C in short infusions.",
               "先温润洗茶一次，再以{t}°C沸水短时出汤。"),
    "White tea": ("Brew at {t} °C for 3–5 minutes, or simmer aged leaves.",
                  "建议用{t}°C的水冲泡3至5分钟，老白茶亦可煮饮。"),
    "Herbal": ("Steep at {t} °C for 5 minutes; lovely iced in summer.",
               "以{t}°C热水焖泡5分钟，夏季冰饮亦佳。"),
    "Cold brew": ("Steep one bag in 500 ml of cold water in the fridge "
                  "for 6–8 hours.",
                  "取一袋加入500毫升冷水，冷藏浸泡6至8小时。"),
}

# Teas.  Each entry is: key, category, English name, Chinese name, origin
# (English, Chinese), tasting notes (English, Chinese), nickname (English,
# Chinese; either may be None), brewing temperature, tags, and the sizes on
# sale as (English size, Chinese size, price, launch date or None).
#
# Tags drive the co-purchase rules: "loose" teas pair with filters, "cake"
# pu-erh with a tea knife, "kit" matcha with the whole matcha kit,
# "japanese" teas with a kyusu.
TEAS = [
    ("longjing_mingqian", "Green tea", "West Lake Longjing Pre-Qingming",
     "明前西湖龙井", "the West Lake hills of Hangzhou", "杭州西湖",
     "toasted chestnut, fresh-cut grass and a sweet finish",
     "豆香馥郁，鲜爽回甘", None, "绿茶皇后", 80, "loose",
     [("50 g", "50克", "38.00", None)]),
    ("longjing", "Green tea", "Longjing Dragon Well", "龙井",
     "Zhejiang", "浙江", "roasted chestnut and soybean", "栗香清幽，滋味鲜醇",
     "Dragon Well", None, 80, "loose",
     [("100 g", "100克", "16.50", None), ("250 g", "250克", "36.00", None)]),
    ("biluochun", "Green tea", "Dongting Biluochun", "洞庭碧螺春",
     "Dongting Mountain near Suzhou", "苏州洞庭山",
     "apricot, citrus blossom and a silky body", "花果香浓，汤色碧绿",
     "Green Snail Spring", "吓煞人香", 75, "loose",
     [("50 g", "50克", "24.00", None)]),
    ("maofeng", "Green tea", "Huangshan Maofeng", "黄山毛峰",
     "the Yellow Mountains of Anhui", "安徽黄山",
     "orchid, sweet corn and mountain mist", "兰花香清雅，滋味鲜醇",
     None, None, 80, "loose", [("50 g", "50克", "14.50", None)]),
    ("guapian", "Green tea", "Lu'an Guapian", "六安瓜片",
     "Lu'an in Anhui", "安徽六安", "toasted nuts, melon and a brisk finish",
     "栗香持久，味浓回甘", "Melon Seed", None, 80, "loose",
     [("50 g", "50克", "19.00", None)]),
    ("maojian", "Green tea", "Xinyang Maojian", "信阳毛尖",
     "Xinyang in Henan", "河南信阳", "spinach, sweet pea and a clean bite",
     "清香高长，滋味浓醇", None, None, 80, "loose",
     [("100 g", "100克", "13.00", None)]),
    ("houkui", "Green tea", "Taiping Houkui", "太平猴魁",
     "Taiping county in Anhui", "安徽太平", "orchid and a long, sweet aftertaste",
     "兰香高爽，两叶抱芽", "Monkey King", "尖茶之冠", 85, "loose",
     [("50 g", "50克", "42.00", None)]),
    ("anji", "Green tea", "Anji Bai Cha", "安吉白茶",
     "Anji in Zhejiang", "浙江安吉", "umami broth, sweet pea and almond",
     "氨基酸含量高，鲜爽甘醇", None, None, 80, "loose",
     [("50 g", "50克", "21.00", None)]),
    ("gunpowder", "Green tea", "Gunpowder Green", "珠茶",
     "Zhejiang", "浙江", "smoke, bold body and a slightly bitter edge",
     "颗粒紧结，滋味浓厚", None, None, 85, "loose",
     [("100 g", "100克", "6.50", None)]),
    ("dragon_pearls", "Green tea", "Jasmine Dragon Pearls", "茉莉龙珠",
     "Fujian", "福建", "fresh jasmine blossom over a smooth green base",
     "茉莉花香鲜灵持久", None, None, 80, "loose",
     [("50 g", "50克", "17.50", None)]),
    ("jasmine", "Green tea", "Jasmine Green Tea", "茉莉花茶",
     "Fuzhou in Fujian", "福建福州", "jasmine, honeysuckle and green leaf",
     "香气鲜浓，滋味醇和", None, None, 80, "loose",
     [("100 g", "100克", "8.90", None), ("250 g", "250克", "19.50", None)]),
    ("sencha", "Green tea", "Sencha", "日式煎茶",
     "Shizuoka, Japan", "日本静冈", "grassy, marine and sweet",
     "鲜绿清爽，带海苔香", None, None, 70, "loose japanese",
     [("100 g", "100克", "12.00", None)]),
    ("genmaicha", "Green tea", "Genmaicha", "玄米茶",
     "Kyoto, Japan", "日本京都", "toasted rice and popcorn",
     "米香浓郁，温和顺口", None, None, 85, "loose japanese",
     [("100 g", "100克", "7.50", None)]),

    ("matcha_ceremonial", "Matcha", "Ceremonial Matcha", "礼仪级抹茶",
     "Uji near Kyoto", "日本宇治", "rich umami, cream and no bitterness",
     "色泽翠绿，口感醇厚", None, None, 75, "kit",
     [("30 g", "30克", "26.00", None)]),
    ("matcha_premium", "Matcha", "Premium Matcha", "高级抹茶",
     "Nishio, Japan", "日本西尾", "fresh spinach, milk chocolate and umami",
     "鲜爽浓郁，余韵悠长", None, None, 75, "kit",
     [("40 g", "40克", "18.00", None)]),
    ("matcha_culinary", "Matcha", "Culinary Matcha", "烘焙级抹茶",
     "Kagoshima, Japan", "日本鹿儿岛", "robust, grassy and slightly bitter",
     "茶味浓烈，适合拿铁与烘焙", None, None, 80, "culinary",
     [("100 g", "100克", "11.50", None)]),
    ("hojicha", "Matcha", "Hojicha Powder", "焙茶粉",
     "Kyoto, Japan", "日本京都", "roasted grain, caramel and cocoa",
     "焙火香浓，带焦糖气息", None, None, 80, "",
     [("50 g", "50克", "9.50", "2024-02-01")]),

    ("keemun", "Black tea", "Keemun", "祁门红茶",
     "Qimen in Anhui", "安徽祁门", "malt, cocoa and a hint of orchid",
     "祁门香浓郁，似花似果", "the Burgundy of teas", "群芳最", 95, "loose",
     [("100 g", "100克", "14.00", None)]),
    ("dianhong", "Black tea", "Dianhong Golden Tips", "滇红金芽",
     "Fengqing in Yunnan", "云南凤庆", "honey, sweet potato and malt",
     "蜜香浓郁，汤色红艳", None, None, 95, "loose",
     [("100 g", "100克", "16.50", None)]),
    ("jinjunmei", "Black tea", "Jin Jun Mei", "金骏眉",
     "Tongmu in the Wuyi Mountains", "福建武夷山桐木关",
     "honey, longan and dried fruit", "蜜香、薯香交织", "Golden Eyebrow",
     None, 90, "loose", [("50 g", "50克", "48.00", None)]),
    ("lapsang", "Black tea", "Lapsang Souchong", "正山小种",
     "Tongmu in the Wuyi Mountains", "福建武夷山桐木关",
     "pine smoke, longan and dried cherry", "松烟香明显，带桂圆汤", None,
     None, 95, "loose", [("100 g", "100克", "11.50", None)]),
    ("yingde", "Black tea", "Yingde Black", "英德红茶",
     "Yingde in Guangdong", "广东英德", "cocoa and brown sugar",
     "甜香浓郁，滋味鲜爽", None, None, 95, "loose",
     [("100 g", "100克", "12.50", None)]),
    ("assam", "Black tea", "Assam Breakfast", "阿萨姆红茶",
     "Assam, India", "印度阿萨姆", "bold malt that loves milk",
     "麦芽香浓，宜加奶", None, None, 95, "loose",
     [("250 g", "250克", "9.90", None)]),
    ("darjeeling", "Black tea", "Darjeeling First Flush", "大吉岭春摘红茶",
     "Darjeeling, India", "印度大吉岭", "muscatel grape, spring flowers and almond",
     "带麝香葡萄风味，清新优雅", "the champagne of teas", "红茶中的香槟",
     90, "loose", [("100 g", "100克", "22.00", None)]),
    ("breakfast", "Black tea", "English Breakfast", "英式早餐茶",
     "Assam, Ceylon and Kenya", "阿萨姆、锡兰与肯尼亚",
     "malt, toast and a brisk finish", "浓郁醇厚，宜加奶加糖", None, None, 95,
     "loose", [("250 g", "250克", "8.50", None)]),
    ("earl_grey", "Black tea", "Earl Grey", "伯爵红茶",
     "Ceylon", "斯里兰卡", "bergamot, citrus peel and black tea",
     "佛手柑清香，柑橘气息", None, None, 95, "loose",
     [("100 g", "100克", "7.90", None), ("250 g", "250克", "16.90", None)]),
    ("ceylon", "Black tea", "Ceylon Orange Pekoe", "锡兰红茶",
     "Nuwara Eliya, Sri Lanka", "斯里兰卡努沃勒埃利耶",
     "bright citrus, brisk and clean", "明亮清爽，回味干净", None, None, 95,
     "loose", [("100 g", "100克", "8.90", None)]),
    ("lychee_black", "Black tea", "Lychee Black Tea", "荔枝红茶",
     "Guangdong", "广东", "ripe lychee and rose", "荔枝果香浓郁", None, None,
     95, "loose", [("100 g", "100克", "10.50", "2023-09-01")]),

    ("tieguanyin", "Oolong", "Anxi Tieguanyin", "安溪铁观音",
     "Anxi in Fujian", "福建安溪", "orchid, cream and a lingering finish",
     "兰花香馥郁，观音韵悠长", "Iron Goddess of Mercy", "七泡有余香", 95,
     "loose", [("50 g", "50克", "18.00", None),
               ("250 g", "250克", "72.00", None)]),
    ("dahongpao", "Oolong", "Da Hong Pao", "武夷大红袍",
     "the Wuyi Mountains", "福建武夷山",
     "roasted stone fruit, dark chocolate and minerals", "岩韵明显，焙火香浓",
     "Big Red Robe", "茶中状元", 95, "loose",
     [("50 g", "50克", "32.00", None)]),
    ("rougui", "Oolong", "Wuyi Rou Gui", "武夷肉桂",
     "the Wuyi Mountains", "福建武夷山", "cinnamon spice, peach and stone",
     "桂皮香辛锐，岩韵足", "Cassia", None, 95, "loose",
     [("50 g", "50克", "28.00", None)]),
    ("shuixian", "Oolong", "Wuyi Shui Xian", "武夷水仙",
     "the Wuyi Mountains", "福建武夷山", "orchid, old wood and a smooth body",
     "醇厚顺滑，木质香", "Water Sprite", None, 95, "loose",
     [("100 g", "100克", "19.50", None)]),
    ("dancong", "Oolong", "Phoenix Dancong Honey Orchid", "凤凰单丛蜜兰香",
     "Phoenix Mountain near Chaozhou", "广东潮州凤凰山",
     "honey, orchid and lychee", "蜜兰香高锐，回甘持久", None, None, 95,
     "loose", [("50 g", "50克", "26.00", None)]),
    ("dongding", "Oolong", "Dong Ding Oolong", "冻顶乌龙",
     "Lugu in Nantou", "南投鹿谷", "roasted nuts and caramel",
     "焙火韵味，焦糖甜香", None, None, 95, "loose",
     [("100 g", "100克", "21.00", None)]),
    ("alishan", "Oolong", "Alishan High Mountain Oolong", "阿里山高山茶",
     "the Alishan range", "阿里山", "gardenia, butter and a creamy body",
     "花香清扬，口感绵柔", None, None, 95, "loose",
     [("100 g", "100克", "29.00", None)]),
    ("oriental_beauty", "Oolong", "Oriental Beauty", "东方美人",
     "Hsinchu", "新竹", "honey, ripe peach and muscatel", "蜜香果香交融",
     "Champagne Oolong", "香槟乌龙", 85, "loose",
     [("50 g", "50克", "34.00", None)]),
    ("milk_oolong", "Oolong", "Milk Oolong Jin Xuan", "金萱奶香乌龙",
     "Nantou", "南投", "natural milkiness, butter and orchid",
     "天然奶香，清甜顺口", None, None, 90, "loose",
     [("100 g", "100克", "15.50", None)]),

    ("menghai_ripe", "Pu-erh", "Menghai Ripe Pu-erh Cake", "勐海熟普洱饼茶",
     "Menghai in Xishuangbanna", "云南西双版纳勐海",
     "earth, dates and dark cocoa", "陈香浓郁，汤色红浓", None, None, 100,
     "cake", [("357 g", "357克", "39.00", None)]),
    ("raw_2019", "Pu-erh", "Lincang Raw Pu-erh Cake 2019", "2019年临沧生普洱饼",
     "Lincang in Yunnan", "云南临沧",
     "apricot, honey and a bitter-sweet return", "苦中回甘，生津持久", None,
     None, 95, "cake", [("357 g", "357克", "58.00", None)]),
    ("banzhang", "Pu-erh", "Lao Banzhang Raw Pu-erh Cake", "老班章生普饼",
     "Bulang Mountain in Yunnan", "云南布朗山",
     "intense body, wild honey and a long, powerful finish",
     "茶气强劲，回甘猛烈", "the king of pu-erh", "班章为王", 95, "cake",
     [("357 g", "357克", "289.00", None)]),
    ("yiwu", "Pu-erh", "Yiwu Raw Pu-erh Cake", "易武生普饼",
     "Yiwu in Yunnan", "云南易武", "soft sweetness, flowers and honey",
     "柔甜顺滑，花蜜香", "the queen of pu-erh", "易武为后", 95, "cake",
     [("357 g", "357克", "118.00", None)]),
    ("tuocha", "Pu-erh", "Ripe Pu-erh Mini Tuocha", "熟普小沱茶",
     "Pu'er in Yunnan", "云南普洱", "earth, wood and a smooth body",
     "醇和顺滑，冲泡方便", None, None, 100, "",
     [("100 g", "100克", "9.50", None)]),
    ("xiaoqinggan", "Pu-erh", "Citrus Pu-erh Xiao Qing Gan", "小青柑普洱",
     "Xinhui in Guangdong and Menghai", "广东新会与云南勐海",
     "citrus peel, earth and sweet spice", "柑香与陈香融合", None, None, 100,
     "", [("150 g", "150克", "16.00", None)]),
    ("aged_loose", "Pu-erh", "Ten-Year Aged Ripe Pu-erh", "十年陈熟普散茶",
     "Menghai in Yunnan", "云南勐海", "camphor, forest floor and dark wood",
     "樟香陈韵，汤色如琥珀", None, None, 100, "loose",
     [("100 g", "100克", "22.00", None)]),
    ("brick", "Pu-erh", "Ripe Pu-erh Brick", "普洱熟茶砖",
     "Menghai in Yunnan", "云南勐海", "earth, molasses and wet stone",
     "浓醇厚重，陈香明显", None, None, 100, "cake",
     [("250 g", "250克", "24.00", None)]),

    ("silver_needle", "White tea", "Silver Needle", "白毫银针",
     "Fuding in Fujian", "福建福鼎", "honeydew, hay and a delicate sweetness",
     "毫香蜜韵，清鲜淡雅", "Bai Hao Yin Zhen", None, 85, "loose",
     [("50 g", "50克", "36.00", None), ("100 g", "100克", "68.00", None)]),
    ("white_peony", "White tea", "White Peony", "白牡丹",
     "Zhenghe in Fujian", "福建政和", "fresh hay, melon and wildflowers",
     "花香显，汤色杏黄", "Bai Mu Dan", None, 85, "loose",
     [("50 g", "50克", "16.00", None)]),
    ("shoumei", "White tea", "Shou Mei", "寿眉",
     "Fuding in Fujian", "福建福鼎", "dried dates, autumn leaves and honey",
     "枣香明显，滋味醇厚", "Longevity Eyebrow", None, 90, "loose",
     [("100 g", "100克", "11.00", None)]),
    ("aged_white", "White tea", "Aged White Tea Cake 2016", "2016年老白茶饼",
     "Fuding in Fujian", "福建福鼎", "dried dates, medicinal herbs and honey",
     "药香枣香，汤感稠滑", None, "一年茶、三年药、七年宝", 95, "cake",
     [("350 g", "350克", "68.00", "2023-03-01")]),
    ("gongmei", "White tea", "Gong Mei", "贡眉",
     "Jianyang in Fujian", "福建建阳", "hay, stone fruit and a soft body",
     "清甜柔和，耐冲泡", "Tribute Eyebrow", None, 90, "loose",
     [("100 g", "100克", "13.50", None)]),

    ("chrysanthemum", "Herbal", "Hangzhou Chrysanthemum", "杭白菊",
     "Tongxiang in Zhejiang", "浙江桐乡", "honeyed, floral and cooling",
     "清香甘甜，清热降火", None, None, 95, "loose",
     [("50 g", "50克", "6.50", None)]),
    ("rose", "Herbal", "Rose Buds", "玫瑰花蕾",
     "Pingyin in Shandong", "山东平阴", "sweet rose and a gentle body",
     "花香浓郁，温和甘甜", None, None, 90, "loose",
     [("50 g", "50克", "7.20", None)]),
    ("osmanthus", "Herbal", "Osmanthus Flowers", "桂花",
     "Guilin in Guangxi", "广西桂林", "apricot, honey and golden flowers",
     "桂香清甜，沁人心脾", None, None, 90, "loose",
     [("30 g", "30克", "6.80", None)]),
    ("goji", "Herbal", "Ningxia Goji Berries", "宁夏枸杞",
     "Zhongning in Ningxia", "宁夏中宁", "sweet, tangy red fruit",
     "颗粒饱满，甘甜微酸", None, None, 90, "",
     [("250 g", "250克", "9.80", None)]),
    ("honeysuckle", "Herbal", "Honeysuckle", "金银花",
     "Fengqiu in Henan", "河南封丘", "soft florals and honey",
     "清香淡雅，甘润爽口", None, None, 95, "loose",
     [("50 g", "50克", "7.50", None)]),
    ("chamomile", "Herbal", "Chamomile Flowers", "洋甘菊",
     "the Nile valley, Egypt", "埃及", "apple, hay and honey",
     "苹果香清甜，助眠放松", None, None, 95, "loose",
     [("50 g", "50克", "5.90", None)]),
    ("peppermint", "Herbal", "Peppermint Leaves", "薄荷叶",
     "Oregon, USA", "美国俄勒冈", "cool mint and sweet herbs",
     "清凉提神，回味甘爽", None, None, 95, "loose",
     [("50 g", "50克", "4.90", None)]),
    ("hibiscus", "Herbal", "Hibiscus Flowers", "洛神花",
     "Sudan", "苏丹", "tart cranberry and red berries",
     "酸甜开胃，汤色红艳", None, None, 95, "loose",
     [("100 g", "100克", "6.20", None)]),
    ("barley", "Herbal", "Roasted Barley Tea", "大麦茶",
     "Shandong", "山东", "toast, cereal and a light sweetness",
     "焦香浓郁，清爽解腻", None, None, 95, "loose",
     [("200 g", "200克", "3.90", None)]),
    ("ginger_date", "Herbal", "Red Date and Ginger Tea", "红枣姜茶",
     "Shandong", "山东", "warming ginger, red dates and brown sugar",
     "暖身驱寒，枣香甘甜", None, None, 95, "",
     [("10 sachets", "10袋", "5.50", None)]),
    ("lemongrass", "Herbal", "Lemongrass and Ginger", "柠檬草生姜茶",
     "Chiang Mai, Thailand", "泰国清迈", "lemon zest and fresh ginger",
     "柠檬清香，姜味温润", None, None, 95, "loose",
     [("50 g", "50克", "5.20", None)]),
    ("buckwheat", "Herbal", "Tartary Buckwheat Tea", "苦荞茶",
     "Liangshan in Sichuan", "四川凉山", "roasted grain and hazelnut",
     "麦香浓郁，清香回甘", None, None, 95, "loose",
     [("200 g", "200克", "4.50", None)]),

    ("cb_jasmine", "Cold brew", "Cold Brew Jasmine Green", "冷泡茉莉绿茶",
     "Fujian", "福建", "jasmine and crisp green tea",
     "茉莉清香，冷泡不涩", None, None, 4, "bags",
     [("15 bags", "15袋", "8.90", "2023-05-01")]),
    ("cb_peach", "Cold brew", "Cold Brew White Peach Oolong", "冷泡白桃乌龙",
     "Fujian", "福建", "juicy white peach and light oolong",
     "白桃果香，清甜爽口", None, None, 4, "bags",
     [("15 bags", "15袋", "9.50", "2023-05-01")]),
    ("cb_hibiscus", "Cold brew", "Cold Brew Hibiscus Berry", "冷泡洛神莓果茶",
     "our Hangzhou blending room", "杭州拼配工坊",
     "hibiscus, raspberry and blackcurrant", "莓果酸甜，色泽嫣红", None, None,
     4, "bags", [("15 bags", "15袋", "9.20", "2023-05-01")]),
    ("cb_honey_black", "Cold brew", "Cold Brew Honey Black Tea",
     "冷泡蜜香红茶", "Yunnan", "云南", "honey, malt and a clean finish",
     "蜜香甜润，冷泡更顺", None, None, 4, "bags",
     [("15 bags", "15袋", "8.90", "2024-04-15")]),
    ("cb_yuzu", "Cold brew", "Cold Brew Yuzu Sencha", "冷泡柚子煎茶",
     "Shizuoka, Japan", "日本静冈", "yuzu zest and grassy sencha",
     "柚香清新，煎茶鲜爽", None, None, 4, "bags",
     [("15 bags", "15袋", "9.90", "2024-04-15")]),
]

# Teaware, tools and gift sets: key, category, English name, Chinese name,
# English description, Chinese description, price, tags, launch date or None.
# Tags: "yixing" teapots pair with cups and trays, "gaiwan" with a fair cup,
# "single" cups are often bought in twos and fours, "consumable" tools wear
# out and are bought again (so owning one does not stop a second purchase),
# "wrapping" items are never discounted or returned.
GOODS = [
    ("pot_xishi", "Teapots", "Yixing Zisha Xishi Teapot 200 ml",
     "宜兴紫砂西施壶 200毫升",
     'Hand-thrown from Yixing purple clay, the rounded "Xi Shi" shape holds '
     "heat evenly, which oolong and pu-erh love.",
     "宜兴原矿紫泥手工制作，西施壶型圆润饱满，保温均匀，适合冲泡乌龙与普洱。",
     "128.00", "yixing", None),
    ("pot_shipiao", "Teapots", "Yixing Zisha Shipiao Teapot 260 ml",
     "宜兴紫砂石瓢壶 260毫升",
     "A classic stone-ladle teapot in Yixing clay, with a wide base and a "
     "clean-pouring spout.",
     "经典石瓢壶型，宜兴紫砂制作，底部宽稳，出水流畅。",
     "156.00", "yixing", None),
    ("pot_zhuni", "Teapots", "Yixing Zhuni Small Teapot 120 ml",
     "宜兴朱泥小品壶 120毫升",
     "Thin-walled red zhuni clay for gongfu brewing; it rings like a bell, "
     "and brings out the aroma of high-fired oolong.",
     "朱泥壶壁薄，声如金石，最能激发高香型乌龙的香气。",
     "198.00", "yixing", None),
    ("pot_fanggu", "Teapots", "Master-made Yixing Fanggu Teapot",
     "名家手作紫砂仿古壶",
     'Signed by the potter and sold with a certificate, this "Fanggu" teapot '
     "is a piece to keep for decades.",
     "名家亲手制作，附落款与证书，值得珍藏数十年。",
     "298.00", "yixing", None),
    ("pot_porcelain", "Teapots", "White Porcelain Teapot 600 ml",
     "白瓷茶壶 600毫升",
     "A generous porcelain pot for black tea, with a stainless steel "
     "infuser, a snug lid and a dishwasher-safe glaze.",
     "大容量白瓷壶，配不锈钢滤网，适合冲泡红茶，可用洗碗机清洗。",
     "32.00", "", None),
    ("pot_glass", "Teapots", "Glass Teapot with Infuser 800 ml",
     "玻璃茶壶（带滤芯）800毫升",
     "Heat-resistant borosilicate glass, so you can watch flowers and leaves "
     "unfurl.",
     "耐热高硼硅玻璃，可观赏花草与茶叶舒展。",
     "24.00", "", None),
    ("pot_tetsubin", "Teapots", "Cast Iron Tetsubin 0.8 l",
     "铸铁壶 0.8升",
     "Enamelled inside and heavy on the stove, a tetsubin keeps tea warm "
     "through a long, slow afternoon.",
     "内壁施釉，厚重保温，适合慢慢品饮的午后。",
     "89.00", "", None),
    ("pot_kyusu", "Teapots", "Tokoname Side-handle Kyusu",
     "常滑侧把急须壶",
     "The side handle and fine built-in mesh make this Japanese kyusu ideal "
     "for sencha and genmaicha.",
     "侧把设计，内置细密滤网，最适合冲泡煎茶与玄米茶。",
     "46.00", "", None),
    ("gaiwan_white", "Teapots", "White Porcelain Gaiwan 150 ml",
     "白瓷盖碗 150毫升",
     "The covered bowl used across China; thin white porcelain shows the "
     "colour of every infusion.",
     "中国最常用的盖碗，薄胎白瓷，清楚呈现每一泡的汤色。",
     "15.00", "gaiwan", None),
    ("gaiwan_celadon", "Teapots", "Longquan Celadon Gaiwan",
     "龙泉青瓷盖碗",
     'A jade-green glaze from Longquan, known as "plum green", on a '
     "classic gaiwan.",
     "龙泉青瓷釉色如玉，有“梅子青”之美誉。",
     "28.00", "gaiwan", None),
    ("travel_set", "Teapots", "Travel Tea Set with Case",
     "便携旅行茶具套装",
     "A quick-brew pot, two cups and a canister, packed in a padded case for "
     "picnics, trains and hotel rooms.",
     "快客杯、两只品茗杯与茶叶罐，收纳于软包中，出行野餐皆宜。",
     "36.00", "", "2024-03-01"),

    ("cups_jingdezhen", "Cups", "Jingdezhen Tasting Cups, Set of 4",
     "景德镇品茗杯（四只装）",
     "Four eggshell-thin porcelain cups from Jingdezhen, sized for gongfu "
     "tea.",
     "景德镇薄胎瓷品茗杯四只，尺寸正合功夫茶。",
     "22.00", "", None),
    ("cup_celadon", "Cups", "Longquan Celadon Cup", "龙泉青瓷杯",
     "A single celadon cup with a soft, glossy glaze that warms the hand.",
     "龙泉青瓷单杯，釉面温润，手感细腻。",
     "12.50", "single", None),
    ("cup_jianzhan", "Cups", 'Jianzhan Tenmoku Cup', "建盏",
     'Wood-fired in Jianyang, its "hare\'s fur" glaze is different in '
     "every cup.",
     "建阳柴烧，兔毫釉色，每只都独一无二。",
     "45.00", "single", None),
    ("cup_glass", "Cups", "Double-wall Glass Cup 250 ml",
     "双层玻璃杯 250毫升",
     "Double walls keep the outside cool, while you watch green tea leaves "
     "dance.",
     "双层隔热，不烫手，可欣赏绿茶茶叶上下舞动。",
     "11.00", "single", None),
    ("matcha_bowl", "Cups", "Matcha Bowl (Chawan)", "抹茶碗",
     "A wide, hand-glazed bowl with room for a bamboo whisk.",
     "手工施釉的宽口抹茶碗，方便茶筅击拂。",
     "29.00", "", None),
    ("fair_cup", "Cups", "Glass Fair Cup 250 ml", "玻璃公道杯 250毫升",
     "Pour every infusion into the fair cup first, so that each guest gets "
     "tea of the same strength.",
     "先将茶汤倒入公道杯，再分给每位客人，浓淡均匀。",
     "9.50", "", None),
    ("tumbler", "Cups", "Glass Tea Tumbler with Infuser",
     "带滤网玻璃随手杯",
     "A leak-proof tumbler with a removable infuser, for tea at your desk or "
     "on the go.",
     "可拆卸滤网，密封防漏，办公出行都方便。",
     "14.00", "", None),
    ("mug", "Cups", "Stoneware Mug 350 ml", "粗陶马克杯 350毫升",
     "A sturdy, speckled stoneware mug for a proper cup of breakfast tea.",
     "质朴粗陶马克杯，适合一杯浓浓的早餐茶。",
     "13.50", "single", None),
    ("cb_bottle", "Cups", "Cold Brew Bottle 1 l", "冷泡茶瓶 1升",
     "A slim glass bottle with a fine filter that fits in the fridge door.",
     "细长玻璃瓶，内置细滤网，可放入冰箱门。",
     "16.00", "", "2023-05-01"),
    ("cups_qinghua", "Cups", "Hand-painted Blue and White Cups, Pair",
     "青花手绘对杯",
     'Two cups painted by hand with the "entwined lotus" pattern, boxed as a '
     "present.",
     "手绘缠枝莲纹青花对杯，附礼盒，送礼自用两相宜。",
     "26.00", "", None),

    ("knife", "Accessories", "Pu-erh Tea Knife", "普洱茶刀",
     "A flat, blunt-tipped blade for prising leaves from a pressed cake "
     "without breaking them.",
     "扁平钝头茶刀，撬取饼茶时不易弄碎茶叶。",
     "8.50", "", None),
    ("whisk", "Accessories", "Bamboo Matcha Whisk (Chasen)", "竹制茶筅",
     "Carved from a single piece of bamboo, with 80 fine prongs for a thick, "
     "even foam.",
     "整根竹子雕制，八十本穗，击拂出绵密茶沫。",
     "14.50", "consumable", None),
    ("scoop", "Accessories", "Bamboo Matcha Scoop (Chashaku)", "竹制茶杓",
     "The curved bamboo scoop measures one serving of matcha.",
     "弯曲竹茶杓，一杓即为一份抹茶。",
     "4.90", "", None),
    ("whisk_holder", "Accessories", "Ceramic Whisk Holder", "陶瓷茶筅架",
     "Rest your whisk on it after use, so the prongs keep their shape.",
     "用后将茶筅置于架上，可保持穗形。",
     "7.50", "", None),
    ("strainer", "Accessories", "Stainless Steel Tea Strainer",
     "不锈钢茶滤",
     "A fine-mesh strainer that sits on any cup or fair cup.",
     "细密不锈钢滤网，可架在任意杯或公道杯上。",
     "5.50", "", None),
    ("filters", "Accessories", "Paper Tea Filters, 100 pieces",
     "一次性茶包滤纸（100个）",
     "Fill your own tea bags with loose leaf; unbleached and compostable.",
     "自装散茶的茶包袋，未漂白，可堆肥。",
     "3.20", "consumable", None),
    ("tray", "Accessories", "Bamboo Tea Tray", "竹制茶盘",
     "A slatted bamboo tray with a hidden drip basin for gongfu sessions.",
     "竹制镂空茶盘，内置蓄水槽，适合功夫茶。",
     "48.00", "", None),
    ("tea_pet", "Accessories", "Clay Tea Pet Golden Toad", "紫砂金蟾茶宠",
     'Pour the first rinse over your tea pet; tradition says the "golden '
     'toad" brings wealth.',
     "以洗茶水浇淋茶宠，金蟾寓意招财进宝。",
     "12.00", "", None),
    ("towel", "Accessories", "Cotton Tea Towel", "棉麻茶巾",
     "An absorbent cotton and linen cloth for drips, spills and drying cups.",
     "吸水棉麻茶巾，擦拭茶具、吸干水渍。",
     "4.50", "consumable", None),
    ("tool_set", "Accessories", "Tea Ceremony Tool Set", "茶道六君子",
     'The "six gentlemen" of the tea table: scoop, tongs, pick, funnel, '
     "spoon and holder.",
     "茶道六君子：茶则、茶夹、茶针、茶漏、茶匙与茶筒。",
     "18.00", "", None),
    ("kettle", "Accessories", "Gooseneck Electric Kettle", "温控细口电水壶",
     "Set the temperature to the degree, from 40 °C for gyokuro to 100 °C "
     "for pu-erh.",
     "精准温控，从40°C的玉露到100°C的普洱都能胜任。",
     "64.00", "", None),
    ("caddy", "Accessories", "Tin Tea Caddy", "锡制茶叶罐",
     "Pure tin keeps tea dry, dark and fresh, just as it did in old tea "
     "houses.",
     "纯锡茶叶罐，防潮避光，保持茶叶新鲜。",
     "32.00", "", None),
    ("cake_box", "Accessories", "Pu-erh Cake Storage Box", "普洱茶饼收纳盒",
     "A breathable paulownia box that holds seven cakes while they age.",
     "透气桐木盒，可存放七饼，供普洱慢慢陈化。",
     "19.00", "", None),
    ("scale", "Accessories", "Digital Tea Scale", "电子茶秤",
     "Weighs to 0.1 g, so every pot tastes the same.",
     "精确到0.1克，每一壶都稳定如一。",
     "15.00", "", "2023-10-10"),
    ("gift_wrap", "Accessories", "Gift Wrap", "礼品包装",
     "Hand-folded mulberry paper, a silk ribbon and a wax seal.",
     "手工折叠桑皮纸、丝带与火漆印章。",
     "3.00", "consumable wrapping", None),
    ("card", "Accessories", "Handwritten Greeting Card", "手写贺卡",
     "Tell us your message at checkout and we will write it by hand.",
     "下单时留言，我们为您手写贺卡。",
     "2.90", "consumable wrapping", None),

    ("gift_cny", "Gift sets", "Chinese New Year Gift Box", "新春茶礼盒",
     "Longjing, Dahongpao and Dianhong in red lacquered tins, for the "
     "family table at New Year.",
     "龙井、大红袍与滇红装于红色漆罐，新春团圆佳礼。",
     "68.00", "", None),
    ("gift_midautumn", "Gift sets", "Mid-Autumn Tea and Mooncake Set",
     "中秋茶月礼盒",
     "Two teas and four lotus seed mooncakes in a moon-shaped box.",
     "两款好茶配四枚莲蓉月饼，月形礼盒。",
     "58.00", "", None),
    ("gift_ten", "Gift sets", "China's Ten Famous Teas Sampler",
     "中国十大名茶品鉴礼盒",
     "Ten classic teas, from Longjing to Tieguanyin, with tasting notes in "
     "English and Chinese.",
     "从龙井到铁观音，十款经典名茶，附中英文品鉴卡。",
     "45.00", "", None),
    ("gift_longjing", "Gift sets", "Longjing Gift Tin", "龙井茶礼罐",
     "Pre-Qingming Longjing in a celadon-glazed tin, wrapped in silk.",
     "明前龙井装于青瓷釉茶罐，外裹丝绸。",
     "52.00", "", None),
    ("gift_puerh", "Gift sets", "Pu-erh Collector's Set", "普洱珍藏礼盒",
     "Three vintage cakes, a tea knife and a paulownia box for the serious "
     "collector.",
     "三饼年份普洱、茶刀与桐木盒，献给真正的藏家。",
     "138.00", "", None),
    ("gift_matcha", "Gift sets", "Matcha Starter Kit", "抹茶入门套装",
     "Everything to begin: ceremonial matcha, a whisk, a scoop and a bowl.",
     "入门所需一应俱全：礼仪级抹茶、茶筅、茶杓与抹茶碗。",
     "59.00", "", None),
    ("gift_oolong", "Gift sets", "Oolong Discovery Set", "乌龙探索礼盒",
     "Five oolongs, from green and floral to dark and roasted.",
     "五款乌龙，从清香型到焙火型。",
     "42.00", "", None),
    ("gift_christmas", "Gift sets", "Christmas Tea Collection", "圣诞茶礼盒",
     'Spiced black tea, "Winter Garden" rooibos and honey oolong under a '
     "paper star.",
     "香料红茶、“冬日花园”博士茶与蜜香乌龙，缀以纸星。",
     "36.00", "", "2023-11-01"),
    ("gift_kungfu", "Gift sets", "Kung Fu Tea Set Gift Box", "功夫茶具礼盒",
     "A gaiwan, a fair cup, six cups and a strainer in a brocade box.",
     "盖碗、公道杯、六只品茗杯与茶滤，装于锦盒。",
     "88.00", "", None),
    ("gift_herbal", "Gift sets", "Herbal Wellness Box", "养生花草茶礼盒",
     "Chrysanthemum, goji, rose and red date, for calm evenings.",
     "菊花、枸杞、玫瑰与红枣，宁静夜晚的温柔陪伴。",
     "29.00", "", None),
    ("gift_afternoon", "Gift sets", "Afternoon Tea Gift Set",
     "英式下午茶礼盒",
     "Earl Grey, Darjeeling and shortbread for an English afternoon.",
     "伯爵红茶、大吉岭与黄油酥饼，一场英式下午茶。",
     "39.00", "", "2024-09-01"),
]


class Product:
    """One catalogue item, as written to products.csv, plus the hidden
    attributes the order simulation needs."""

    def __init__(self, key, category, name_en, name_zh, description_en,
                 description_zh, price, tags, launch):
        self.key = key
        self.category = category
        self.name_en = name_en
        self.name_zh = name_zh
        self.description_en = description_en
        self.description_zh = description_zh
        self.price = Decimal(price)
        self.tags = tags.split()
        self.launch = launch
        self.sku = None
        self.index = None
        self.popularity = 1.0


def describe_tea(category, origin_en, origin_zh, notes_en, notes_zh,
                 nick_en, nick_zh, temp):
    """Write the English and Chinese descriptions of a tea.

    Nicknames are quoted, so the descriptions exercise CSV quoting, and the
    tasting notes often contain commas for the same reason."""
    _, _, style_en, style_zh = CATEGORIES[category]
    brew_en, brew_zh = BREWING[category]
    if nick_en:
        lead_en = (f'Known as "{nick_en}", this {style_en} from {origin_en} '
                   f"has notes of {notes_en}.")
    else:
        lead_en = f"A {style_en} from {origin_en} with notes of {notes_en}."
    if nick_zh:
        lead_zh = f"产自{origin_zh}，素有“{nick_zh}”的美誉，{notes_zh}。"
    else:
        lead_zh = f"产自{origin_zh}的{style_zh}，{notes_zh}。"
    return (f"{lead_en} {brew_en.format(t=temp)}",
            f"{lead_zh}{brew_zh.format(t=temp)}")


def random_date(rng, first, last):
    """Return a uniformly chosen date between first and last inclusive."""
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def build_catalogue(rng):
    """Create the products, give them SKUs, launch dates and popularity."""
    products = []
    for (key, category, name_en, name_zh, origin_en, origin_zh, notes_en,
         notes_zh, nick_en, nick_zh, temp, tags, sizes) in TEAS:
        desc_en, desc_zh = describe_tea(category, origin_en, origin_zh,
                                        notes_en, notes_zh, nick_en,
                                        nick_zh, temp)
        for number, (size_en, size_zh, price, launch) in enumerate(sizes):
            # Every size of a tea is a separate SKU, as on a real shelf; the
            # first size keeps the plain key that season_factor refers to.
            product_key = key if number == 0 else f"{key}_{number + 1}"
            products.append(Product(product_key, category,
                                    f"{name_en} {size_en}",
                                    f"{name_zh} {size_zh}", desc_en, desc_zh,
                                    price, tags, launch))
    for (key, category, name_en, name_zh, desc_en, desc_zh, price, tags,
         launch) in GOODS:
        products.append(Product(key, category, name_en, name_zh, desc_en,
                                desc_zh, price, tags, launch))

    counters = {}
    for index, product in enumerate(products):
        prefix = CATEGORIES[product.category][1]
        counters[prefix] = counters.get(prefix, 0) + 1
        product.sku = f"{prefix}-{counters[prefix]:04d}"
        product.index = index
        # Most of the range was on sale before the period starts; products
        # with an explicit launch date are the shop's newer lines.
        if product.launch is None:
            product.launch = random_date(rng, dt.date(2019, 3, 1),
                                         dt.date(2022, 10, 31))
        else:
            product.launch = dt.date.fromisoformat(product.launch)
        # Cheaper items sell more often, and a random factor creates a few
        # bestsellers and a long tail, as in any real shop.
        product.popularity = (rng.lognormvariate(0.0, 0.6)
                              / float(product.price) ** 0.35)
    return products


def season_factor(product, day):
    """Return how much more (or less) product sells on day than usual."""
    month = day.month
    category = product.category
    cny = CHINESE_NEW_YEAR[day.year]
    mid_autumn = MID_AUTUMN[day.year]
    summer = month in (6, 7, 8)
    winter = month in (11, 12, 1, 2)

    if category == "Green tea":
        # The new harvest arrives in spring; Pre-Qingming Longjing is the
        # most sought-after tea of the year for a few weeks.
        spring = (3, 20) <= (month, day.day) <= (5, 15)
        if product.key == "longjing_mingqian":
            return 5.0 if spring else 0.6
        return 1.8 if spring else 0.9
    if category == "Matcha":
        return 1.25 if summer else 1.0
    if category == "Black tea":
        return 0.55 if summer else (1.25 if winter else 1.0)
    if category == "Oolong":
        return 0.85 if summer else 1.0
    if category == "Pu-erh":
        return 0.5 if summer else (1.3 if winter else 1.0)
    if category == "White tea":
        return 0.9 if summer else 1.0
    if category == "Herbal":
        if product.key == "ginger_date":
            return 0.3 if summer else (1.8 if winter else 1.0)
        return 2.0 if summer else 1.0
    if category == "Cold brew" or product.key == "cb_bottle":
        if month in (5, 6, 7, 8, 9):
            return 3.0
        return 1.0 if month in (4, 10) else 0.15
    if category == "Gift sets":
        before_cny = days_before(day, cny, 21)
        before_mid_autumn = days_before(day, mid_autumn, 16)
        december = month == 12 and day.day <= 23
        # The three occasion boxes only really sell around their occasion.
        if product.key == "gift_cny":
            return 8.0 if before_cny else (2.0 if december else 0.08)
        if product.key == "gift_midautumn":
            return 9.0 if before_mid_autumn else 0.03
        if product.key == "gift_christmas":
            in_season = (month == 11 and day.day >= 15) or december
            return 7.0 if in_season else 0.03
        if before_cny:
            return 4.0
        if before_mid_autumn:
            return 2.5
        if december:
            return 3.5
        if (month, day.day) == (11, 11) or in_black_friday_weekend(day):
            return 2.0
        return 0.6
    if category in ("Teapots", "Cups"):
        if month == 12 and day.day <= 23:
            return 1.5
        if in_black_friday_weekend(day) or (month, day.day) == (11, 11):
            return 1.6
        return 1.0
    return 1.0


# ---------------------------------------------------------------------------
# Promotions
# ---------------------------------------------------------------------------

# Each campaign runs every year: (name, first day, last day as (month, day),
# categories, discount rate, share of the eligible products on offer).
# Campaign dates that depend on Black Friday are computed per year below.
TEAWARE = ["Teapots", "Cups", "Accessories"]
EVERYTHING = TEA_CATEGORIES + TEAWARE + ["Gift sets"]
CAMPAIGNS = [
    ("January clearance", (1, 2), (1, 14), ["Teapots", "Cups", "Gift sets"],
     "0.3", 0.6),
    ("618 festival", (6, 10), (6, 18), TEA_CATEGORIES, "0.15", 0.7),
    ("Summer sale", (7, 20), (8, 10), ["Black tea", "Pu-erh", "Oolong"],
     "0.2", 0.6),
    ("Singles' Day pre-sale", (11, 1), (11, 10), EVERYTHING, "0.1", 0.5),
    ("Singles' Day", (11, 11), (11, 11), EVERYTHING, "0.2", 0.8),
    ("Boxing Day", (12, 26), (12, 31), ["Teapots", "Cups"], "0.2", 0.5),
]


def build_discounts(rng, products):
    """Return, for every day, a dict mapping product index to the campaign
    discount rate (as a Decimal) that applies on that day."""
    discounts = [dict() for _ in range(N_DAYS)]

    def apply(first, last, categories, rate, share):
        eligible = [p for p in products
                    if p.category in categories
                    and "wrapping" not in p.tags]
        chosen = rng.sample(eligible, round(len(eligible) * share))
        day = first
        while day <= last:
            if FIRST_DAY <= day <= LAST_DAY:
                today = discounts[day_index(day)]
                for product in chosen:
                    today[product.index] = max(today.get(product.index,
                                                         Decimal(0)), rate)
            day += dt.timedelta(days=1)

    for year in (2023, 2024):
        for name, start, end, categories, rate, share in CAMPAIGNS:
            apply(dt.date(year, *start), dt.date(year, *end), categories,
                  Decimal(rate), share)
        # Black Friday to Cyber Monday: deep cuts on teaware and gifts,
        # a smaller discount on tea.
        friday = black_friday(year)
        monday = friday + dt.timedelta(days=3)
        apply(friday, monday, TEAWARE + ["Gift sets"], Decimal("0.25"), 0.7)
        apply(friday, monday, TEA_CATEGORIES, Decimal("0.15"), 0.7)
    return discounts


# ---------------------------------------------------------------------------
# Customers
# ---------------------------------------------------------------------------

CN_SURNAMES = [
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"),
    ("陈", "chen"), ("杨", "yang"), ("黄", "huang"), ("赵", "zhao"),
    ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"), ("马", "ma"),
    ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"), ("何", "he"), ("林", "lin"),
    ("高", "gao"), ("罗", "luo"), ("郑", "zheng"), ("梁", "liang"),
    ("谢", "xie"), ("宋", "song"), ("唐", "tang"), ("韩", "han"),
    ("冯", "feng"), ("邓", "deng"), ("曹", "cao"), ("彭", "peng"),
    ("曾", "zeng"), ("萧", "xiao"), ("田", "tian"), ("董", "dong"),
    ("潘", "pan"), ("袁", "yuan"), ("蔡", "cai"), ("蒋", "jiang"),
    ("余", "yu"), ("杜", "du"), ("叶", "ye"), ("程", "cheng"), ("魏", "wei"),
    ("苏", "su"), ("沈", "shen"), ("欧阳", "ouyang"), ("司马", "sima"),
]
# Common surnames are much more common: weight them by rank.
CN_SURNAME_WEIGHTS = [1.0 / (rank + 1) ** 0.7
                      for rank in range(len(CN_SURNAMES))]
CN_GIVEN = [
    ("芳", "fang"), ("伟", "wei"), ("娜", "na"), ("敏", "min"),
    ("静", "jing"), ("丽", "li"), ("强", "qiang"), ("磊", "lei"),
    ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"),
    ("杰", "jie"), ("娟", "juan"), ("涛", "tao"), ("明", "ming"),
    ("超", "chao"), ("秀英", "xiuying"), ("霞", "xia"), ("平", "ping"),
    ("刚", "gang"), ("桂英", "guiying"), ("晓明", "xiaoming"),
    ("欣怡", "xinyi"), ("子涵", "zihan"), ("浩然", "haoran"),
    ("梓萱", "zixuan"), ("宇轩", "yuxuan"), ("雨桐", "yutong"),
    ("思远", "siyuan"), ("佳怡", "jiayi"), ("俊杰", "junjie"),
    ("婷婷", "tingting"), ("建华", "jianhua"), ("丹", "dan"), ("琳", "lin"),
    ("博文", "bowen"), ("一鸣", "yiming"), ("晨", "chen"), ("悦", "yue"),
    ("嘉欣", "jiaxin"), ("志强", "zhiqiang"), ("海燕", "haiyan"),
    ("文静", "wenjing"), ("雪", "xue"), ("慧", "hui"), ("鹏", "peng"),
    ("昊", "hao"), ("诗涵", "shihan"), ("梦琪", "mengqi"),
]

ENGLISH_FIRST = ["Oliver", "George", "Harry", "Jack", "James", "William",
                 "Thomas", "Daniel", "Michael", "David", "Samuel", "Joseph",
                 "Amelia", "Olivia", "Isla", "Emily", "Charlotte", "Sophie",
                 "Hannah", "Sarah", "Laura", "Emma", "Chloe", "Jessica",
                 "Grace", "Lucy", "Ella", "Zoë", "Rachel", "Megan"]
ENGLISH_LAST = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson",
                "Johnson", "Davies", "Evans", "Roberts", "Walker", "Wright",
                "Thompson", "White", "Hughes", "Edwards", "Green", "Hall",
                "Wood", "Harris", "Clarke", "Miller", "Davis", "Anderson",
                "Moore", "O'Brien", "Campbell", "Murphy", "Patel", "Khan"]
GERMAN_FIRST = ["Lukas", "Jonas", "Leon", "Finn", "Paul", "Felix", "Jürgen",
                "Stefan", "Jörg", "Anna", "Lena", "Lea", "Hannah", "Marie",
                "Sabine", "Katrin", "Mia", "Sophie", "Clara", "Maximilian"]
GERMAN_LAST = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber",
               "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Koch",
               "Richter", "Wolf", "Schröder", "Neumann", "Krüger", "Braun",
               "Zimmermann", "Hartmann", "Lange"]
FRENCH_FIRST = ["Léa", "Chloé", "Camille", "Manon", "Inès", "Lucas", "Hugo",
                "Louis", "Théo", "Jules", "Élodie", "François", "Mathilde",
                "Antoine", "Nicolas", "Juliette"]
FRENCH_LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard",
               "Petit", "Durand", "Leroy", "Moreau", "Lefèvre", "Girard",
               "Fontaine", "Rousseau", "Garnier", "Chevalier"]
DUTCH_FIRST = ["Daan", "Sem", "Lucas", "Emma", "Julia", "Sophie", "Noah",
               "Lotte", "Sanne", "Bram", "Anouk", "Ruben", "Fleur", "Thijs"]
DUTCH_LAST = ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk",
              "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
              "de Groot", "Bos", "Vos"]
SINGAPORE_FIRST = ["Rachel", "Marcus", "Jasmine", "Ryan", "Wei Ling",
                   "Jun Jie", "Hui Min", "Daryl", "Clarissa", "Benjamin",
                   "Xin Yi", "Kai Wen"]
SINGAPORE_LAST = ["Tan", "Lim", "Lee", "Ng", "Ong", "Wong", "Goh", "Chua",
                  "Koh", "Teo", "Chan", "Yeo"]

# Country: (weight, cities with weights, first names, last names).  Cities
# in China are written in Chinese, as customers there type them.
COUNTRIES = {
    "China": (42, [("上海", 14), ("北京", 12), ("杭州", 12), ("广州", 8),
                   ("深圳", 9), ("成都", 6), ("南京", 5), ("苏州", 5),
                   ("武汉", 4), ("西安", 3), ("厦门", 3), ("福州", 2),
                   ("昆明", 2), ("重庆", 4), ("天津", 3)],
              ENGLISH_FIRST, ENGLISH_LAST),
    "United Kingdom": (17, [("London", 20), ("Manchester", 4),
                            ("Edinburgh", 4), ("Bristol", 3),
                            ("Birmingham", 3), ("Leeds", 2), ("Glasgow", 2),
                            ("Cambridge", 2), ("Oxford", 2), ("Brighton", 2)],
                       ENGLISH_FIRST, ENGLISH_LAST),
    "Germany": (11, [("Berlin", 8), ("München", 5), ("Hamburg", 5),
                     ("Köln", 3), ("Frankfurt am Main", 3), ("Stuttgart", 2),
                     ("Leipzig", 2), ("Düsseldorf", 2)],
                GERMAN_FIRST, GERMAN_LAST),
    "United States": (10, [("New York", 6), ("San Francisco", 4),
                           ("Los Angeles", 3), ("Seattle", 3), ("Boston", 2),
                           ("Chicago", 2), ("Portland", 2), ("Austin", 1)],
                      ENGLISH_FIRST, ENGLISH_LAST),
    "France": (6, [("Paris", 8), ("Lyon", 3), ("Marseille", 2),
                   ("Toulouse", 2), ("Bordeaux", 2), ("Lille", 1),
                   ("Nantes", 1), ("Strasbourg", 1)],
               FRENCH_FIRST, FRENCH_LAST),
    "Netherlands": (4, [("Amsterdam", 5), ("Rotterdam", 3), ("Utrecht", 2),
                        ("Den Haag", 2), ("Eindhoven", 1)],
                    DUTCH_FIRST, DUTCH_LAST),
    "Singapore": (4, [("Singapore", 1)], SINGAPORE_FIRST, SINGAPORE_LAST),
    "Canada": (3, [("Toronto", 3), ("Vancouver", 3), ("Montréal", 2)],
               ENGLISH_FIRST, ENGLISH_LAST),
    "Australia": (3, [("Sydney", 3), ("Melbourne", 3), ("Brisbane", 1)],
                  ENGLISH_FIRST, ENGLISH_LAST),
}
# The shop's own tea houses; only customers living there buy in store.
STORE_CITIES = ["上海", "杭州", "London"]

# Which tea customers like best depends on where they live.
FAVOURITE_TEA = {
    "cn": {"Green tea": 28, "Oolong": 22, "Pu-erh": 18, "White tea": 12,
           "Black tea": 8, "Herbal": 8, "Matcha": 4},
    "intl": {"Black tea": 28, "Green tea": 16, "Matcha": 14, "Oolong": 14,
             "Herbal": 14, "Pu-erh": 7, "White tea": 7},
}

# Archetype: share of all customers.  The shares are adjusted by channel
# when customers are created, so that, for instance, marketplace shoppers
# are more often bargain hunters and tea-house regulars more often loyal.
ARCHETYPE_SHARES = {
    "champion": 6, "loyal": 12, "promising": 10, "new": 10, "at_risk": 9,
    "hibernating": 28, "bargain": 12, "occasional": 6, "never": 7,
}
CHANNEL_ADJUSTMENT = {
    "marketplace": {"bargain": 2.0, "champion": 0.6, "loyal": 0.7},
    "store": {"loyal": 1.6, "champion": 1.3, "bargain": 0.5},
    "app": {"champion": 1.2, "hibernating": 0.85},
    "web": {},
}


class Profile:
    """How customers of one archetype shop: basket size, taste for price,
    loyalty to favourites, appetite for matching accessories, use of
    coupons and the chance of buying more than one unit."""

    def __init__(self, extra_items, price_exponent, favourite_share,
                 complement_factor, coupon_rate, extra_quantity):
        self.extra_items = extra_items
        self.price_exponent = price_exponent
        self.favourite_share = favourite_share
        self.complement_factor = complement_factor
        self.coupon_rate = coupon_rate
        self.extra_quantity = extra_quantity


PROFILES = {
    "champion": Profile(2.5, 0.15, 0.45, 1.0, 0.05, 0.30),
    "loyal": Profile(1.9, 0.05, 0.55, 1.0, 0.06, 0.15),
    "promising": Profile(1.6, 0.05, 0.35, 1.0, 0.04, 0.10),
    "new": Profile(1.4, 0.0, 0.20, 1.1, 0.05, 0.05),
    "at_risk": Profile(2.3, 0.15, 0.45, 1.0, 0.04, 0.20),
    "hibernating": Profile(1.2, -0.10, 0.20, 0.9, 0.05, 0.05),
    "bargain": Profile(0.6, -0.70, 0.30, 0.5, 0.30, 0.10),
    "occasional": Profile(1.5, 0.0, 0.30, 1.0, 0.04, 0.05),
}


class Customer:
    """A customer as written to customers.csv, plus hidden behaviour."""

    def __init__(self):
        self.customer_id = None
        self.name = None
        self.email = None
        self.city = None
        self.country = None
        self.region = None
        self.signup = None
        self.channel = None
        self.birth_year = None
        self.archetype = None
        self.category_weight = {}
        self.favourites = []
        self.base_weights = []
        self.order_days = []
        self.owned = set()


def ascii_slug(text):
    """Turn a name into lowercase ASCII for an e-mail address."""
    for src, dst in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"),
                     ("Ä", "ae"), ("Ö", "oe"), ("Ü", "ue")):
        text = text.replace(src, dst)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text.lower() if c.isascii() and c.isalnum())


def make_name(rng, country):
    """Return (display name, first name slug, last name slug).

    Customers in China nearly all have Chinese names written in characters;
    elsewhere some customers of Chinese heritage have their name written in
    characters or in pinyin, the others have local names."""
    _, _, first_names, last_names = COUNTRIES[country]
    chinese = rng.random() < (0.97 if country == "China" else 0.12)
    if chinese:
        surname, surname_py = rng.choices(CN_SURNAMES, CN_SURNAME_WEIGHTS)[0]
        given, given_py = rng.choice(CN_GIVEN)
        if country == "China" or rng.random() < 0.5:
            return surname + given, given_py, surname_py
        return (f"{given_py.capitalize()} {surname_py.capitalize()}",
                given_py, surname_py)
    first = rng.choice(first_names)
    last = rng.choice(last_names)
    return f"{first} {last}", ascii_slug(first), ascii_slug(last)


def make_email(rng, first, last, birth_year, taken):
    """Invent a unique, plausible address at example.com."""
    patterns = ["{l}.{f}", "{f}.{l}", "{f}{l}", "{f}_{l}", "{f0}{l}"]
    pattern = rng.choice(patterns)
    local = pattern.format(f=first, l=last, f0=first[0])
    roll = rng.random()
    if roll < 0.25 and birth_year:
        local += str(birth_year % 100).zfill(2)
    elif roll < 0.6:
        local += str(rng.randrange(1, 100))
    while f"{local}@example.com" in taken:
        local += str(rng.randrange(10))
    taken.add(f"{local}@example.com")
    return f"{local}@example.com"


def weighted_key(rng, mapping):
    """Pick a key of mapping with probability proportional to its value."""
    keys = list(mapping)
    return rng.choices(keys, [mapping[k] for k in keys])[0]


def create_customers(rng, products, cumulative_propensity):
    """Create the customers with their archetypes, tastes and order days."""
    customers = []
    taken_emails = set()
    country_weights = {c: v[0] for c, v in COUNTRIES.items()}
    for _ in range(N_CUSTOMERS):
        customer = Customer()
        customer.country = weighted_key(rng, country_weights)
        customer.region = "cn" if customer.country == "China" else "intl"
        cities = COUNTRIES[customer.country][1]
        customer.city = rng.choices([c for c, _ in cities],
                                    [w for _, w in cities])[0]

        if customer.region == "cn":
            channels = {"app": 40, "marketplace": 35, "web": 15}
        else:
            channels = {"web": 60, "marketplace": 20, "app": 10}
        if customer.city in STORE_CITIES:
            channels["store"] = 30
        customer.channel = weighted_key(rng, channels)

        shares = dict(ARCHETYPE_SHARES)
        for archetype, factor in CHANNEL_ADJUSTMENT[customer.channel].items():
            shares[archetype] *= factor
        customer.archetype = weighted_key(rng, shares)

        # Marketplaces pass on little personal data, so birth years are
        # missing more often there.
        missing = 0.35 if customer.channel == "marketplace" else 0.12
        if rng.random() >= missing:
            year = round(rng.gauss(1986, 11))
            customer.birth_year = min(max(year, 1945), 2006)

        name, first, last = make_name(rng, customer.country)
        customer.name = name
        customer.email = make_email(rng, first, last, customer.birth_year,
                                    taken_emails)

        choose_tastes(rng, customer, products)
        choose_order_days(rng, customer, cumulative_propensity)
        choose_signup(rng, customer)
        customers.append(customer)

    # Customer numbers are handed out in order of sign-up, as a real shop
    # system would; ties keep their creation order because sort is stable.
    customers.sort(key=lambda c: c.signup)
    for number, customer in enumerate(customers, start=1):
        customer.customer_id = f"C{number:05d}"
    return customers


def choose_tastes(rng, customer, products):
    """Give the customer category preferences and favourite products."""
    favourite = weighted_key(rng, FAVOURITE_TEA[customer.region])
    others = {k: v for k, v in FAVOURITE_TEA[customer.region].items()
              if k != favourite}
    second = weighted_key(rng, others)
    weights = {category: 0.5 for category in TEA_CATEGORIES}
    weights[favourite] = 8.0
    weights[second] = 3.0
    weights["Cold brew"] = 0.8
    # Interest in teaware and gifts varies a lot from person to person.
    teaware = rng.lognormvariate(0.0, 0.5)
    weights["Teapots"] = 0.25 * teaware
    weights["Cups"] = 0.35 * teaware
    weights["Accessories"] = 0.25 * teaware
    weights["Gift sets"] = 0.5 * rng.lognormvariate(0.0, 0.5)
    customer.category_weight = weights

    profile = PROFILES.get(customer.archetype)
    exponent = profile.price_exponent if profile else 0.0
    # The static part of the product weights: category taste, product
    # popularity and the customer's attitude to price.
    category_totals = {}
    for product in products:
        category_totals[product.category] = \
            category_totals.get(product.category, 0.0) + product.popularity
    customer.base_weights = [
        weights[p.category] * p.popularity / category_totals[p.category]
        * float(p.price) ** exponent
        for p in products]

    # Favourites are the teas a customer buys again and again.
    teas = [p for p in products
            if p.category in (favourite, second) and "kit" not in p.tags]
    count = min(len(teas), rng.randint(2, 4))
    chosen = []
    while len(chosen) < count:
        pick = rng.choices(teas, [customer.base_weights[p.index]
                                  for p in teas])[0]
        if pick not in chosen:
            chosen.append(pick)
    customer.favourites = chosen


def stratified_days(rng, cum, first, last, count, power=1.0):
    """Spread count orders over [first, last] by cutting the range into
    count strata and picking one weighted day in each.  A power below one
    makes the strata narrower towards the end, so orders get more frequent
    over time."""
    span = last - first + 1
    days = []
    for k in range(count):
        lo = first + int(span * (k / count) ** power)
        hi = first + int(span * ((k + 1) / count) ** power)
        hi = max(hi, lo + 1)
        days.append(pick_day(rng, cum, lo, min(hi, N_DAYS)))
    return days


def choose_order_days(rng, customer, cumulative_propensity):
    """Decide on which days the customer orders, following the archetype."""
    archetype = customer.archetype
    region = customer.region
    cum = cumulative_propensity[region]
    end = N_DAYS - 1

    def idx(year, month, day):
        return day_index(dt.date(year, month, day))

    def first_order(lo, hi):
        """Pick the day of a newcomer's first order."""
        return pick_day(rng, cum, lo, hi + 1)

    def regular_days(lo, hi, last, count, existing_share, power=1.0):
        """Spread count orders up to last.  existing_share of these
        customers were already regulars before the period starts, so their
        orders simply run from the first day; the others join on a day
        between lo and hi, which becomes their first order."""
        if rng.random() < existing_share:
            return stratified_days(rng, cum, 0, last, count, power)
        first = first_order(lo, hi)
        days = stratified_days(rng, cum, first, last, count, power)
        days[0] = first
        return days

    days = []
    if archetype == "champion":
        days = regular_days(0, idx(2024, 3, 31), end, rng.randint(18, 40),
                            existing_share=0.65, power=0.7)
        # Champions have always ordered within the last month.
        if days[-1] < end - 30:
            days[-1] = pick_day(rng, cum, end - 30, N_DAYS)
    elif archetype == "loyal":
        days = regular_days(0, idx(2023, 9, 30), end - rng.randint(0, 50),
                            rng.randint(10, 22), existing_share=0.75)
    elif archetype == "promising":
        first = first_order(idx(2024, 4, 1), idx(2024, 9, 30))
        last = end - rng.randint(0, 45)
        count = rng.randint(2, 6)
        days = [first] + [pick_day(rng, cum, first, last + 1)
                          for _ in range(count - 1)]
    elif archetype == "new":
        first = first_order(idx(2024, 10, 1), end)
        days = [first]
        if rng.random() < 0.3 and first < end - 7:
            days.append(pick_day(rng, cum, first + 7, N_DAYS))
    elif archetype == "at_risk":
        # Their last order falls between February and July 2024; since
        # then, nothing.
        last = pick_day(rng, cum, idx(2024, 2, 15), idx(2024, 7, 31) + 1)
        days = regular_days(0, idx(2023, 8, 31), last, rng.randint(5, 12),
                            existing_share=0.75)
        days[-1] = last
    elif archetype == "hibernating":
        # Most of these customers tried the shop once in 2023.
        hi = idx(2023, 12, 31) if rng.random() < 0.75 else idx(2024, 4, 30)
        first = first_order(0, hi)
        days = [first]
        if rng.random() < 0.4:
            days.append(pick_day(rng, cum, first + 1,
                                 min(first + 120, N_DAYS)))
    elif archetype == "bargain":
        # Bargain hunters come back when there is a sale.
        sale_cum = cumulative_propensity[region + "_sale"]
        first = pick_day(rng, sale_cum, 0, idx(2024, 6, 30) + 1)
        days = [first] + [pick_day(rng, sale_cum, first, N_DAYS)
                          for _ in range(rng.randint(4, 12))]
    elif archetype == "occasional":
        first = first_order(0, idx(2024, 6, 30))
        days = [first] + [pick_day(rng, cum, first, N_DAYS)
                          for _ in range(rng.randint(1, 3))]
    customer.order_days = sorted(days)


def choose_signup(rng, customer):
    """Choose the sign-up date, which is never after the first order."""
    if customer.order_days:
        first = DAYS[customer.order_days[0]]
        if customer.archetype == "new":
            # New customers joined recently, often while placing the order.
            lag = 0 if rng.random() < 0.7 else rng.randint(1, 20)
            customer.signup = max(first - dt.timedelta(days=lag),
                                  dt.date(2024, 10, 1))
            return
        if rng.random() < 0.55:
            # Most people create their account at checkout.
            customer.signup = first
        else:
            lag = rng.randint(1, 400)
            customer.signup = first - dt.timedelta(days=lag)
        # Customers who were already regulars when the period starts signed
        # up during the shop's first online years.
        if first - FIRST_DAY < dt.timedelta(days=60) and rng.random() < 0.7:
            customer.signup = random_date(rng, dt.date(2021, 3, 1),
                                          dt.date(2022, 12, 31))
        customer.signup = max(customer.signup, dt.date(2021, 3, 1))
    else:
        # Sign-ups grow with the business: later dates are more likely.
        span = (LAST_DAY - dt.date(2021, 3, 1)).days
        offset = int(span * math.sqrt(rng.random()))
        customer.signup = dt.date(2021, 3, 1) + dt.timedelta(days=offset)


# ---------------------------------------------------------------------------
# Baskets
# ---------------------------------------------------------------------------

# Western customers brew loose tea in filter bags far more often than
# customers in China, so this rule's chance depends on the region.
FILTER_CHANCE = {"cn": 0.04, "intl": 0.15}


def build_pairing_rules(products):
    """Return, per product index, the list of (probability, candidates) of
    items bought together with it.  These rules are the co-purchase
    patterns that association-rule mining should rediscover."""
    by_key = {p.key: p for p in products}

    def keys(*names):
        return [by_key[name] for name in names]

    yixing = [p for p in products if "yixing" in p.tags]
    gaiwans = keys("gaiwan_white", "gaiwan_celadon")
    rules = {p.index: [] for p in products}
    for p in products:
        rule = rules[p.index]
        if "kit" in p.tags:
            rule += [(0.50, keys("whisk")), (0.30, keys("matcha_bowl")),
                     (0.30, keys("scoop"))]
        if "culinary" in p.tags:
            rule += [(0.10, keys("whisk"))]
        if p.category == "Oolong":
            rule += [(0.16, yixing), (0.07, gaiwans),
                     (0.12, keys("cups_jingdezhen"))]
        if p.category == "Pu-erh":
            rule += [(0.07, yixing)]
        if "cake" in p.tags:
            rule += [(0.38, keys("knife")), (0.06, keys("cake_box"))]
        if p.category == "Gift sets":
            rule += [(0.62, keys("gift_wrap")), (0.22, keys("card"))]
        if "loose" in p.tags:
            rule += [(FILTER_CHANCE, keys("filters")),
                     (0.04, keys("strainer"))]
        if p.category == "Green tea" and "japanese" not in p.tags:
            rule += [(0.10, keys("cup_glass"))]
        if "japanese" in p.tags:
            rule += [(0.14, keys("pot_kyusu"))]
        if p.category == "White tea":
            rule += [(0.12, gaiwans)]
        if p.category == "Black tea":
            rule += [(0.06, keys("pot_porcelain")), (0.05, keys("mug"))]
        if p.category == "Herbal":
            rule += [(0.09, keys("pot_glass")), (0.06, keys("tumbler"))]
        if p.category == "Cold brew":
            rule += [(0.32, keys("cb_bottle"))]
        if "yixing" in p.tags:
            rule += [(0.32, keys("cups_jingdezhen", "cups_qinghua")),
                     (0.14, keys("tray")), (0.15, keys("fair_cup")),
                     (0.09, keys("tea_pet"))]
        if "gaiwan" in p.tags:
            rule += [(0.20, keys("fair_cup")),
                     (0.20, keys("cups_jingdezhen"))]
        if p.key == "whisk":
            rule += [(0.25, keys("whisk_holder"))]
    return rules


def geometric(rng, mean):
    """Draw a count with the given mean from a geometric distribution."""
    count = 0
    stop = mean / (mean + 1.0)
    while count < 6 and rng.random() < stop:
        count += 1
    return count


def draw_quantity(rng, product, profile, day):
    """Return how many units of product go in the basket."""
    if product.category == "Gift sets":
        # Companies order gift boxes by the dozen before the holidays.
        gifting = day.month in (1, 2, 9, 12)
        if gifting and rng.random() < 0.02:
            return rng.randint(8, 24)
        return rng.choices([1, 2, 3, 4, 6], [82, 12, 4, 1, 1])[0]
    if "single" in product.tags:
        return rng.choices([1, 2, 4, 6], [5, 4, 2, 1])[0]
    if product.category in ("Teapots", "Cups", "Accessories") \
            and product.price >= 8:
        return 1 if rng.random() < 0.95 else 2
    if product.price < 6:
        quantity = rng.choices([1, 2, 3, 5], [6, 3, 1, 0.5])[0]
    else:
        quantity = rng.choices([1, 2, 3, 4, 6], [75, 17, 5, 2, 1])[0]
    if rng.random() < profile.extra_quantity:
        quantity += 1
    return quantity


class Line:
    """One order line before invoice numbers are known."""

    def __init__(self, product, quantity, unit_price, discount):
        self.product = product
        self.quantity = quantity
        self.unit_price = unit_price
        self.discount = discount


class Invoice:
    """A purchase or a return, before invoice numbers are known."""

    def __init__(self, customer, when, is_return=False):
        self.customer = customer
        self.when = when
        self.is_return = is_return
        self.lines = []
        self.number = None


CENT = Decimal("0.01")


def discounted(price, rate):
    """Apply a discount rate and round to the cent, as a till would."""
    return (price * (1 - rate)).quantize(CENT, rounding=ROUND_HALF_UP)


def build_basket(rng, shop, customer, day_idx):
    """Fill one shopping basket and return it as a list of Lines."""
    products, season, discounts, rules = shop
    profile = PROFILES[customer.archetype]
    day = DAYS[day_idx]
    on_sale = discounts[day_idx]

    weights = []
    for product, base in zip(products, customer.base_weights):
        if product.launch > day:
            weights.append(0.0)
            continue
        weight = base * season[day_idx][product.index]
        if customer.archetype == "bargain":
            # Bargain hunters go straight for whatever is reduced.
            weight *= 6.0 if product.index in on_sale else 0.3
        weights.append(weight)

    quantities = {}

    def add(product, quantity):
        quantities[product.index] = quantities.get(product.index, 0) \
            + quantity

    def add_complements(product, quantity, depth):
        for probability, candidates in rules[product.index]:
            if isinstance(probability, dict):
                probability = probability[customer.region]
            probability *= profile.complement_factor
            candidates = [c for c in candidates if c.launch <= day]
            if not candidates:
                continue
            pick = rng.choice(candidates)
            if pick.index in customer.owned:
                probability *= 0.25
            if rng.random() >= probability:
                continue
            if pick.key == "gift_wrap":
                amount = quantity       # one wrapping per gift
            elif "single" in pick.tags:
                amount = draw_quantity(rng, pick, profile, day)
            else:
                amount = 1
            add(pick, amount)
            if depth == 0:
                add_complements(pick, amount, 1)

    # Favourites follow the seasons too: nobody restocks pu-erh in a heat
    # wave just because it is their favourite.
    favourites = [p for p in customer.favourites if p.launch <= day]
    favourite_weights = [season[day_idx][p.index] for p in favourites]
    for _ in range(1 + geometric(rng, profile.extra_items)):
        if favourites and rng.random() < profile.favourite_share:
            product = rng.choices(favourites, favourite_weights)[0]
        else:
            product = rng.choices(products, weights)[0]
        quantity = draw_quantity(rng, product, profile, day)
        add(product, quantity)
        add_complements(product, quantity, 0)

    # A personal coupon takes 10 % off every item not already reduced by a
    # campaign; new customers often use their welcome coupon.
    coupon_rate = profile.coupon_rate
    if customer.archetype == "new" and day_idx == customer.order_days[0]:
        coupon_rate = 0.5
    coupon = Decimal("0.1") if rng.random() < coupon_rate else Decimal(0)

    lines = []
    for index, quantity in quantities.items():
        product = products[index]
        if "wrapping" in product.tags:
            rate = Decimal(0)
        else:
            rate = on_sale.get(index, coupon)
        lines.append(Line(product, quantity,
                          discounted(product.price, rate), rate))
        # Somebody who owns a teapot rarely buys the same one again, which
        # damps the pairing rules for that customer from now on.
        if product.category in ("Teapots", "Cups", "Accessories") \
                and "consumable" not in product.tags:
            customer.owned.add(index)
    return lines


def return_probability(line, customer, day):
    """Return the chance that a purchased line is later sent back."""
    category = line.product.category
    if "wrapping" in line.product.tags:
        return 0.0
    if category in ("Teapots", "Cups"):
        probability = 0.06      # breakages in transit, a colour not liked
    elif category == "Gift sets":
        probability = 0.03
    else:
        probability = 0.018
    if customer.archetype == "bargain":
        probability *= 1.4
    if (day.month, day.day) == (11, 11) or in_black_friday_weekend(day):
        probability *= 1.5      # impulse buys are regretted more often
    return probability


def make_returns(rng, invoice):
    """Return a return invoice for some lines of invoice, or None."""
    customer = invoice.customer
    day = invoice.when.date()
    returned = [line for line in invoice.lines
                if rng.random() < return_probability(line, customer, day)]
    if not returned:
        return None
    delay = rng.choices(range(2, 29), [1.0 / (d ** 0.8)
                                       for d in range(2, 29)])[0]
    return_day = day + dt.timedelta(days=delay)
    while return_day <= LAST_DAY and is_closed(return_day):
        return_day += dt.timedelta(days=1)
    if return_day > LAST_DAY:
        return None
    credit = Invoice(customer, pick_time(rng, return_day), is_return=True)
    for line in returned:
        # Usually everything comes back; sometimes only part of it.
        quantity = line.quantity
        if quantity > 1 and rng.random() < 0.3:
            quantity = rng.randint(1, quantity - 1)
        credit.lines.append(Line(line.product, -quantity, line.unit_price,
                                 line.discount))
    return credit


def create_invoices(rng, products, customers, discounts):
    """Simulate every purchase and return, numbered in time order."""
    season = [[season_factor(p, day) for p in products] for day in DAYS]
    rules = build_pairing_rules(products)
    shop = (products, season, discounts, rules)

    invoices = []
    for customer in customers:
        for day_idx in customer.order_days:
            invoice = Invoice(customer, pick_time(rng, DAYS[day_idx]))
            invoice.lines = build_basket(rng, shop, customer, day_idx)
            invoices.append(invoice)
            credit = make_returns(rng, invoice)
            if credit is not None:
                invoices.append(credit)

    # Invoice numbers come from a single counter in order of time, shared by
    # purchases and returns, just like a till roll.
    invoices.sort(key=lambda inv: (inv.when, inv.customer.customer_id,
                                   inv.is_return))
    for number, invoice in enumerate(invoices, start=100001):
        prefix = "CINV" if invoice.is_return else "INV"
        invoice.number = f"{prefix}-{number}"
    return invoices


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

def format_rate(rate):
    """Write a discount rate as "0", "0.1", "0.15" and so on."""
    if rate == 0:
        return "0"
    return format(rate.normalize(), "f")


def write_csv(path, header, rows):
    """Write rows as UTF-8 CSV with RFC 4180 quoting and \\n line ends."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_files(outdir, products, customers, invoices):
    """Write products.csv, customers.csv and orders.csv into outdir."""
    write_csv(os.path.join(outdir, "products.csv"),
              ["sku", "name_en", "name_zh", "category", "category_zh",
               "description_en", "description_zh", "unit_price",
               "launch_date"],
              ([p.sku, p.name_en, p.name_zh, p.category,
                CATEGORIES[p.category][0], p.description_en,
                p.description_zh, str(p.price), p.launch.isoformat()]
               for p in products))
    write_csv(os.path.join(outdir, "customers.csv"),
              ["customer_id", "name", "email", "city", "country",
               "signup_date", "channel", "birth_year"],
              ([c.customer_id, c.name, c.email, c.city, c.country,
                c.signup.isoformat(), c.channel,
                "" if c.birth_year is None else str(c.birth_year)]
               for c in customers))
    write_csv(os.path.join(outdir, "orders.csv"),
              ["invoice", "invoice_date", "customer_id", "sku", "quantity",
               "unit_price", "discount"],
              ([inv.number, inv.when.strftime("%Y-%m-%d %H:%M"),
                inv.customer.customer_id, line.product.sku,
                str(line.quantity), str(line.unit_price),
                format_rate(line.discount)]
               for inv in invoices for line in inv.lines))


def build_shop():
    """Generate the whole shop in memory.

    Returns (products, customers, invoices); the customers carry their
    hidden archetype, which is handy for checking the data but never
    written out."""
    rng = random.Random(SEED)
    products = build_catalogue(rng)
    discounts = build_discounts(rng, products)

    cumulative_propensity = {}
    for region in ("cn", "intl"):
        weights = [order_propensity(day, region) for day in DAYS]
        cumulative_propensity[region] = cumulative(weights)
        # Bargain hunters mostly shop on days when something is reduced.
        sale = [w * (8.0 if discounts[i] else 0.35)
                for i, w in enumerate(weights)]
        cumulative_propensity[region + "_sale"] = cumulative(sale)

    customers = create_customers(rng, products, cumulative_propensity)
    invoices = create_invoices(rng, products, customers, discounts)
    return products, customers, invoices


def main(argv):
    if len(argv) > 2:
        sys.stderr.write(f"usage: {argv[0]} [OUTDIR]\n")
        return 2
    outdir = argv[1] if len(argv) == 2 else \
        os.path.dirname(os.path.abspath(__file__))
    os.makedirs(outdir, exist_ok=True)
    products, customers, invoices = build_shop()
    write_files(outdir, products, customers, invoices)
    lines = sum(len(inv.lines) for inv in invoices)
    print(f"{len(products)} products, {len(customers)} customers, "
          f"{len(invoices)} invoices, {lines} order lines written to {outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
