using System.Collections.Generic;
using Xunit;

public class RunLengthTests
{
    public static TheoryData<string, string> Pairs => new TheoryData<string, string>
    {
        { "", "" },
        { "XYZ", "XYZ" },
        { "AABBBCCCC", "2A3B4C" },
        { "WWWWWWWWWWWWBWWWWWWWWWWWWBBBWWWWWWWWWWWWWWWWWWWWWWWWB", "12WB12W3B24WB" },
        { "  hsqq qww  ", "2 hs2q q2w2 " },
    };

    public static IEnumerable<object[]> RoundTrips()
    {
        yield return new object[] { "zzz ZZ  zZ" };
        yield return new object[] { "aabbbcccc" };
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Encodes(string plain, string encoded)
    {
        Assert.Equal(encoded, RunLength.Encode(plain));
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Decodes(string plain, string encoded)
    {
        Assert.Equal(plain, RunLength.Decode(encoded));
    }

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public void Round_trip(string text)
    {
        Assert.Equal(text, RunLength.Decode(RunLength.Encode(text)));
    }

    [Fact]
    public void Encoded_runs_are_shorter()
    {
        var samples = new[] { "aaaa", "bbbbbbbbbb", "ccc" };
        Assert.All(samples, s => Assert.True(RunLength.Encode(s).Length < s.Length, $"{s} did not shrink"));
    }
}
