// Tests mode: what the Catch2 and doctest listeners share. One JSON line per finished test, appended to
// $KERAT_OUT_DIR/results.jsonl (default /kerat/out) with one open/write/close, so nothing waits in a buffer when
// the binary is killed at a limit or crashes later. Everything has internal linkage and a kerat_ prefix.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

namespace {

// Longest message kept, in bytes, like the other runners' 64 KiB cap.
const std::string::size_type kerat_max_message = 64 * 1024;

// Appends s as a JSON string; bytes that are not valid UTF-8 become U+FFFD so that the line always parses.
inline void kerat_json_string(std::string &out, const std::string &s) {
    static const char hex[] = "0123456789abcdef";
    out += '"';
    const std::string::size_type n = s.size();
    for (std::string::size_type i = 0; i < n;) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            switch (c) {
                case '"': out += "\\\""; break;
                case '\\': out += "\\\\"; break;
                case '\n': out += "\\n"; break;
                case '\r': out += "\\r"; break;
                case '\t': out += "\\t"; break;
                default:
                    if (c < 0x20) {
                        out += "\\u00";
                        out += hex[c >> 4];
                        out += hex[c & 0xf];
                    } else {
                        out += static_cast<char>(c);
                    }
            }
            i++;
            continue;
        }
        const std::string::size_type len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3
                                           : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
        bool ok = len != 0 && i + len <= n;
        for (std::string::size_type k = 1; ok && k < len; k++) {
            ok = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
        }
        if (ok && len > 2) {
            const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
            ok = !(c == 0xe0 && c1 < 0xa0) && !(c == 0xed && c1 >= 0xa0) && !(c == 0xf0 && c1 < 0x90)
                 && !(c == 0xf4 && c1 >= 0x90);
        }
        if (ok) {
            out.append(s, i, len);
            i += len;
        } else {
            out += "\xef\xbf\xbd";
            i++;
        }
    }
    out += '"';
}

inline std::string kerat_out_path(const char *file) {
    const char *dir = std::getenv("KERAT_OUT_DIR");
    return std::string(dir != nullptr && *dir != '\0' ? dir : "/kerat/out") + "/" + file;
}

inline void kerat_append(const std::string &path, const std::string &line) {
    const int saved_errno = errno;
    const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd >= 0) {
        const char *p = line.data();
        std::string::size_type left = line.size();
        while (left > 0) {
            const ssize_t w = write(fd, p, left);
            if (w < 0 && errno == EINTR) {
                continue;
            }
            if (w <= 0) {
                break;
            }
            p += w;
            left -= static_cast<std::string::size_type>(w);
        }
        close(fd);
    }
    errno = saved_errno;
}

// One result line; message null when msg is null. Reported only from the process that started the run (pid), never
// from a child forked by the code under test.
inline void kerat_report(pid_t pid, const std::string &name, const char *status, const std::string *msg,
                         long long duration_ms) {
    if (getpid() != pid) {
        return;
    }
    std::string line = "{\"name\":";
    kerat_json_string(line, name);
    line += ",\"status\":\"";
    line += status;
    line += "\",\"message\":";
    if (msg == nullptr) {
        line += "null";
    } else if (msg->size() > kerat_max_message) {
        std::string::size_type cut = kerat_max_message;
        while (cut > 0 && (static_cast<unsigned char>((*msg)[cut]) & 0xc0) == 0x80) {
            cut--;
        }
        kerat_json_string(line, msg->substr(0, cut) + "\n... (truncated)");
    } else {
        kerat_json_string(line, *msg);
    }
    line += ",\"duration_ms\":";
    line += std::to_string(duration_ms < 0 ? 0 : duration_ms);
    line += "}\n";
    kerat_append(kerat_out_path("results.jsonl"), line);
}

// The run ended normally (the framework's own end-of-run event): test-run.sh then adds the "done" line.
inline void kerat_mark_run_ended(pid_t pid) {
    if (getpid() == pid) {
        kerat_append("/tmp/kerat-run-ended", "1\n");
    }
}

} // namespace
