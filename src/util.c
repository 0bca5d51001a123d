/* Helpers shared by several capabilities: sorting doubles. */
#include "sdsante.h"
#include <string.h>

#define DIGIT_BITS 11
#define N_BUCKETS (1 << DIGIT_BITS)
#define N_DIGITS ((64 + DIGIT_BITS - 1) / DIGIT_BITS)
#define DIGIT(key, d) ((int) (((key) >> ((d) * DIGIT_BITS)) & (N_BUCKETS - 1)))

/* Stable ascending sort of `key`, carrying `payload` along (or not, when it
 * is NULL): a least significant digit radix sort on 11-bit digits, i.e. six
 * linear passes instead of n log n comparisons.  All the digit histograms are
 * taken in one read of the keys, and a digit that is the same for every key
 * costs no pass.  Small buckets (2^11) keep the scattered writes
 * cache-friendly. */
void sds_radix_sort(uint64_t *key, uint64_t *payload, R_xlen_t n)
{
    if (n <= 1) return;
    R_xlen_t *count = (R_xlen_t *) R_alloc((size_t) N_DIGITS * N_BUCKETS, sizeof(R_xlen_t));
    memset(count, 0, (size_t) N_DIGITS * N_BUCKETS * sizeof(R_xlen_t));
    /* Every loop over the keys runs in blocks of 2^20 with an interrupt check
     * between blocks, so that Ctrl-C works on long vectors at no cost per key. */
    for (R_xlen_t block = 0; block < n; block += SDS_BLOCK) {
        R_xlen_t end = block + SDS_BLOCK < n ? block + SDS_BLOCK : n;
        for (R_xlen_t i = block; i < end; i++)
            for (int d = 0; d < N_DIGITS; d++)
                count[d * N_BUCKETS + DIGIT(key[i], d)]++;
        R_CheckUserInterrupt();
    }

    uint64_t *key_from = key, *payload_from = payload;
    uint64_t *key_to = (uint64_t *) R_alloc((size_t) n, sizeof(uint64_t));
    uint64_t *payload_to = payload ? (uint64_t *) R_alloc((size_t) n, sizeof(uint64_t)) : NULL;
    for (int d = 0; d < N_DIGITS; d++) {
        R_xlen_t *c = count + d * N_BUCKETS;
        if (c[DIGIT(key_from[0], d)] == n) continue;   /* one bucket: already in order */
        R_xlen_t start = 0;
        for (int b = 0; b < N_BUCKETS; b++) {
            R_xlen_t size = c[b];
            c[b] = start;
            start += size;
        }
        for (R_xlen_t block = 0; block < n; block += SDS_BLOCK) {
            R_xlen_t end = block + SDS_BLOCK < n ? block + SDS_BLOCK : n;
            if (payload) {
                for (R_xlen_t i = block; i < end; i++) {
                    R_xlen_t dest = c[DIGIT(key_from[i], d)]++;
                    key_to[dest] = key_from[i];
                    payload_to[dest] = payload_from[i];
                }
            } else {
                for (R_xlen_t i = block; i < end; i++)
                    key_to[c[DIGIT(key_from[i], d)]++] = key_from[i];
            }
            R_CheckUserInterrupt();
        }
        if (payload) {
            uint64_t *swap = payload_from; payload_from = payload_to; payload_to = swap;
        }
        uint64_t *swap = key_from; key_from = key_to; key_to = swap;
    }
    /* After an odd number of passes the result sits in the scratch buffers. */
    if (key_from != key) {
        memcpy(key, key_from, (size_t) n * sizeof(uint64_t));
        if (payload) memcpy(payload, payload_from, (size_t) n * sizeof(uint64_t));
    }
}

/* Stable ascending order of x (0-based indices into `order`); x has no NaN. */
void sds_order_doubles(const double *x, R_xlen_t n, R_xlen_t *order)
{
    if (n <= 0) return;
    uint64_t *key = (uint64_t *) R_alloc((size_t) n, sizeof(uint64_t));
    uint64_t *index = (uint64_t *) R_alloc((size_t) n, sizeof(uint64_t));
    for (R_xlen_t i = 0; i < n; i++) {
        key[i] = sds_double_key(x[i]);
        index[i] = (uint64_t) i;
    }
    sds_radix_sort(key, index, n);
    for (R_xlen_t i = 0; i < n; i++) order[i] = (R_xlen_t) index[i];
}
