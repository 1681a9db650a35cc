import Foundation
import NPSCore

/// Streams a CSV file through the response reader into a `ScoreAccumulator`. A large regular
/// file is read in two halves on two threads; the reader checks that the split fell between two
/// records and the second half is read again in order when it did not.
struct ScoreReading {
  let accumulator: ScoreAccumulator
  let summary: ReadSummary
  let layout: ResponseTableLayout?
  let encoding: TextEncoding
  let segmentName: String?
  let dateFormat: DateFormat?

  var grid: TallyGrid { accumulator.grid }
  var periods: [Period] { accumulator.bucketer?.periods ?? [] }
  var segmentValues: [String] { accumulator.interner.values.map { $0.isEmpty ? "(blank)" : $0 } }
  /// Every valid score, dated or not: what the overall figure counts.
  var total: Tally { accumulator.grid.total + accumulator.undated }
  var undatedScores: Int { accumulator.undated.n }

  /// Files smaller than this are read on one thread.
  static let twoPartThreshold = 32 << 20
  /// How much the first reader reads before the split is planned (enough to read the header).
  static let headStart = 1 << 20

  static func read(_ options: ScoreCommand.Options) throws -> ScoreReading {
    let file = try InputFile(path: options.path)
    let reader = ResponseReader(options: options.reader)
    var accumulator: ScoreAccumulator?
    var summary: ReadSummary?
    do {
      if let size = file.regularFileSize, size >= twoPartThreshold {
        try file.forEachChunk(in: 0..<headStart) { chunk in
          try reader.feed(chunk) { row in
            try accumulate(row, into: &accumulator, reader: reader, options: options)
          }
        }
        if let resumption = reader.resumption, let split = try splitPoint(file, size: size) {
          let second = SecondPart(
            path: options.path, range: split..<size, resumption: resumption, options: options,
            segmentColumn: try prepared(&accumulator, reader: reader, options: options)
              .segmentColumn)
          second.start()
          try file.forEachChunk(in: headStart..<split) { chunk in
            try reader.feed(chunk) { row in
              try accumulate(row, into: &accumulator, reader: reader, options: options)
            }
          }
          let aligned = try reader.drain { row in
            try accumulate(row, into: &accumulator, reader: reader, options: options)
          }
          let result = second.join()
          if aligned {
            let secondAccumulator: ScoreAccumulator
            let secondSummary: ReadSummary
            do {
              (secondAccumulator, secondSummary) = try result.get()
            } catch let error as ResponseReadError {
              // The second part counted its lines from 1: report the line in the file.
              throw error.shiftingLines(by: reader.currentLine - 1)
            }
            accumulator!.merge(secondAccumulator)
            var merged = reader.summary
            merged.add(
              secondSummary, shiftingLinesBy: reader.currentLine - 1,
              keptLineLimit: options.reader.keptLineLimit)
            summary = merged
          } else {
            try file.forEachChunk(in: split..<size) { chunk in
              try reader.feed(chunk) { row in
                try accumulate(row, into: &accumulator, reader: reader, options: options)
              }
            }
            try reader.finish { row in
              try accumulate(row, into: &accumulator, reader: reader, options: options)
            }
          }
        } else {
          try file.forEachChunk(in: headStart..<size) { chunk in
            try reader.feed(chunk) { row in
              try accumulate(row, into: &accumulator, reader: reader, options: options)
            }
          }
          try reader.finish { row in
            try accumulate(row, into: &accumulator, reader: reader, options: options)
          }
        }
      } else {
        try file.forEachChunk { chunk in
          try reader.feed(chunk) { row in
            try accumulate(row, into: &accumulator, reader: reader, options: options)
          }
        }
        try reader.finish { row in
          try accumulate(row, into: &accumulator, reader: reader, options: options)
        }
      }
      if reader.layout != nil {
        _ = try prepared(&accumulator, reader: reader, options: options)
      }
    } catch let error as ResponseReadError {
      let status: ExitCode = error.code == .columnNotFound ? .usage : .dataError
      throw CommandError(status, "\(options.path): \(error)")
    }
    let final = accumulator ?? ScoreAccumulator(options: options, segmentColumn: nil)
    return ScoreReading(
      accumulator: final, summary: summary ?? reader.summary, layout: reader.layout,
      encoding: reader.encoding,
      segmentName: options.segment.flatMap { name in
        final.segmentColumn.map { reader.layout?.columns[$0].name ?? name }
      }, dateFormat: reader.dateFormat)
  }

