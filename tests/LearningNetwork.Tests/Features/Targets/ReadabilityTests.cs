using LearningNetwork.Features.Targets;

namespace LearningNetwork.Tests.Features.Targets;

public sealed class ReadabilityTests
{
    [Fact]
    public void Flesch_matches_the_published_example()
    {
        // Short sentences of one-syllable words: "very easy" on Flesch's scale (90-100 and above).
        var score = Readability.Score("The cat sat on the mat. It was a sunny day and the cat was happy.", "en");
        Assert.Equal("Flesch", score.Formula);
        Assert.InRange(score.Value, 95, 120);
        Assert.True(score.Easy);
        var hard = Readability.Score("Biodiversity-inclusive spatial planning necessitates comprehensive intersectoral coordination mechanisms incorporating ecological connectivity considerations.", "en");
        Assert.True(hard.Value < 10);
        Assert.False(hard.Easy);
    }

    [Fact]
    public void Each_language_uses_its_own_formula()
    {
        Assert.Equal("Kandel-Moles", Readability.Score("Le chat dort. Il fait beau.", "fr").Formula);
        Assert.Equal("Amstad", Readability.Score("Die Katze schläft. Es ist schön.", "de").Formula);
        Assert.Equal("Fernández-Huerta", Readability.Score("El gato duerme. Hace sol.", "es").Formula);
        Assert.Equal("Gulpease", Readability.Score("Il gatto dorme. Fa bello.", "it").Formula);
        Assert.Equal("LIX", Readability.Score("Katten sover. Det är fint.", "sv").Formula);
        Assert.Equal("LIX", Readability.Score("Kot śpi. Jest ładnie.", "pl").Formula);
    }

    [Fact]
    public void Lix_and_gulpease_follow_their_definitions()
    {
        // LIX = words/sentences + 100 × long words (> 6 letters)/words: 8 words, 2 sentences, 4 long words
        // (kommunen, planterar, grönsaker, trädgården) → 4 + 50 = 54.
        Assert.Equal(54, Readability.Score("Kommunen planterar träd. Skolan odlar grönsaker i trädgården.", "sv").Value, 0);
        // Gulpease = 89 + (300 × sentences − 10 × letters)/words: 4 words, 1 sentence, 15 letters → 89 + (300 − 150)/4 = 126.5.
        Assert.Equal(126.5, Readability.Score("Il gatto dorme qui.", "it").Value, 1);
    }

    [Theory]
    [InlineData("cat", "en", 1)]
    [InlineData("water", "en", 2)]
    [InlineData("diversity", "en", 4)]
    [InlineData("Feuchtgebiet", "de", 3)]
    [InlineData("Bäume", "de", 2)]
    public void Syllables_are_counted_by_vowel_groups(string word, string language, int syllables) =>
        Assert.Equal(syllables, Readability.CountSyllables(word, language));
}
