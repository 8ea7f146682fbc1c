using System.Globalization;
using LearningNetwork.Domain;

namespace LearningNetwork.Features.Practices;

/// <summary>How codes of a practice are named on pages.</summary>
public static class PracticeLabels
{
    /// <summary>Frameworks are named by their official short names, which are the same in every language.</summary>
    public static string FrameworkName(string framework) => framework switch
    {
        "kmgbf" => "Kunming-Montreal GBF",
        "eubds" => "EU Biodiversity Strategy 2030",
        "nrr" => "Nature Restoration Regulation",
        "habitats" => "Habitats Directive",
        "birds" => "Birds Directive",
        _ => framework,
    };

    public static string TargetLabel(PolicyTarget t) => t.FrameworkCode switch
    {
        "kmgbf" => $"GBF {(t.Kind == "goal" ? "Goal" : "Target")} {t.Code}: {t.Title}",
        "nrr" => $"NRR Art. {t.Code}: {t.Title}",
        "eubds" => $"EUBDS {t.Code.ToUpperInvariant()}: {Shorten(t.Title)}",
        "habitats" => $"HD {t.Code}: {Shorten(t.Title)}",
        "birds" => $"BD {t.Code}: {Shorten(t.Title)}",
        _ => t.Title,
    };

    /// <summary>A short badge for a target code: GBF 2, NRR 8, EUBDS P3, HD art-6.</summary>
    public static string TargetBadge(string code)
    {
        var parts = code.Split(':', 2);
        if (parts.Length < 2) return code;
        return parts[0] switch
        {
            "kmgbf" => "GBF " + parts[1],
            "nrr" => "NRR " + parts[1],
            "eubds" => "EUBDS " + parts[1].ToUpperInvariant(),
            "habitats" => "HD " + parts[1],
            "birds" => "BD " + parts[1],
            _ => code,
        };
    }

    public static string Figure(PracticeResult r, CultureInfo culture) =>
        $"{r.Value.ToString("#,0.##", culture)} {r.Unit}";

    private static string Shorten(string text) => text.Length <= 90 ? text : text[..87].TrimEnd() + "…";
}