  @inline(__always)
  private static func accumulate(
    _ row: ResponseRow, into accumulator: inout ScoreAccumulator?, reader: ResponseReader,
    options: ScoreCommand.Options
  ) throws {
    if accumulator == nil { _ = try prepared(&accumulator, reader: reader, options: options) }
    accumulator!.add(row)
  }

  /// The accumulator, created once the layout is known (checking what the options need).
  private static func prepared(
    _ accumulator: inout ScoreAccumulator?, reader: ResponseReader, options: ScoreCommand.Options
  ) throws -> ScoreAccumulator {
    if let accumulator { return accumulator }
    let made = ScoreAccumulator(
      options: options, segmentColumn: try segmentColumn(reader: reader, options: options))
    accumulator = made
    return made
  }

  /// A line start near the middle of the file; nil when there is none close by.
  private static func splitPoint(_ file: InputFile, size: Int) throws -> Int? {
    let middle = size / 2
    guard middle > headStart else { return nil }
    var found: Int?
    try file.forEachChunk(in: middle..<min(size, middle + (1 << 16))) { window in
      if found == nil, let start = CSVSplit.lineStart(in: window, after: 0) {
        found = middle + start
      }
    }
    return found
  }

  /// Checks what the options need from the layout; returns the segment column.
  private static func segmentColumn(reader: ResponseReader, options: ScoreCommand.Options) throws
    -> Int?
  {
    guard let layout = reader.layout else { return nil }
    if options.granularity != nil, layout.dateColumn == nil {
      throw CommandError(
        .dataError,
        "\(options.path): --by needs a date column and none was found among "
          + layout.columns.map { "\"\($0.label)\"" }.joined(separator: ", ")
          + "; name it with --date-column")
    }
    guard let segment = options.segment else { return nil }
    do {
      return try layout.column(named: segment, option: "--segment")
    } catch {
      throw CommandError(.usage, "\(options.path): \(error)")
    }
  }
}

/// The second half of a file, read on its own thread with its own file descriptor, reader
/// and accumulator.
///
/// `@unchecked Sendable`: the reader and accumulator are made and used only by the thread
/// started in `start()`; the result is written before the semaphore is signalled and read only
/// after `join()` waited for it, so no state is touched by two threads at once.
private final class SecondPart: @unchecked Sendable {
  private let path: String
  private let range: Range<Int>
  private let resumption: ResponseReader.Resumption
  private let options: ScoreCommand.Options
  private let segmentColumn: Int?
  private let done = DispatchSemaphore(value: 0)
  private var result: Result<(ScoreAccumulator, ReadSummary), any Error>?

  init(
    path: String, range: Range<Int>, resumption: ResponseReader.Resumption,
    options: ScoreCommand.Options, segmentColumn: Int?
  ) {
    self.path = path
    self.range = range
    self.resumption = resumption
    self.options = options
    self.segmentColumn = segmentColumn
  }

  func start() {
    let thread = Thread { [self] in
      result = Result { try read() }
      done.signal()
    }
    thread.stackSize = 1 << 20
    thread.start()
  }

  func join() -> Result<(ScoreAccumulator, ReadSummary), any Error> {
    done.wait()
    return result!
  }

  private func read() throws -> (ScoreAccumulator, ReadSummary) {
    let file = try InputFile(path: path)
    let reader = ResponseReader(resuming: resumption, firstLine: 1)
    var accumulator = ScoreAccumulator(options: options, segmentColumn: segmentColumn)
    try file.forEachChunk(in: range) { chunk in
      try reader.feed(chunk) { row in accumulator.add(row) }
    }
    try reader.finish { row in accumulator.add(row) }
    return (accumulator, reader.summary)
  }
}
