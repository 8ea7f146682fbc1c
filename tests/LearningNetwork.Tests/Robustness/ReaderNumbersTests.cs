using System.Globalization;
using LearningNetwork.Infrastructure.Localization;

namespace LearningNetwork.Tests.Robustness;

/// <summary>Numbers as the reader writes them, whole ones included (an event's places, a network's members, months).</summary>
public sealed class ReaderNumbersTests
{
    [Theory]
    [InlineData("de-DE", "1.240.000", 1_240_000)]
    [InlineData("pl-PL", "1.240.000", 1_240_000)]
    [InlineData("pl-PL", "1 240 000", 1_240_000)]
    [InlineData("fr-FR", "1 240 000", 1_240_000)]
    [InlineData("fr-FR", "1\u202F240\u202F000", 1_240_000)]
    [InlineData("fr-FR", "1\u00A0240\u00A0000", 1_240_000)]
    [InlineData("en-GB", "1,240,000", 1_240_000)]
    [InlineData("en-GB", "1500", 1500)]
    [InlineData("de-DE", "1.500", 1500)]
    [InlineData("it-IT", "1.500", 1500)]
    [InlineData("de-CH", "1'500", 1500)]
    public void A_whole_number_is_read_as_the_reader_writes_it(string culture, string typed, long expected)
    {
        Assert.True(ReaderNumbers.TryParseWhole(typed, CultureInfo.GetCultureInfo(culture), 0, 10_000_000, out var n));
        Assert.Equal(expected, n);
    }

    [Theory]
    [InlineData("de-DE", "1,5")]       // a fraction is not a whole number
    [InlineData("en-GB", "1.5")]
    [InlineData("de-DE", "1.24.000")]  // misplaced groups
    [InlineData("en-GB", "many")]
    [InlineData("en-GB", "")]
    [InlineData("en-GB", "-3")]         // below the minimum
    [InlineData("en-GB", "1e30")]       // beyond the maximum
    [InlineData("en-GB", "NaN")]
    public void Anything_else_is_not_a_whole_number(string culture, string typed) =>
        Assert.False(ReaderNumbers.TryParseWhole(typed, CultureInfo.GetCultureInfo(culture), 0, 10_000_000, out _));
}
