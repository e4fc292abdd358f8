-- Full-text search over listings. Chinese has no spaces, and FTS5's trigram tokenizer cannot match queries of one
-- or two characters (核桃, 木耳), so the application writes each CJK run as its single characters plus its
-- bigrams, and Latin text as lowercase words; the unicode61 tokenizer then indexes those tokens
-- (docs/decisions/0010-catalog-search.md). rowid = Product.id.
CREATE VIRTUAL TABLE "ProductSearch" USING fts5("title", "body", tokenize = 'unicode61 remove_diacritics 2');
