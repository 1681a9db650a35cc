import Synchronization

/// The reader connections of one SQLite file, handed out without a lock.
///
/// Each of up to 64 slots keeps one connection, opened on first use and kept until the pool
/// closes; one bit of an atomic word says whether a slot is in use. Taking a reader claims the
/// lowest free bit with a compare-and-swap, so a page read costs no system call and no thread
/// waits for another: a mutex around a list of idle readers cost a futex wait and a context
/// switch on most survey-page requests under load (about 40 % of the server's CPU). Lowest
/// first keeps as many connections open as reads ever ran at once. When all 64 are in use, a
/// reader is opened for the one read and closed after it.
final class SQLiteReaderPool: @unchecked Sendable {
  // @unchecked Sendable: `slots[i]` is touched only by the thread that holds bit i of `busy`
  // (or by `close`, after claiming that bit itself).
  static let slotCount = 64
  private let path: String
  private let busy = Atomic<UInt64>(0)
  private let closed = Atomic<Bool>(false)
  private let slots: UnsafeMutablePointer<SQLiteConnection?>
  private let kept = Atomic<Int>(0)

  /// Readers kept open in slots now (temporary ones not counted).
  var openConnections: Int { kept.load(ordering: .relaxed) }

  init(path: String) {
    self.path = path
    slots = .allocate(capacity: Self.slotCount)
    slots.initialize(repeating: nil, count: Self.slotCount)
  }

  deinit {
    close()
    slots.deinitialize(count: Self.slotCount)
    slots.deallocate()
  }

  /// A reader held by one caller until ``giveBack(_:)``.
  struct Lease {
    let connection: SQLiteConnection
    /// The slot, or nil for a connection opened for this read alone.
    fileprivate let slot: Int?
  }

  func take() throws -> Lease {
    guard !closed.load(ordering: .acquiring) else {
      throw StorageError(.cannotOpen, "the database is closed")
    }
    guard let slot = claimFreeSlot() else {
      return Lease(connection: try SQLiteConnection(path: path), slot: nil)
    }
    if let connection = slots[slot] { return Lease(connection: connection, slot: slot) }
    do {
      let connection = try SQLiteConnection(path: path)
      slots[slot] = connection
      kept.add(1, ordering: .relaxed)
      return Lease(connection: connection, slot: slot)
    } catch {
      release(slot)
      throw error
    }
  }

  func giveBack(_ lease: Lease) {
    guard let slot = lease.slot else {
      lease.connection.close()
      return
    }
    release(slot)
    // `close` may have run meanwhile and found this slot busy; whoever claims it now closes it.
    if closed.load(ordering: .sequentiallyConsistent), claim(slot) { closeSlot(slot) }
  }

  /// Closes every reader not in use now; one in use is closed when it is given back.
  func close() {
    guard !closed.exchange(true, ordering: .sequentiallyConsistent) else { return }
    for slot in 0..<Self.slotCount where claim(slot) { closeSlot(slot) }
  }

  /// Claims the lowest free slot, or returns nil when all are in use.
  private func claimFreeSlot() -> Int? {
    var current = busy.load(ordering: .relaxed)
    while current != .max {
      let slot = (~current).trailingZeroBitCount
      let (exchanged, original) = busy.compareExchange(
        expected: current, desired: current | (1 << slot), ordering: .acquiringAndReleasing)
      if exchanged { return slot }
      current = original
    }
    return nil
  }

  /// Claims one given slot if it is free.
  private func claim(_ slot: Int) -> Bool {
    let bit: UInt64 = 1 << slot
    let original = busy.bitwiseOr(bit, ordering: .sequentiallyConsistent).oldValue
    return original & bit == 0
  }

  private func release(_ slot: Int) {
    busy.bitwiseAnd(~(1 << slot), ordering: .sequentiallyConsistent)
  }

  /// Closes a claimed slot's reader and leaves the slot claimed, so it is never handed out again.
  private func closeSlot(_ slot: Int) {
    guard let connection = slots[slot] else { return }
    connection.close()
    slots[slot] = nil
    kept.subtract(1, ordering: .relaxed)
  }
}
