// Kerat's XCTest harness (compiled into the test binary by test-compile.sh, with the main.swift it generates):
// registers an XCTestObservation that writes one JSON line per finished test to the results file named by
// KERAT_RESULTS ({"name": "CalcTests.testAdd", "status": "passed|failed|errored|skipped", "message",
// "duration_ms"}), then {"event":"done"} when the whole run ended, and runs XCTMain on the tests main.swift lists.
// Lines are appended as tests finish (a crash or a kill at a limit keeps them); at the end the file is rewritten
// from memory, so what the tested code wrote into it is dropped, and the process exits 0 (failures are results).
import Foundation
import XCTest

final class KeratXCTestObserver: NSObject, XCTestObservation {
    private let path: String
    private let fd: Int32
    private var lines: [String] = []
    private var started: [ObjectIdentifier: Date] = [:]
    private var messages: [ObjectIdentifier: [String]] = [:]

    init(path: String) {
        self.path = path
        self.fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o644)
        super.init()
    }

    func testCaseWillStart(_ testCase: XCTestCase) {
        started[ObjectIdentifier(testCase)] = Date()
    }

    func testCase(_ testCase: XCTestCase, didFailWithDescription description: String, inFile filePath: String?,
                  atLine lineNumber: Int) {
        var m = description
        if let f = filePath, lineNumber > 0 {
            m += " (" + (f as NSString).lastPathComponent + ":" + String(lineNumber) + ")"
        }
        messages[ObjectIdentifier(testCase), default: []].append(m)
    }

    func testCaseDidFinish(_ testCase: XCTestCase) {
        let id = ObjectIdentifier(testCase)
        let run = testCase.testRun
        var status = "passed"
        var message: String? = nil
        let failures = messages[id] ?? []
        if let r = run, r.unexpectedExceptionCount > 0 {
            status = "errored"
        } else if let r = run, r.failureCount > 0 || !failures.isEmpty {
            status = "failed"
        } else if let r = run, r.hasBeenSkipped {
            status = "skipped"
            message = "skipped"
        } else if !failures.isEmpty {
            status = "failed"
        }
        if !failures.isEmpty {
            message = failures.joined(separator: "\n")
        }
        let ms = Int((Date().timeIntervalSince(started[id] ?? Date())) * 1000)
        var line = "{\"name\":" + json(name(testCase)) + ",\"status\":" + json(status)
        if let m = message {
            line += ",\"message\":" + json(m)
        }
        line += ",\"duration_ms\":" + String(ms) + "}"
        emit(line)
    }

    func testBundleDidFinish(_ testBundle: Bundle) {
        emit("{\"event\":\"done\"}")
        // rewrite the file from memory: whatever the tested code wrote into it is dropped
        let tmp = path + ".kerat-tmp"
        let data = lines.map { $0 + "\n" }.joined()
        if FileManager.default.createFile(atPath: tmp, contents: data.data(using: .utf8)) {
            rename(tmp, path)
        }
        fflush(stdout)
        fflush(stderr)
        exit(0)
    }

    /// "CalcTests.testAdd" (XCTest's own name on Linux is "CalcTests.testAdd" too; a module prefix is dropped)
    private func name(_ t: XCTestCase) -> String {
        var n = t.name
        if n.hasPrefix("-[") && n.hasSuffix("]") {
            n = String(n.dropFirst(2).dropLast()).replacingOccurrences(of: " ", with: ".")
        }
        let parts = n.split(separator: ".")
        if parts.count > 2 {
            n = parts.suffix(2).joined(separator: ".")
        }
        return n
    }

    private func emit(_ line: String) {
        lines.append(line)
        if fd >= 0 {
            let bytes = Array((line + "\n").utf8)
            _ = bytes.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count) }
        }
    }

    private func json(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    out += String(format: "\\u%04x", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}

enum KeratXCTest {
    static func main(_ tests: [XCTestCaseEntry]) -> Never {
        let path = ProcessInfo.processInfo.environment["KERAT_RESULTS"] ?? "/kerat/out/results.jsonl"
        XCTestObservationCenter.shared.addTestObserver(KeratXCTestObserver(path: path))
        XCTMain(tests)
    }
}
