namespace LearningNetwork.Features.Helpdesk;

public static class HelpdeskSetup
{
    public static void AddHelpdesk(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<HelpdeskOptions>().Bind(builder.Configuration.GetSection(HelpdeskOptions.Section));
        builder.Services.AddScoped<HelpdeskMail>();
        builder.Services.AddScoped<HelpdeskRouter>();
        builder.Services.AddScoped<HelpdeskDesk>();
        builder.Services.AddScoped<HelpdeskCatalogue>();
        builder.Services.AddSingleton<HelpdeskEscalation>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HelpdeskEscalation>());
    }
}
