using LearningNetwork.Features.Themes;

namespace LearningNetwork.Features.Practices;

public static class PracticesSetup
{
    public static void AddPractices(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ThemeNames>();
        builder.Services.AddScoped<PracticeCatalogue>();
        builder.Services.AddScoped<PracticeEditor>();
    }

    public static void MapPractices(this IEndpointRouteBuilder app)
    {
        app.MapPracticesApi();
        app.MapConceptsApi();
    }
}
