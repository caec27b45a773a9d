/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

void *seg_large_alloc (size_t bytes);

#ifdef __cplusplus
}
#endif
