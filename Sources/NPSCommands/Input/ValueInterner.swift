/// Gives each distinct text value a small integer id, looking values up by their bytes so the
/// common case (a value seen before) allocates nothing.
struct ValueInterner {
  private(set) var values: [String] = []
  private var buckets: [Int: [(bytes: [UInt8], id: Int)]] = [:]

  /// The id of the value made of `bytes`, assigning the next id to a new value.
  mutating func id(of bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    let key = Int(truncatingIfNeeded: hash)
    if let entries = buckets[key] {
      for entry in entries where entry.bytes.elementsEqual(bytes) { return entry.id }
    }
    let id = values.count
    values.append(String(decoding: bytes, as: UTF8.self))
    buckets[key, default: []].append((Array(bytes), id))
    return id
  }
}
