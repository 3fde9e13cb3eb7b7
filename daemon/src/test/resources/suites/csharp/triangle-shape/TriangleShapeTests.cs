using System;
using System.Linq;
using FsCheck;
using FsCheck.Xunit;
using Xunit;

public class TriangleShapeTests
{
    private static string[] Rows(string shape) => shape.Split('\n');

    [Fact]
    public void Single_letter()
    {
        Assert.Equal("A", TriangleShape.Make('A'));
    }

    [Fact]
    public void Three_rows()
    {
        Assert.Equal("  A  \n BBB \nCCCCC", TriangleShape.Make('C'));
    }

    [UpperCaseProperty]
    public void Has_one_row_per_letter(char letter)
    {
        Assert.Equal(letter - 'A' + 1, Rows(TriangleShape.Make(letter)).Length);
    }

    [UpperCaseProperty]
    public void All_rows_have_the_same_width(char letter)
    {
        var rows = Rows(TriangleShape.Make(letter));
        Assert.All(rows, row => Assert.Equal(rows[0].Length, row.Length));
    }

    [UpperCaseProperty]
    public bool Last_row_has_no_spaces(char letter) => !Rows(TriangleShape.Make(letter)).Last().Contains(' ');

    [Property]
    public Property Letters_outside_the_alphabet_are_not_used(int seed)
    {
        var letter = (char)('A' + Math.Abs(seed % 26));
        return TriangleShape.Make(letter).All(c => c == ' ' || c == '\n' || (c >= 'A' && c <= letter)).ToProperty();
    }
}

public class UpperCasePropertyAttribute : PropertyAttribute
{
    public UpperCasePropertyAttribute()
    {
        Arbitrary = new[] { typeof(UpperCaseLetters) };
    }
}

public static class UpperCaseLetters
{
    public static Arbitrary<char> Letters() => Arb.Default.Char().Filter(c => c >= 'A' && c <= 'Z');
}
