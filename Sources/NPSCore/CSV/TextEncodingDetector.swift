/// Detects the encoding of a byte stream and turns it into UTF-8, chunk by chunk.
///
/// - A UTF-8 byte order mark is removed; UTF-16 (LE or BE) is recognised by its byte order mark
///   (or, without one, by a NUL in the first two bytes) and transcoded.
/// - Otherwise the text is UTF-8 if its first non-ASCII sequence is valid UTF-8. If that first
///   non-ASCII byte is not valid UTF-8, the whole file is read as Windows-1252 (everything before
///   it was ASCII, which both encodings share, so nothing already passed on changes).
/// - In a file already known to be UTF-8, a stray invalid byte is read as Windows-1252 and
///   counted in `invalidUTF8Bytes`.
///
/// UTF-8 input is passed through without copying; only transcoded text uses a scratch buffer.
public struct TextEncodingDetector {
  enum Phase {
    case start
    case utf8(decided: Bool)
    case windows1252
    case utf16(bigEndian: Bool)
  }

  var phase = Phase.start
  var pending: [UInt8] = []
  var output: [UInt8] = []
  var highSurrogate: UInt32?

  /// True when the input began with a byte order mark (which is not passed on).
  public private(set) var hadByteOrderMark = false
  /// Bytes of a UTF-8 file that were not valid UTF-8 and were read as Windows-1252.
  public private(set) var invalidUTF8Bytes = 0

  public init() {}

  /// A detector for a later part of a text already read as `encoding` (UTF-8 or Windows-1252);
  /// `sawNonASCII` says whether the earlier part held any non-ASCII UTF-8.
  init(continuing encoding: TextEncoding, sawNonASCII: Bool) {
    switch encoding {
    case .windows1252: phase = .windows1252
    case .utf16LittleEndian: phase = .utf16(bigEndian: false)
    case .utf16BigEndian: phase = .utf16(bigEndian: true)
    case .utf8: phase = .utf8(decided: sawNonASCII)
    }
  }

  /// True once a valid non-ASCII UTF-8 sequence has been seen (or a UTF-8 byte order mark).
  var sawNonASCII: Bool {
    if case .utf8(let decided) = phase { decided } else { false }
  }

  /// True when no partial character is held between chunks.
  var isAtCharacterBoundary: Bool { pending.isEmpty && highSurrogate == nil }

  /// The encoding in use; UTF-8 until the input shows otherwise.
  public var encoding: TextEncoding {
    switch phase {
    case .start, .utf8: .utf8
    case .windows1252: .windows1252
    case .utf16(let bigEndian): bigEndian ? .utf16BigEndian : .utf16LittleEndian
    }
  }

  /// Decodes `input`, passing UTF-8 to `sink` (possibly in several pieces, possibly none).
  /// Call once more with `final: true` (and any, even empty, input) at the end.
  public mutating func decode(
    _ input: UnsafeRawBufferPointer, final: Bool,
    _ sink: (UnsafeRawBufferPointer) throws -> Void
  ) rethrows {
    if pending.isEmpty {
      try process(input, final: final, sink)
    } else {
      var combined = pending
      pending = []
      combined.append(contentsOf: input)
      try combined.withUnsafeBytes { try process($0, final: final, sink) }
    }
  }

  private mutating func process(
    _ bytes: UnsafeRawBufferPointer, final: Bool,
    _ sink: (UnsafeRawBufferPointer) throws -> Void
  ) rethrows {
    var bytes = bytes
    if case .start = phase {
      if bytes.count < 3 && !final {
        pending.append(contentsOf: bytes)
        return
      }
      let skip = sniff(bytes)
      bytes = UnsafeRawBufferPointer(rebasing: bytes[skip...])
    }
    switch phase {
    case .start: break
    case .utf8(let decided): try passUTF8(bytes, decided: decided, final: final, sink)
    case .windows1252: try transcodeWindows1252(bytes, sink)
    case .utf16(let bigEndian): try transcodeUTF16(bytes, bigEndian: bigEndian, final: final, sink)
    }
  }

  /// Chooses the phase from the first bytes; returns how many bytes of byte order mark to skip.
  private mutating func sniff(_ bytes: UnsafeRawBufferPointer) -> Int {
    let first = bytes.count > 0 ? bytes[0] : nil
    let second = bytes.count > 1 ? bytes[1] : nil
    if bytes.count >= 3, first == 0xEF, second == 0xBB, bytes[2] == 0xBF {
      phase = .utf8(decided: true)
      hadByteOrderMark = true
      return 3
    }
    if first == 0xFF, second == 0xFE {
      phase = .utf16(bigEndian: false)
      hadByteOrderMark = true
      return 2
    }
    if first == 0xFE, second == 0xFF {
      phase = .utf16(bigEndian: true)
      hadByteOrderMark = true
      return 2
    }
    if let first, let second, first != 0, first < 0x80, second == 0 {
      phase = .utf16(bigEndian: false)
    } else if let first, let second, first == 0, second != 0, second < 0x80 {
      phase = .utf16(bigEndian: true)
    } else {
      phase = .utf8(decided: false)
    }
    return 0
  }

