static class LogLine
{
    public static string Message(string logLine) => logLine.Substring(logLine.IndexOf("]:") + 2).Trim();

    public static string LogLevel(string logLine) =>
        logLine.Substring(1, logLine.IndexOf(']') - 1).ToLower();

    public static string Reformat(string logLine) => $"{Message(logLine)} ({LogLevel(logLine)})";

    public static int Severity(string logLine)
    {
        switch (LogLevel(logLine))
        {
            case "error": return 3;
            case "warning": return 2;
            case "info": return 1;
            default: return 0;
        }
    }

    public static IList<string> Levels(IEnumerable<string> lines) => lines.Select(LogLevel).Distinct().ToList();
}
