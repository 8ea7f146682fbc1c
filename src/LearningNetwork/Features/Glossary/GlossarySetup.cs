namespace LearningNetwork.Features.Glossary;

public static class GlossarySetup
{
    /// <summary>The glossary is read once per process; what a page has explained so far lives as long as its request.</summary>
    public static void AddGlossary(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<GlossaryContent>();
        builder.Services.AddScoped<PageGlossary>();
    }
}
