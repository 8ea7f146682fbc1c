using LearningNetwork.Domain;
using LearningNetwork.Features.Partners;

namespace LearningNetwork.Tests.Features.Partners;

public sealed class PartnerQueryParserTests
{
    [Fact]
    public void Empty_values_mean_the_first_page_of_everything()
    {
        var (query, errors) = PartnerQueryParser.Parse(null, "", null, null, "");
        Assert.Empty(errors);
        Assert.Equal(new PartnerQuery(null, "", null, 1, PartnerDirectory.DefaultPageSize), query);
    }

    [Fact]
    public void Valid_values_are_kept()
    {
        var (query, errors) = PartnerQueryParser.Parse("brabant", "NL", "expert-body", "2", "50");
        Assert.Empty(errors);
        Assert.Equal(new PartnerQuery("brabant", "NL", PartnerType.ExpertBody, 2, 50), query);
    }

    [Theory]
    [InlineData("page", "0")]
    [InlineData("page", "+1")]
    [InlineData("page", "1e3")]
    [InlineData("pageSize", "201")]
    [InlineData("country", "nl")]
    [InlineData("country", "NLD")]
    [InlineData("type", "Region")]
    public void Each_bad_value_is_reported_under_its_own_name(string field, string value)
    {
        var (query, errors) = field switch
        {
            "page" => PartnerQueryParser.Parse(null, null, null, value, null),
            "pageSize" => PartnerQueryParser.Parse(null, null, null, null, value),
            "country" => PartnerQueryParser.Parse(null, value, null, null, null),
            _ => PartnerQueryParser.Parse(null, null, value, null, null),
        };
        Assert.Null(query);
        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void Name_words_ignore_case_accents_and_punctuation()
    {
        Assert.Equal(["region", "de", "bruxelles", "capitale"], PartnerDirectory.Words("Région de Bruxelles-Capitale"));
        Assert.Equal(["łodz"], PartnerDirectory.Words("ŁÓDŹ"));
    }
}

public sealed class SubdivisionQueryTests
{
    [Theory]
    [InlineData("UA-46", true)]
    [InlineData("BA-BIH", true)]
    [InlineData("AZ-NX", true)]
    [InlineData("ua-46", false)]
    [InlineData("UA46", false)]
    [InlineData("UA-", false)]
    [InlineData("UA-1234", false)]
    [InlineData("UA-4 6", false)]
    [InlineData("UA-4'", false)]
    public void A_subdivision_filter_is_an_ISO_3166_2_code_in_capitals(string value, bool valid)
    {
        var (query, errors) = PartnerQueryParser.Parse(new PartnerQueryValues(Subdivision: value));
        Assert.Equal(valid, errors.Count == 0);
        if (valid) Assert.Equal(value, query!.Subdivision);
        else Assert.Equal(["subdivision"], errors.Keys);
    }
}