  private mutating func passUTF8(
    _ bytes: UnsafeRawBufferPointer, decided: Bool, final: Bool,
    _ sink: (UnsafeRawBufferPointer) throws -> Void
  ) rethrows {
    var decided = decided
    let count = bytes.count
    guard count > 0, let base = bytes.baseAddress else { return }
    let pointer = base.assumingMemoryBound(to: UInt8.self)
    var index = 0
    var emitFrom = 0
    while index < count {
      while index + 8 <= count,
        base.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
      {
        index += 8
      }
      if index >= count { break }
      if pointer[index] < 0x80 {
        index += 1
        continue
      }
      let length = Self.utf8SequenceLength(pointer, at: index, count: count)
      if length > 0 {
        decided = true
        index += length
        continue
      }
      if length == 0 && !final {
        // A sequence cut by the chunk boundary: keep it for the next chunk.
        try sink(UnsafeRawBufferPointer(start: base + emitFrom, count: index - emitFrom))
        pending.append(
          contentsOf: UnsafeRawBufferPointer(start: base + index, count: count - index))
        phase = .utf8(decided: decided)
        return
      }
      try sink(UnsafeRawBufferPointer(start: base + emitFrom, count: index - emitFrom))
      if !decided {
        phase = .windows1252
        try transcodeWindows1252(
          UnsafeRawBufferPointer(start: base + index, count: count - index), sink)
        return
      }
      invalidUTF8Bytes += 1
      output.removeAll(keepingCapacity: true)
      output.appendWindows1252(pointer[index])
      try output.withUnsafeBytes { try sink($0) }
      index += 1
      emitFrom = index
    }
    phase = .utf8(decided: decided)
    if emitFrom < count {
      try sink(UnsafeRawBufferPointer(start: base + emitFrom, count: count - emitFrom))
    }
  }

  /// The length of the valid UTF-8 sequence at `index`; 0 if cut short by `count`; -1 if invalid.
  static func utf8SequenceLength(_ bytes: UnsafePointer<UInt8>, at index: Int, count: Int) -> Int {
    var need: Int
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    switch bytes[index] {
    case 0xC2...0xDF: need = 1
    case 0xE0:
      need = 2
      low = 0xA0
    case 0xE1...0xEC, 0xEE, 0xEF: need = 2
    case 0xED:
      need = 2
      high = 0x9F
    case 0xF0:
      need = 3
      low = 0x90
    case 0xF1...0xF3: need = 3
    case 0xF4:
      need = 3
      high = 0x8F
    default: return -1
    }
    for offset in 1...need {
      if index + offset >= count { return 0 }
      let byte = bytes[index + offset]
      if byte < low || byte > high { return -1 }
      low = 0x80
      high = 0xBF
    }
    return need + 1
  }

  private mutating func transcodeWindows1252(
    _ bytes: UnsafeRawBufferPointer, _ sink: (UnsafeRawBufferPointer) throws -> Void
  ) rethrows {
    output.removeAll(keepingCapacity: true)
    output.reserveCapacity(bytes.count * 2)
    for byte in bytes { output.appendWindows1252(byte) }
    try output.withUnsafeBytes { try sink($0) }
  }

  private mutating func transcodeUTF16(
    _ bytes: UnsafeRawBufferPointer, bigEndian: Bool, final: Bool,
    _ sink: (UnsafeRawBufferPointer) throws -> Void
  ) rethrows {
    output.removeAll(keepingCapacity: true)
    output.reserveCapacity(bytes.count * 2)
    var index = 0
    while index + 1 < bytes.count {
      let unit =
        bigEndian
        ? UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1])
        : UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index])
      index += 2
      if let high = highSurrogate {
        highSurrogate = nil
        if (0xDC00...0xDFFF).contains(unit) {
          output.appendUTF8(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00))
          continue
        }
        output.appendUTF8(0xFFFD)
      }
      switch unit {
      case 0xD800...0xDBFF: highSurrogate = unit
      case 0xDC00...0xDFFF: output.appendUTF8(0xFFFD)
      default: output.appendUTF8(unit)
      }
    }
    if index < bytes.count {
      if final { output.appendUTF8(0xFFFD) } else { pending.append(bytes[index]) }
    }
    if final, highSurrogate != nil {
      highSurrogate = nil
      output.appendUTF8(0xFFFD)
    }
    try output.withUnsafeBytes { try sink($0) }
  }
}
