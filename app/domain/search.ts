// Search text for Chinese and Latin listings: CJK runs become single characters plus bigrams, Latin words are
// lowercased. A query is tokenised the same way, so "核" finds 核桃 (unigram) and "核桃仁" finds listings holding
// both bigrams 核桃 and 桃仁. Pure, so the index writer and the query builder can never disagree.

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const SEGMENT = /[\u3400-\u9fff\uf900-\ufaff]+|[\p{L}\p{N}]+/gu;

/** Normalise what a person typed: full-width to half-width, trimmed, at most 50 characters. */
export function normaliseQuery(input: string): string {
  return input
    .replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, " ")
    .trim()
    .slice(0, 50);
}

/** Index tokens of a text: every CJK character, every CJK bigram, every Latin/number word. */
export function indexTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const segment of normaliseQuery(text).match(SEGMENT) ?? []) {
    if (CJK.test(segment[0])) {
      const chars = [...segment];
      tokens.push(...chars);
      for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i] + chars[i + 1]);
    } else tokens.push(segment.toLowerCase());
  }
  return tokens;
}

/** Query tokens: a CJK run of one character is that character, longer runs are their bigrams; words as words. */
export function queryTokens(query: string): string[] {
  const tokens: string[] = [];
  for (const segment of normaliseQuery(query).match(SEGMENT) ?? []) {
    if (CJK.test(segment[0])) {
      const chars = [...segment];
      if (chars.length === 1) tokens.push(chars[0]);
      for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i] + chars[i + 1]);
    } else tokens.push(segment.toLowerCase());
  }
  return [...new Set(tokens)];
}

/** The query's terms, all required: each token, and whether it also matches as a prefix (Latin words: "hon" → honey). */
export function queryTerms(query: string): Array<{ token: string; prefix: boolean }> {
  return queryTokens(query).map((token) => ({ token, prefix: !CJK.test(token[0]) }));
}

/**
 * An FTS5 MATCH expression requiring every query term. Tokens are quoted, so nothing a person types can become FTS5
 * syntax. Null when there is nothing to search.
 */
export function matchExpression(query: string): string | null {
  const terms = queryTerms(query);
  if (!terms.length) return null;
  return terms.map((t) => `"${t.token.replace(/"/g, '""')}"${t.prefix ? "*" : ""}`).join(" AND ");
}

/**
 * The same terms as a PostgreSQL tsquery over the same tokens (docs/decisions/0196-postgres-search.md): quoted
 * lexemes joined by &, prefixes as `:*`, so nothing typed becomes tsquery syntax. Null when there is nothing to search.
 */
export function tsQueryExpression(terms: Array<{ token: string; prefix: boolean }>): string | null {
  if (!terms.length) return null;
  return terms.map((t) => `'${t.token.replace(/\\/g, "\\\\").replace(/'/g, "''")}'${t.prefix ? ":*" : ""}`).join(" & ");
}
