import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

public class LogLineTest {

    @Test
    @Tag("task:1")
    @DisplayName("Parsing log level TRC")
    public void parseTraceLogLevel() {
        assertThat(new LogLine("[TRC]: Line 84 - System.out.println(\"Hello World\");").getLogLevel())
                .isEqualTo(LogLevel.TRACE);
    }

    @Test
    @Tag("task:1")
    @DisplayName("Parsing log level DBG")
    public void parseDebugLogLevel() {
        assertThat(new LogLine("[DBG]: ; expected ;").getLogLevel()).isEqualTo(LogLevel.DEBUG);
    }

    @Test
    @Tag("task:1")
    @DisplayName("Parsing log level INF")
    public void parseInfoLogLevel() {
        assertThat(new LogLine("[INF]: Timezone changed").getLogLevel()).isEqualTo(LogLevel.INFO);
    }

    @Test
    @Tag("task:1")
    @DisplayName("Parsing log level WRN")
    public void parseWarningLogLevel() {
        assertThat(new LogLine("[WRN]: Timezone not set").getLogLevel()).isEqualTo(LogLevel.WARNING);
    }

    @Test
    @Tag("task:1")
    @DisplayName("Parsing log level ERR")
    public void parseErrorLogLevel() {
        assertThat(new LogLine("[ERR]: Disk full").getLogLevel()).isEqualTo(LogLevel.ERROR);
    }

    @Test
    @Tag("task:1")
    @DisplayName("Parsing log level FTL")
    public void parseFatalLogLevel() {
        assertThat(new LogLine("[FTL]: Not enough memory").getLogLevel()).isEqualTo(LogLevel.FATAL);
    }

    @Test
    @Tag("task:2")
    @DisplayName("Parsing an unknown log level")
    public void parseUnknownLogLevel() {
        assertThat(new LogLine("[XYZ]: Gibberish message.. beep boop..").getLogLevel())
                .isEqualTo(LogLevel.UNKNOWN);
    }

    @Test
    @Tag("task:3")
    @DisplayName("Short output of a trace log")
    public void getShortFormatForTrace() {
        assertThat(new LogLine("[TRC]: Line 13 - int myNum = 42;").getOutputForShortLog())
                .isEqualTo("1:Line 13 - int myNum = 42;");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Short output of a fatal log")
    public void getShortFormatForFatal() {
        assertThat(new LogLine("[FTL]: Kernel panic").getOutputForShortLog()).isEqualTo("42:Kernel panic");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Short output of an unknown log")
    public void getShortFormatForUnknown() {
        assertThat(new LogLine("[???]: Something happened").getOutputForShortLog())
                .isEqualTo("0:Something happened");
    }
}
