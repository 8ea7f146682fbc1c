namespace LearningNetwork.Features.LearningPaths;

public static class LearningPathsSetup
{
    public static void AddLearningPaths(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<LearningPathEditor>();
        builder.Services.AddScoped<LearningPathCatalogue>();
    }
}
