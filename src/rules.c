/* Rule lists: evaluate a compiled decision list over the columns of a data
 * frame, first match wins.
 *
 * R (R/rules_compile.R) compiles each rule's condition into a postfix program of
 * instructions (load a column and compare it with constants, test for NA,
 * then combine with NOT / AND / OR) and binds it to the data's columns.  This
 * file holds the .Call entries and the checks of what R sends; the evaluator
 * is in rules_eval.c (map in rules.h). */
#include "rules.h"
#include <string.h>

/* Fields per instruction in the integer code vector. */
#define FIELDS 5

/* .Call entry, run once by R (rule_opcodes()): the opcodes by R name. */
SEXP sds_rule_opcodes(void)
{
#define SDS_OPCODE_COUNT(name, r_name) + 1
    const int n = 0 SDS_RULE_OPCODES(SDS_OPCODE_COUNT);
#undef SDS_OPCODE_COUNT
    SEXP codes = PROTECT(Rf_allocVector(INTSXP, n));
    SEXP names = PROTECT(Rf_allocVector(STRSXP, n));
    int i = 0;
#define SDS_OPCODE_ENTRY(name, r_name) \
    INTEGER(codes)[i] = name; SET_STRING_ELT(names, i, Rf_mkChar(r_name)); i++;
    SDS_RULE_OPCODES(SDS_OPCODE_ENTRY)
#undef SDS_OPCODE_ENTRY
    Rf_setAttrib(codes, R_NamesSymbol, names);
    UNPROTECT(2);
    return codes;
}

/* ---- checking what R sends ----------------------------------------------- */

static int is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char) *s > 127) return 0;
    return 1;
}

/* Check every instruction against the columns and constant pools, and return
 * the largest stack depth.  R builds the program, so a failure here is an
 * internal error, but an out-of-range index must never reach the loops. */
static int check_program(const instruction *code, int n_code, const int *rule_start,
                         int n_rules, const column *columns, int n_columns,
                         R_xlen_t n_numbers, R_xlen_t n_strings)
{
    if (rule_start[0] != 0 || rule_start[n_rules] != n_code)
        Rf_error(_("internal error: invalid rule offsets"));
    int depth = 0;
    for (int r = 0; r < n_rules; r++) {
        if (rule_start[r + 1] <= rule_start[r])
            Rf_error(_("internal error: rule %d has no instruction"), r + 1);
        int top = 0;
        for (int i = rule_start[r]; i < rule_start[r + 1]; i++) {
            const instruction *ins = &code[i];
            int op = ins->op;
            if (op < OP_LT || op > OP_LAST)
                Rf_error(_("internal error: invalid opcode %d"), op);
            if (op == OP_NOT || op == OP_AND || op == OP_OR) {
                int needed = op == OP_NOT ? 1 : 2;
                if (top < needed)
                    Rf_error(_("internal error: rule %d pops an empty stack"), r + 1);
                top -= needed - 1;
                continue;
            }
            top++;
            if (top > depth) depth = top;
            if (op == OP_CONST) continue;
            if (ins->column < 0 || ins->column >= n_columns)
                Rf_error(_("internal error: rule %d reads a column out of range"), r + 1);
            int type = columns[ins->column].type;
            if (op == OP_ISNA) continue;
            if (op == OP_TRUTH) {
                if (type != LGLSXP)
                    Rf_error(_("internal error: rule %d uses a non-logical column as a condition"), r + 1);
                continue;
            }
            R_xlen_t pool = type == STRSXP ? n_strings : n_numbers;
            int wanted_one = op != OP_IN;
            if (ins->first < 0 || ins->length < 0 || (wanted_one && ins->length != 1) ||
                (R_xlen_t) ins->first + ins->length > pool)
                Rf_error(_("internal error: rule %d reads a constant out of range"), r + 1);
            if (type == STRSXP && op != OP_EQ && op != OP_NE && op != OP_IN)
                Rf_error(_("internal error: rule %d orders strings"), r + 1);
        }
        if (top != 1)
            Rf_error(_("internal error: rule %d does not leave one truth value"), r + 1);
    }
    return depth;
}

