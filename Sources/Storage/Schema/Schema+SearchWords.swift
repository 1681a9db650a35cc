extension Schema {
  /// Migration 8: PostgreSQL splits comments into words as SQLite's FTS5 `unicode61` tokenizer
  /// does (`comment_search` keeps its defaults: every character that is not a letter or digit
  /// separates words, case folded, diacritics removed from Latin letters), so a search finds
  /// the same comments on both stores. PostgreSQL's default parser kept `UI/UX`,
  /// `edit/templates`, `e.g` and `miro.com` as one token each (a file path, a host), so `ux`,
  /// `templates`, `e` and `miro` missed them.
  ///
  /// `nps_search_text(text)` writes a text as its words separated by spaces: diacritics off
  /// the letters A–Z carrying one (`café` → `cafe`, as `remove_diacritics=1`: `ǖ` and `ệ`,
  /// with two, stay), lower case, final sigma as sigma, every run of characters that are not
  /// letters or digits a space. Letters and digits are ICU's (collation `und-x-icu`), whatever
  /// the database's locale (under `C` they would be ASCII only). `comment_tsv` is made again
  /// from it (a generated column's expression cannot change: the column is dropped and added,
  /// which rewrites the table), and with it `responses_search`, the index of migration 7 over
  /// that column; a search's words go through the same function (`SQLStore.searchSelect`).
  ///
  /// SQLite is unchanged (an empty step, recorded like the others).
  static let searchWordMigrations: [Migration] = [
    Migration(version: 8, name: "search words as FTS5 splits them") { dialect in
      switch dialect {
      case .sqlite: ""
      case .postgres: postgresSearchWords
      }
    }
  ]

  static let postgresSearchWords = #"""
    CREATE FUNCTION nps_search_text(t TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
      SELECT translate(lower(regexp_replace(
        CASE WHEN t ~ '[^\x01-\x7f]' THEN normalize(regexp_replace(normalize(t, NFD),
          '([A-Za-z])[\u0300-\u036f](?![\u0300-\u036f])', '\1', 'g'), NFC) ELSE t END
          COLLATE "und-x-icu",
        '[^[:alnum:]]+', ' ', 'g')), 'ς', 'σ')
    $$;
    ALTER TABLE responses DROP COLUMN comment_tsv;
    ALTER TABLE responses ADD COLUMN comment_tsv tsvector
      GENERATED ALWAYS AS (to_tsvector('simple', nps_search_text(coalesce(comment, '')))) STORED;
    CREATE INDEX responses_search ON responses
      USING GIN ((comment_tsv || nps_search_facets(survey_id, score, properties)))
      WHERE comment IS NOT NULL AND comment <> '';
    ANALYZE responses;

    """#
}
