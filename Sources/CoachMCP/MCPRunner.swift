import CoachCLI
import DialogCompiler
import Foundation
import Logging
import MCP

/// `coach mcp`: the diagnosis for AI assistants, over the Model Context Protocol on stdin/stdout (the official
/// Swift SDK: negotiation, framing, and the tool call dispatch); logs on stderr only.
public enum MCPRunner {
    /// Serves until the client closes stdin; returns the exit status.
    public static func run(directory: String, recording: sending Recording, cache: DialogCache? = nil,
                           logLevel: String = "notice") throws -> Int32 {
        var logger = Logger(label: "coach.mcp") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .notice
        let library = try DialogLibrary.load(directory: directory, cache: cache)
        if library.result.hasErrors { throw DialogLibrary.LoadError.invalid(library.result.errors) }
        let tools = CoachTools(dialogs: library.result.dialogs, recording: recording, sources: library.sources, today: Clock.today)
        let done = DispatchSemaphore(value: 0)
        let log = logger
        let box = StatusBox()
        Task {
            do {
                let server = Server(name: "coach", version: CoachVersion.current, title: "coach: a coaching assistant for sales leaders",
                                    instructions: CoachTools.instructions,
                                    capabilities: .init(prompts: .init(listChanged: false), resources: .init(subscribe: false, listChanged: false),
                                                        tools: .init(listChanged: false)))
                await server.withMethodHandler(ListTools.self) { _ in .init(tools: CoachTools.definitions) }
                await server.withMethodHandler(ListPrompts.self) { _ in .init(prompts: await tools.prompts()) }
                await server.withMethodHandler(GetPrompt.self) { params in try await tools.prompt(params.name, params.arguments) }
                await server.withMethodHandler(ListResources.self) { _ in .init(resources: await tools.resources()) }
                await server.withMethodHandler(ReadResource.self) { params in try await tools.read(params.uri) }
                await server.withMethodHandler(CallTool.self) { params in await tools.call(params.name, params.arguments ?? [:]) }
                try await server.start(transport: StdioTransport(logger: log)) { client, capabilities in
                    // A client that can show forms gets each question as one (elicitation/create).
                    guard capabilities.elicitation?.form != nil else { return }
                    await tools.use { message, schema in try await server.requestElicitation(message: message, requestedSchema: schema) }
                    log.info("\(client.name) shows forms: questions are asked through elicitation")
                }
                await server.waitUntilCompleted()
                // End of input: the calls still being answered are answered before the process ends.
                await tools.drain()
                try? await Task.sleep(for: .milliseconds(50))
                await tools.close()
            } catch {
                log.error("\(error)")
                box.status = 1
            }
            done.signal()
        }
        done.wait()
        return box.status
    }
}

/// Where `coach mcp` records conversations (nil: it does not) and reads finished diagnoses (nil: from the
/// transcripts directory, if any).
public struct Recording {
    public let conversations: (any ConversationStore)?
    public let coaching: (any CoachingStore)?

    public init(conversations: (any ConversationStore)?, coaching: (any CoachingStore)?) {
        self.conversations = conversations
        self.coaching = coaching
    }
}

/// The exit status, set by the serving task.
final class StatusBox: @unchecked Sendable {
    var status: Int32 = 0
}
