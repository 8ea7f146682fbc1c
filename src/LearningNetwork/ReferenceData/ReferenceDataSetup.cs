namespace LearningNetwork.ReferenceData;

public static class ReferenceDataSetup
{
    public static void AddReferenceData(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReferenceDataOptions>().Bind(builder.Configuration.GetSection(ReferenceDataOptions.Section));
        builder.Services.AddScoped<ReferenceDataLoader>();
        builder.Services.AddSingleton<CountryNames>();
        builder.Services.AddSingleton<ReferenceCache>();
    }
}
