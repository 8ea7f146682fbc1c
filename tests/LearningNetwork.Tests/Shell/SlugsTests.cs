using LearningNetwork.Infrastructure;

namespace LearningNetwork.Tests.Shell;

public sealed class SlugsTests
{
    [Theory]
    [InlineData("Łąki kośne w Małopolsce", "laki-kosne-w-malopolsce")]
    [InlineData("Straße über die Öresundbrücke", "strasse-uber-die-oresundbrucke")]
    [InlineData("Đurđevac: sjeća šuma", "durdevac-sjeca-suma")]
    [InlineData("Førde og Ærø", "forde-og-aero")]
    [InlineData("Збереження лук Полтавщини", "zberezhennya-luk-poltavshchini")]
    [InlineData("Заштита мочвара у Војводини", "zashtita-mochvara-u-vojvodini")]
    [InlineData("Προστασία υγροτόπων", "prostasia-ygrotopon")]
    [InlineData("Þingvellir", "thingvellir")]
    public void Every_letter_is_transliterated_not_dropped(string title, string slug) => Assert.Equal(slug, Slugs.From(title));

    [Fact]
    public void A_title_without_letters_still_gives_a_usable_slug() => Assert.Equal("item-", Slugs.From("—")[..5]);
}
