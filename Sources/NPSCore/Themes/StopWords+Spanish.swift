extension StopWords {
  /// Spanish function words, after the Snowball list. Negations ("no", "nunca", "nada",
  /// "sin", "ni") are kept as terms.
  public static let spanish: Set<String> = [
    "a", "al", "algo", "algunas", "algunos", "ante", "antes", "como", "con", "contra", "cual",
    "cuando", "de", "del", "desde", "donde", "durante", "e", "el", "ella", "ellas", "ellos",
    "en", "entre", "era", "es", "esa", "esas", "ese", "eso", "esos", "esta", "está", "estaba",
    "estado", "están", "estar", "estas", "este", "esto", "estos", "fue", "ha", "había",
    "han", "hasta", "hay", "la", "las", "le", "les", "lo", "los", "más", "me", "mi", "mis",
    "mucho", "muy", "nos", "nosotros", "o", "os", "otra", "otro", "para", "pero", "poco",
    "por", "porque", "que", "qué", "se", "sea", "ser", "si", "sí", "sido", "sobre", "son", "su",
    "sus", "también", "te", "tengo", "tiene", "todo", "todos", "tu", "tus", "un", "una", "uno",
    "unos", "vosotros", "y", "ya", "yo",
  ]
}
