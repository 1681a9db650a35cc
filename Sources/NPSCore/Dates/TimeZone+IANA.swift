import Foundation

extension TimeZone {
  /// The zone with this IANA name (`Europe/Paris`, `UTC`, `Etc/GMT-5`); nil for anything else.
  ///
  /// `TimeZone(identifier:)` also takes names that are not IANA's and mean something other
  /// than what people who write them expect:
  /// - `GMT+5` and `UTC+5` are UTC+05:00 to Foundation, but IANA's `Etc/GMT+5` is UTC-05:00;
  /// - ICU's three-letter names: `BST` is Bangladesh, not British Summer Time; `IST` is India.
  ///
  /// Such names are refused here, so a stored zone means the same to every reader. Where the
  /// system keeps the IANA database (`/usr/share/zoneinfo`), the name must be one of its zones.
  public init?(ianaName name: String) {
    guard Self.isIANAName(name), let zone = TimeZone(identifier: name) else { return nil }
    self = zone
  }

  /// Why `init(ianaName:)` refuses a name, for error messages.
  public static let ianaNameHint =
    "an IANA time zone such as Europe/Paris (a fixed offset such as UTC+5 is Etc/GMT-5)"

  private static func isIANAName(_ name: String) -> Bool {
    let bytes = Array(name.utf8)
    guard !bytes.isEmpty, bytes.count <= 64, bytes.first != UInt8(ascii: "/") else {
      return false
    }
    // Letters, digits and `/_+-` only: no `..`, no spaces, no `:` offsets.
    for byte in bytes {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "/"), UInt8(ascii: "_"),
        UInt8(ascii: "+"), UInt8(ascii: "-"):
        continue
      default:
        return false
      }
    }
    if name.split(separator: "/", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
      return false
    }
    // Foundation's offset forms (`GMT+5`, `UTC-0330`); IANA writes them under `Etc/` (its
    // `GMT+0` and `GMT-0` are UTC).
    for prefix in ["GMT", "UTC"] where name.hasPrefix(prefix) {
      let rest = name.dropFirst(prefix.count)
      if (rest.first == "+" || rest.first == "-") && rest.dropFirst() != "0" { return false }
    }
    guard let zoneinfo = zoneDatabase else { return true }
    var isFolder: ObjCBool = false
    let exists = FileManager.default.fileExists(
      atPath: zoneinfo + "/" + name, isDirectory: &isFolder)
    return exists && !isFolder.boolValue
  }

  /// The system's IANA zone database, if it has one.
  private static let zoneDatabase: String? = {
    var isFolder: ObjCBool = false
    let path = "/usr/share/zoneinfo"
    let found = FileManager.default.fileExists(atPath: path + "/UTC", isDirectory: &isFolder)
    return found && !isFolder.boolValue ? path : nil
  }()
}