/* The columns; with check_strings, a table per text column for check_text(). */
static column *read_columns(SEXP columns, R_xlen_t n, int check_strings)
{
    int n_columns = (int) XLENGTH(columns);
    column *cols = (column *) R_alloc((size_t) (n_columns > 0 ? n_columns : 1), sizeof(column));
    for (int j = 0; j < n_columns; j++) {
        SEXP x = VECTOR_ELT(columns, j);
        column c = {.type = TYPEOF(x), .real = NULL, .integer = NULL, .string = NULL,
                    .seen = NULL};
        if (XLENGTH(x) != n)
            Rf_error(_("internal error: column %d has the wrong length"), j + 1);
        switch (c.type) {
        case REALSXP: c.real = REAL_RO(x); break;
        case INTSXP:  c.integer = INTEGER_RO(x); break;
        case LGLSXP:  c.integer = LOGICAL_RO(x); break;
        case STRSXP:
            c.string = STRING_PTR_RO(x);
            if (check_strings) {
                c.seen = (SEXP *) R_alloc((size_t) 1 << SEEN_BITS, sizeof(SEXP));
                for (size_t slot = 0; slot < (size_t) 1 << SEEN_BITS; slot++) c.seen[slot] = NULL;
            }
            break;
        default: Rf_error(_("internal error: unsupported column type"));
        }
        cols[j] = c;
    }
    return cols;
}

static instruction *read_code(SEXP code, int n_code)
{
    instruction *ins = (instruction *) R_alloc((size_t) (n_code > 0 ? n_code : 1), sizeof(instruction));
    const int *raw = INTEGER_RO(code);
    for (int i = 0; i < n_code; i++) {
        const int *f = raw + (size_t) i * FIELDS;
        instruction one = {.op = f[0], .column = f[1], .first = f[2], .length = f[3],
                           .flag = f[4]};
        ins[i] = one;
    }
    return ins;
}

static const int *ascii_flags(SEXP strings)
{
    R_xlen_t n = XLENGTH(strings);
    int *ascii = (int *) R_alloc((size_t) (n > 0 ? n : 1), sizeof(int));
    for (R_xlen_t j = 0; j < n; j++) {
        if (STRING_ELT(strings, j) == NA_STRING)
            Rf_error(_("internal error: a string constant is NA"));
        ascii[j] = is_ascii(CHAR(STRING_ELT(strings, j)));
    }
    return ascii;
}

/* .Call entry.
 *   columns:    list of the data's columns the rules read (double, integer,
 *               factor, logical or character), all of length n_rows;
 *   code:       integer, FIELDS values per instruction (see `instruction`);
 *   rule_start: integer, n_rules + 1 offsets (in instructions) into code;
 *   numbers:    double constants; strings: character constants (UTF-8);
 *   map:        integer, n_rules + 1: the value written for the default
 *               (map[0]) and for each rule;
 *   na_stops:   logical: an NA condition gives NA instead of falling through;
 *   n_rows:     number of rows (needed when no column is read);
 *   unchecked_text: logical: TRUE when R has not checked the character
 *               columns (check_text() then does, as it reads them);
 *   utf8_locale: logical: the session's locale is UTF-8 (l10n_info());
 *   answer_attributes: a named list of attributes for the answer (a factor's
 *               levels and class), set here because R would copy millions
 *               of answers to set them.
 * Returns a list: `answer`, an integer vector of n_rows values taken from map
 * (or NA); `na_passed`, n_rules + 1 counts (double) of the rows that an NA
 * condition let through and that the default (first) or each rule then
 * decided (all 0 with na_stops); `fired`, n_rules + 1 counts (double) of the
 * rows the default (first) and each rule decided.  Returns NULL when a
 * string of an unchecked column needs R's checks. */
