using Exercism.Tests;

public class LogLevelsTests
{
    [Fact]
    [Task(1)]
    public void Error_message()
    {
        Assert.Equal("Stack overflow", LogLine.Message("[ERROR]: Stack overflow"));
    }

    [Fact]
    [Task(1)]
    public void Message_with_leading_and_trailing_white_space()
    {
        Assert.Equal("Timezone not set", LogLine.Message("[WARNING]:   \tTimezone not set  \r\n"));
    }

    [Fact]
    [Task(2)]
    public void Warning_log_level()
    {
        Assert.Equal("warning", LogLine.LogLevel("[WARNING]: Disk almost full"));
    }

    [Fact]
    [Task(3)]
    public void Reformat_info()
    {
        var line = LogLine.Reformat("[INFO]: File moved");
        Assert.StartsWith("File moved", line);
        Assert.EndsWith("(info)", line);
        Assert.Contains("moved", line);
    }

    [Fact]
    [Task(4)]
    public void Severity_is_in_range()
    {
        Assert.InRange(LogLine.Severity("[ERROR]: x"), 1, 3);
        Assert.Equal(0, LogLine.Severity("[DEBUG]: y"));
    }

    [Fact]
    [Task(4)]
    public void Distinct_levels()
    {
        var levels = LogLine.Levels(new[] { "[INFO]: a", "[ERROR]: b", "[INFO]: c" });
        Assert.Equal(new List<string> { "info", "error" }, levels);
        Assert.DoesNotContain("warning", levels);
        Assert.Contains(levels, l => l.StartsWith("err"));
        Assert.Single(levels, l => l == "info");
    }
}
