extension StopWords {
  /// French function words, after the Snowball list. Negations ("ne", "pas", "jamais",
  /// "rien", "sans", "aucun") are kept as terms. Elided articles and pronouns (`l'`, `d'`,
  /// `qu'`) are split off by the tokenizer and dropped.
  public static let french: Set<String> = [
    "au", "aux", "avec", "ce", "ces", "cet", "cette", "dans", "de", "des", "du", "elle",
    "elles", "en", "est", "et", "été", "étaient", "était", "être", "eu", "il", "ils", "je",
    "la", "le", "les", "leur", "leurs", "lui", "ma", "mais", "me", "même", "mes", "moi", "mon",
    "nos", "notre", "nous", "on", "ont", "ou", "où", "par", "pour", "qu", "que", "qui", "sa",
    "se", "ses", "son", "sont", "sur", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos",
    "votre", "vous", "ai", "as", "avait", "avez", "avons", "c", "ça", "cela", "comme", "d",
    "donc", "j", "l", "m", "n", "s", "t", "y", "fait", "faire", "peu", "plus", "aussi", "alors",
    "tout", "tous", "toute", "toutes", "très", "bien", "encore", "quand", "car", "si",
  ]
}
