// SPDX-License-Identifier: GPL-2.0
/*
 * The blkrep.conf lexer.  It knows nothing of the grammar: it cuts the text
 * into tokens and counts lines, so every message can name one.
 */
#include <stdlib.h>
#include <string.h>

#include "lexer.h"

void br_lex_init(struct br_lexer *lx, const char *file, const char *text,
		 size_t len)
{
	lx->file = file;
	lx->p = text;
	lx->end = text + len;
	lx->line = 1;
}

void br_token_free(struct br_token *t)
{
	free(t->text);
	t->text = NULL;
}

static int is_word_char(char c)
{
	return c > ' ' && c != 0x7f && !strchr(";{}\"#", c);
}

static void skip_blanks_and_comments(struct br_lexer *lx)
{
	while (lx->p < lx->end) {
		char c = *lx->p;

		if (c == '\n') {
			lx->line++;
			lx->p++;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
			lx->p++;
		} else if (c == '#') {
			while (lx->p < lx->end && *lx->p != '\n')
				lx->p++;
		} else {
			return;
		}
	}
}

static enum br_tok set_token(struct br_token *t, enum br_tok type,
			     const char *text, size_t len)
{
	t->type = type;
	t->text = strndup(text, len);
	if (!t->text)
		abort();
	return type;
}

/* A double-quoted string: \" and \\ are escapes, no newlines inside. */
static enum br_tok lex_string(struct br_lexer *lx, struct br_token *t)
{
	const char *start = lx->p++;
	char *out = malloc(lx->end - start + 1);
	size_t n = 0;

	if (!out)
		abort();
	while (lx->p < lx->end && *lx->p != '"' && *lx->p != '\n') {
		if (*lx->p == '\\' && lx->p + 1 < lx->end &&
		    (lx->p[1] == '"' || lx->p[1] == '\\'))
			lx->p++;
		out[n++] = *lx->p++;
	}
	out[n] = '\0';
	if (lx->p >= lx->end || *lx->p != '"') {
		free(out);
		return set_token(t, BR_T_ERROR, start,
				 (size_t)(lx->p - start));
	}
	lx->p++;
	t->type = BR_T_STRING;
	t->text = out;
	return BR_T_STRING;
}

enum br_tok br_lex_next(struct br_lexer *lx, struct br_token *t)
{
	const char *start;

	br_token_free(t);
	skip_blanks_and_comments(lx);
	t->line = lx->line;
	if (lx->p >= lx->end)
		return set_token(t, BR_T_EOF, "end of file", 11);
	switch (*lx->p) {
	case '{':
		return set_token(t, BR_T_LBRACE, lx->p++, 1);
	case '}':
		return set_token(t, BR_T_RBRACE, lx->p++, 1);
	case ';':
		return set_token(t, BR_T_SEMI, lx->p++, 1);
	case '"':
		return lex_string(lx, t);
	}
	start = lx->p;
	while (lx->p < lx->end && is_word_char(*lx->p))
		lx->p++;
	if (lx->p == start) {	/* a control character or NUL */
		lx->p++;
		return set_token(t, BR_T_ERROR, start, 1);
	}
	return set_token(t, BR_T_WORD, start, (size_t)(lx->p - start));
}