SEXP sds_rules_eval(SEXP columns, SEXP code, SEXP rule_start, SEXP numbers,
                    SEXP strings, SEXP map, SEXP na_stops, SEXP n_rows,
                    SEXP unchecked_text, SEXP utf8_locale, SEXP answer_attributes)
{
    if (TYPEOF(columns) != VECSXP || TYPEOF(code) != INTSXP ||
        TYPEOF(rule_start) != INTSXP || TYPEOF(numbers) != REALSXP ||
        TYPEOF(strings) != STRSXP || TYPEOF(map) != INTSXP ||
        TYPEOF(na_stops) != LGLSXP || XLENGTH(na_stops) != 1 ||
        TYPEOF(n_rows) != REALSXP || XLENGTH(n_rows) != 1 ||
        TYPEOF(unchecked_text) != LGLSXP || XLENGTH(unchecked_text) != 1 ||
        TYPEOF(utf8_locale) != LGLSXP || XLENGTH(utf8_locale) != 1 ||
        TYPEOF(answer_attributes) != VECSXP ||
        Rf_xlength(answer_attributes) != Rf_xlength(Rf_getAttrib(answer_attributes, R_NamesSymbol)))
        Rf_error(_("internal error: invalid arguments to the rule evaluator"));
    double rows = REAL(n_rows)[0];
    if (!R_FINITE(rows) || rows < 0)
        Rf_error(_("internal error: invalid number of rows"));
    R_xlen_t n = (R_xlen_t) rows;
    int n_rules = (int) XLENGTH(rule_start) - 1;
    if (n_rules < 0 || XLENGTH(map) != (R_xlen_t) n_rules + 1 || XLENGTH(code) % FIELDS != 0)
        Rf_error(_("internal error: invalid rule program"));

    int n_columns = (int) XLENGTH(columns);
    column *cols = read_columns(columns, n, LOGICAL(unchecked_text)[0] == TRUE);
    int n_code = (int) (XLENGTH(code) / FIELDS);
    instruction *ins = read_code(code, n_code);
    R_xlen_t n_strings = XLENGTH(strings);

    program p;
    p.code = ins;
    p.rule_start = INTEGER_RO(rule_start);
    p.n_rules = n_rules;
    p.columns = cols;
    p.numbers = REAL_RO(numbers);
    p.strings = STRING_PTR_RO(strings);
    p.string_ascii = ascii_flags(strings);
    p.depth = check_program(ins, n_code, p.rule_start, n_rules, cols, n_columns,
                            XLENGTH(numbers), n_strings);
    p.n_columns = n_columns;
    p.utf8_locale = LOGICAL(utf8_locale)[0] == TRUE;

    SEXP result = PROTECT(Rf_allocVector(INTSXP, n));
    SEXP na_passed = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t) n_rules + 1));
    SEXP fired = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t) n_rules + 1));
    memset(REAL(na_passed), 0, ((size_t) n_rules + 1) * sizeof(double));
    memset(REAL(fired), 0, ((size_t) n_rules + 1) * sizeof(double));
    if (!rules_eval_rows(&p, n_code, n, INTEGER_RO(map), LOGICAL(na_stops)[0] == TRUE,
                   INTEGER(result), REAL(na_passed), REAL(fired))) {
        UNPROTECT(3);
        return R_NilValue;
    }
    SEXP names = Rf_getAttrib(answer_attributes, R_NamesSymbol);
    for (R_xlen_t a = 0; a < XLENGTH(answer_attributes); a++)
        Rf_setAttrib(result, Rf_install(CHAR(STRING_ELT(names, a))),
                     VECTOR_ELT(answer_attributes, a));
    const char *parts[] = {"answer", "na_passed", "fired", ""};
    SEXP value = PROTECT(Rf_mkNamed(VECSXP, parts));
    SET_VECTOR_ELT(value, 0, result);
    SET_VECTOR_ELT(value, 1, na_passed);
    SET_VECTOR_ELT(value, 2, fired);
    UNPROTECT(4);
    return value;
}
