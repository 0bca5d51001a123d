/* Helpers shared by several capabilities. */
#include "sdsante.h"
#include <string.h>

/* Map a double to an unsigned key whose unsigned order is the numeric order:
 * flip every bit of negatives, only the sign bit of positives.  -0 and +0 are
 * merged first so that they tie, as they compare equal.  NaN never gets here. */
static uint64_t sortable_key(double x)
{
    uint64_t u;
    if (x == 0.0) x = 0.0;
    memcpy(&u, &x, sizeof u);
    return (u & UINT64_C(0x8000000000000000)) ? ~u : (u | UINT64_C(0x8000000000000000));
}

#define RADIX_BITS 16
#define RADIX_SIZE (1 << RADIX_BITS)

/* Stable ascending order of x (0-based indices into `order`), by a least
 * significant digit radix sort on 16-bit digits: four linear passes instead of
 * n log n comparisons, which is what makes sorting 1e6 scores cheap.  A pass
 * whose digit is the same for every key is skipped. */
void sds_order_doubles(const double *x, R_xlen_t n, R_xlen_t *order)
{
    if (n <= 0) return;
    uint64_t *key = (uint64_t *) R_alloc((size_t) n, sizeof(uint64_t));
    uint64_t *key_next = (uint64_t *) R_alloc((size_t) n, sizeof(uint64_t));
    R_xlen_t *idx = order;
    R_xlen_t *idx_next = (R_xlen_t *) R_alloc((size_t) n, sizeof(R_xlen_t));
    R_xlen_t *count = (R_xlen_t *) R_alloc(RADIX_SIZE, sizeof(R_xlen_t));

    for (R_xlen_t i = 0; i < n; i++) {
        key[i] = sortable_key(x[i]);
        idx[i] = i;
    }
    for (int shift = 0; shift < 64; shift += RADIX_BITS) {
        memset(count, 0, RADIX_SIZE * sizeof(R_xlen_t));
        for (R_xlen_t i = 0; i < n; i++)
            count[(key[i] >> shift) & (RADIX_SIZE - 1)]++;
        if (count[(key[0] >> shift) & (RADIX_SIZE - 1)] == n)
            continue;
        R_xlen_t start = 0;
        for (int d = 0; d < RADIX_SIZE; d++) {
            R_xlen_t c = count[d];
            count[d] = start;
            start += c;
        }
        for (R_xlen_t i = 0; i < n; i++) {
            R_xlen_t dest = count[(key[i] >> shift) & (RADIX_SIZE - 1)]++;
            key_next[dest] = key[i];
            idx_next[dest] = idx[i];
        }
        uint64_t *k = key; key = key_next; key_next = k;
        R_xlen_t *o = idx; idx = idx_next; idx_next = o;
    }
    /* After an odd number of passes the answer sits in the scratch buffer. */
    if (idx != order)
        memcpy(order, idx, (size_t) n * sizeof(R_xlen_t));
}
