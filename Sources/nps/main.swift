import Foundation
import NPSCommands

exit(NPSCommandLine.run(Array(CommandLine.arguments.dropFirst())).rawValue)
