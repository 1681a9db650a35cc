extension StopWords {
  /// German function words (articles, pronouns, auxiliaries, prepositions, conjunctions), after
  /// the Snowball list. Negations ("nicht", "kein", "nie", "ohne") are kept as terms.
  public static let german: Set<String> = [
    "aber", "alle", "allem", "allen", "aller", "alles", "als", "also", "am", "an", "ander",
    "andere", "anderem", "anderen", "anderer", "anderes", "auch", "auf", "aus", "bei", "bin",
    "bis", "bist", "da", "damit", "dann", "das", "dass", "dasselbe", "dazu", "dein", "deine",
    "deinem", "deinen", "deiner", "dem", "den", "denn", "der", "derselbe", "des", "dich", "die",
    "dies", "diese", "diesem", "diesen", "dieser", "dieses", "dir", "hat", "war", "wurde", "wurden",
    "doch", "dort", "du", "durch", "ein", "eine", "einem", "einen", "einer", "eines", "einig",
    "einige", "er", "es", "etwas", "euch", "euer", "eure", "für", "gegen", "gewesen", "hab",
    "habe", "haben", "hatte", "hatten", "hier", "hin", "hinter", "ich", "ihm", "ihn", "ihnen",
    "ihr", "ihre", "ihrem", "ihren", "ihrer", "im", "in", "indem", "ins", "ist", "jede", "jedem",
    "jeden", "jeder", "jedes", "jene", "jetzt", "kann", "können", "könnte", "machen", "mein",
    "meine", "meinem", "meinen", "meiner", "mich", "mir", "mit", "muss", "musste", "nach",
    "nun", "nur", "ob", "oder", "schon", "sehr", "sein", "seine", "seinem", "seinen", "seiner",
    "selbst", "sich", "sie", "sind", "so", "solche", "soll", "sollte", "sondern", "sonst",
    "über", "um", "und", "uns", "unser", "unsere", "unter", "viel", "vom", "von", "vor",
    "während", "wann", "waren", "warst", "was", "weil", "weiter", "welche", "welchem",
    "welchen", "welcher", "welches", "wenn", "werde", "werden", "wie", "wieder", "wir", "wird",
    "wo", "wollen", "wollte", "würde", "würden", "zu", "zum", "zur", "zwar", "zwischen",
  ]
}
