using LearningNetwork.Features.Themes;

namespace LearningNetwork.Features.Practices;

public static class PracticesSetup
{
    public static void AddPractices(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ThemeNames>();
        builder.Services.AddScoped<PracticeCatalogue>();
        builder.Services.AddScoped<PracticeEditor>();
        builder.Services.AddScoped<PracticeFiles>();
        builder.Services.AddOptions<PracticeOptions>().Bind(builder.Configuration.GetSection(PracticeOptions.Section));
        builder.Services.AddSingleton<PracticeReminders>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PracticeReminders>());
    }

    public static void MapPractices(this IEndpointRouteBuilder app)
    {
        app.MapPracticesApi();
        app.MapConceptsApi();
        app.MapPracticeFiles();
    }
}
