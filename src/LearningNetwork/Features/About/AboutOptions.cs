using System.Net.Mail;

namespace LearningNetwork.Features.About;

/// <summary>
/// <c>About:*</c> options: what the About page (<c>/{lang}/about</c>) says that differs from one installation of the
/// network to another. The page's texts themselves are resource keys (<c>About.*</c>), in every interface language.
/// </summary>
public sealed class AboutOptions
{
    public const string Section = "About";

    /// <summary>The address the page gives for questions to the network's coordinators; none: readers are sent to their organisation.</summary>
    public string? ContactEmail { get; set; }
    /// <summary>The organisation that hosts and runs the network's secretariat, by name (shown as written).</summary>
    public string? Secretariat { get; set; }
    /// <summary>Those who fund the network, acknowledged by name, each with an optional web address (http or https only).</summary>
    public List<Funder> Funders { get; set; } = [];

    /// <summary>The contact address when it is a well-formed e-mail address, else null (a typo in configuration shows no broken mailto).</summary>
    public string? ValidContactEmail => ContactEmail is { Length: > 0 and < 255 } e && MailAddress.TryCreate(e, out var a) && a.Address == e ? e : null;
}

public sealed class Funder
{
    public string Name { get; set; } = "";
    public string? Url { get; set; }

    /// <summary>The address when it is http or https, else null.</summary>
    public string? SafeUrl => Uri.TryCreate(Url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp) ? u.AbsoluteUri : null;
}

public static class AboutSetup
{
    public static void AddAbout(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<AboutOptions>(builder.Configuration.GetSection(AboutOptions.Section));
        builder.Services.AddScoped<AboutTexts>();
    }
}
