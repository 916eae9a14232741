/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few kernel types and helpers that the shared pure-logic files
 * (kernel/md_format.c, ...) use, for building them on the host.
 */
#ifndef BLKREP_HOST_KERNEL_TYPES_H
#define BLKREP_HOST_KERNEL_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <assert.h>
#include <endian.h>
#include <linux/types.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#define cpu_to_le32(x) ((__le32)htole32(x))
#define cpu_to_le64(x) ((__le64)htole64(x))
#define le32_to_cpu(x) le32toh((uint32_t)(x))
#define le64_to_cpu(x) le64toh((uint64_t)(x))

#endif
