public class LogLine {
    private final LogLevel level;
    private final String message;

    public LogLine(String logLine) {
        int close = logLine.indexOf(']');
        String tag = close > 1 ? logLine.substring(1, close) : "";
        this.level = switch (tag) {
            case "TRC" -> LogLevel.TRACE;
            case "DBG" -> LogLevel.DEBUG;
            case "INF" -> LogLevel.INFO;
            case "WRN" -> LogLevel.WARNING;
            case "ERR" -> LogLevel.ERROR;
            case "FTL" -> LogLevel.FATAL;
            default -> LogLevel.UNKNOWN;
        };
        int colon = logLine.indexOf(':');
        this.message = colon >= 0 ? logLine.substring(colon + 1).trim() : "";
    }

    public LogLevel getLogLevel() {
        return level;
    }

    public String getOutputForShortLog() {
        return level.getCode() + ":" + message;
    }
}
