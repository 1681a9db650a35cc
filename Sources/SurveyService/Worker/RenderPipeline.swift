import Dispatch
import Foundation
import Mail
import Storage
import Synchronization

/// Renders the emails of a batch ahead of the sender: chunk k+1 is rendered on the other cores
/// while chunk k is being sent, so rendering (string building, quoted-printable) and the SMTP
/// round trips overlap instead of adding up.
struct RenderPipeline: Sendable {
  /// One email to render.
  struct Job: Sendable {
    let invitation: Invitation
    let contact: Contact
    let survey: Survey
  }

  /// The rendered messages of one chunk, filled in by the render threads.
  final class Chunk: Sendable {
    let jobs: [Job]
    private let results: Mutex<[Result<MailMessage, any Error>?]>
    private let done = DispatchSemaphore(value: 0)

    init(jobs: [Job]) {
      self.jobs = jobs
      results = Mutex(Array(repeating: nil, count: jobs.count))
    }

    func set(_ index: Int, _ result: Result<MailMessage, any Error>) {
      results.withLock { $0[index] = result }
    }

    func finish() { done.signal() }

    /// Waits for the chunk and returns each job's message (or rendering error), in order.
    func wait() -> [Result<MailMessage, any Error>] {
      done.wait()
      done.signal()
      return results.withLock { $0.map { $0! } }
    }
  }

  let mailer: InvitationMailer
  let chunkSize: Int

  /// Starts rendering `jobs` on background threads; returns at once.
  func start(_ jobs: [Job], date: Date) -> Chunk {
    let chunk = Chunk(jobs: jobs)
    let mailer = self.mailer
    DispatchQueue.global().async {
      DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
        let job = jobs[index]
        chunk.set(
          index,
          Result {
            try mailer.message(
              invitation: job.invitation, contact: job.contact, survey: job.survey, date: date)
          })
      }
      chunk.finish()
    }
    return chunk
  }

  /// Calls `body` with each job and its rendered message, in order, rendering one chunk ahead.
  func forEach(
    _ jobs: [Job], date: Date,
    _ body: (Job, Result<MailMessage, any Error>) throws -> Void
  ) rethrows {
    guard !jobs.isEmpty else { return }
    var starts = Array(stride(from: 0, to: jobs.count, by: chunkSize))
    var next = start(Array(jobs[starts[0]..<min(starts[0] + chunkSize, jobs.count)]), date: date)
    starts.removeFirst()
    while true {
      let current = next
      let results = current.wait()
      let more = !starts.isEmpty
      if more {
        let from = starts.removeFirst()
        next = start(Array(jobs[from..<min(from + chunkSize, jobs.count)]), date: date)
      }
      for (job, result) in zip(current.jobs, results) { try body(job, result) }
      if !more { return }
    }
  }
}
