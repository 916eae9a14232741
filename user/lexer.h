/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tokens of blkrep.conf: words, "strings" (with \" and \\ escapes),
 * { } and ;.  A # starts a comment that runs to the end of the line.
 */
#ifndef BLKREP_LEXER_H
#define BLKREP_LEXER_H

enum br_tok {
	BR_T_EOF,
	BR_T_WORD,
	BR_T_STRING,
	BR_T_LBRACE,
	BR_T_RBRACE,
	BR_T_SEMI,
	BR_T_ERROR,	/* text is the message, line where it happened */
};

struct br_token {
	enum br_tok type;
	int line;
	char *text;	/* malloc'ed, also for punctuation and EOF */
};

struct br_lexer {
	const char *file;
	const char *p, *end;
	int line;
};

void br_lex_init(struct br_lexer *lx, const char *file, const char *text,
		 size_t len);
/* Read the next token into @t (freeing what @t held).  Returns t->type. */
enum br_tok br_lex_next(struct br_lexer *lx, struct br_token *t);
void br_token_free(struct br_token *t);

#endif /* BLKREP_LEXER_H */
