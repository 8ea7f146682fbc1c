namespace LearningNetwork.Features.Programmes;

public static class ProgrammesSetup
{
    public static void AddProgrammes(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ProgrammeOptions>().Bind(builder.Configuration.GetSection(ProgrammeOptions.Section));
        builder.Services.AddScoped<ProgrammeDesk>();
        builder.Services.AddScoped<ProgrammeMail>();
        builder.Services.AddScoped<ProgrammeCatalogue>();
        builder.Services.AddSingleton<ProgrammeReminders>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ProgrammeReminders>());
    }
}
