static class LogLine
{
    public static string Message(string logLine) => logLine.Substring(logLine.IndexOf("]:") + 2).Trim();

    public static string LogLevel(string logLine) =>
        logLine.Substring(1, logLine.IndexOf(']') - 1).ToLower();

    public static string Reformat(string logLine) => $"{Message(logLine)} ({LogLevel(logLine)})";

    public static int Severity(string logLine) => LogLevel(logLine) switch
    {
        "error" or "fatal" => 3,
        "warning" => 2,
        "info" => 1,
        _ => 0
    };

    public static IList<string> Levels(IEnumerable<string> lines) => lines.Select(LogLevel).Distinct().ToList();
}
