using System.Security.Claims;
using LearningNetwork.Domain;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Report;

public static class ReportSetup
{
    public static void AddNetworkReport(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReportOptions>().Bind(builder.Configuration.GetSection(ReportOptions.Section));
        builder.Services.AddScoped<NetworkReport>();
        builder.Services.AddSingleton<ReportAccess>();
    }
}

/// <summary>Who reads the report: coordinators always; everyone when <see cref="ReportOptions.Public"/> is on.</summary>
public sealed class ReportAccess(IOptions<ReportOptions> options)
{
    public bool Public => options.Value.Public;

    public static bool IsCoordinator(ClaimsPrincipal user) => user.IsInRole(Roles.NetworkAdmin) || user.IsInRole(Roles.Moderator);

    public bool Allows(ClaimsPrincipal user) => Public || IsCoordinator(user);
}
