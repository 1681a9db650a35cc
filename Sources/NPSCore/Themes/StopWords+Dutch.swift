extension StopWords {
  /// Dutch function words, after the Snowball list. Negations ("niet", "geen", "nooit",
  /// "niets", "zonder") are kept as terms.
  public static let dutch: Set<String> = [
    "aan", "al", "alles", "als", "altijd", "andere", "ben", "bij", "daar", "dan", "dat", "de",
    "der", "deze", "die", "dit", "doch", "doen", "door", "dus", "een", "eens", "en", "er",
    "ge", "had", "heb", "hebben", "heeft", "hem", "het", "hier", "hij", "hoe", "hun", "iemand",
    "ik", "in", "is", "ja", "je", "kan", "kon", "kunnen", "maar", "me", "meer", "men", "met",
    "mij", "mijn", "moet", "na", "naar", "nog", "nu", "of", "om", "omdat", "ons", "onze", "ook",
    "op", "over", "reeds", "te", "tegen", "toch", "toen", "tot", "u", "uit", "uw", "van", "veel",
    "voor", "want", "waren", "was", "wat", "we", "wel", "werd", "wezen", "wie", "wij", "wil",
    "worden", "wordt", "zal", "ze", "zei", "zelf", "zich", "zij", "zijn", "zo", "zou", "erg",
  ]
}
