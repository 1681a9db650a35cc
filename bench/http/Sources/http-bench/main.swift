// Serves one small static body through the HTTPServer module for wrk:
//   http-bench PORT THREADS
import Foundation
import HTTPServer

let arguments = CommandLine.arguments
let port = arguments.count > 1 ? UInt16(arguments[1]) ?? 8090 : 8090
let threads = arguments.count > 2 ? Int(arguments[2]) ?? 2 : 2
let page = Array(String(repeating: "x", count: 612).utf8)  // nginx's index.html is 612 bytes

var router = Router()
router.get("/") { _ in
  Response(status: .ok, headers: ["Content-Type": "text/html"], body: page)
}
router.get("/hello/:name") { request in
  .text("Hello \(request.parameters["name"] ?? "")")
}

let shutdown = ShutdownSignal()
let server = try HTTPServer(
  configuration: .init(address: "127.0.0.1", port: port, threadPoolSize: threads),
  responder: router.buildResponder(), logger: .standardError(label: "bench", minimumLevel: .warning)
)
print("listening \(server.port)")
_ = shutdown.wait()
server.stop(timeout: .seconds(5))
