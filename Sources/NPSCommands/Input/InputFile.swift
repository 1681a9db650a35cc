import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A file (or standard input for `-`) read in fixed-size chunks into one reused buffer, so
/// memory stays flat however long the file.
final class InputFile {
  let path: String
  private let descriptor: Int32
  private let ownsDescriptor: Bool
  private var buffer: UnsafeMutableRawBufferPointer

  /// Opens `path`; `-` is standard input. Throws exit status 66 when it cannot be read.
  init(path: String, chunkSize: Int = 1 << 20) throws(CommandError) {
    self.path = path
    if path == "-" {
      descriptor = 0
      ownsDescriptor = false
    } else {
      var status = stat()
      if stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
        throw CommandError(.noInput, "\(path) is a folder, not a file")
      }
      descriptor = open(path, O_RDONLY | O_CLOEXEC)
      guard descriptor >= 0 else {
        throw CommandError(.noInput, "cannot open \(path): \(String(cString: strerror(errno)))")
      }
      ownsDescriptor = true
    }
    buffer = .allocate(byteCount: chunkSize, alignment: 16)
  }

  deinit {
    if ownsDescriptor { close(descriptor) }
    buffer.deallocate()
  }

  /// The file's size in bytes when it is a regular file (nil for standard input and pipes).
  var regularFileSize: Int? {
    var status = stat()
    guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
    return Int(status.st_size)
  }

  /// Calls `body` with each chunk of the bytes in `range` (read with `pread`, so the file
  /// position is untouched).
  func forEachChunk(in range: Range<Int>, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
    var offset = range.lowerBound
    while offset < range.upperBound {
      let wanted = min(buffer.count, range.upperBound - offset)
      let count = pread(descriptor, buffer.baseAddress, wanted, off_t(offset))
      if count < 0 {
        if errno == EINTR { continue }
        throw CommandError(.ioError, "cannot read \(path): \(String(cString: strerror(errno)))")
      }
      if count == 0 { return }
      try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
      offset += count
    }
  }

  /// Calls `body` with each chunk until the end of the file.
  func forEachChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
    while true {
      let count = read(descriptor, buffer.baseAddress, buffer.count)
      if count < 0 {
        if errno == EINTR { continue }
        throw CommandError(.ioError, "cannot read \(path): \(String(cString: strerror(errno)))")
      }
      if count == 0 { return }
      try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
    }
  }
}
