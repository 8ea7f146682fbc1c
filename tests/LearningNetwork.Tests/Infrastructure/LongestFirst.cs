using Xunit;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("LearningNetwork.Tests.Infrastructure.LongestFirst", "LearningNetwork.Tests")]

namespace LearningNetwork.Tests.Infrastructure;

/// <summary>
/// Starts the test collections that take longest first. A test host runs two collections at a time and starts the next
/// only when one ends (xunit's conservative parallel algorithm), so a long collection started last runs alone at the end
/// while a core idles: the kill test, one collection of several minutes, used to start minutes into its host and bound
/// the host's time (bench/results/suite-2026-12-08.md). Longest first keeps both cores busy to the end. The list holds the
/// collections measured as the longest, longest first; the others follow in name order.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    private static readonly string[] Longest =
    [
        "Faults.SqliteKillTests",
        "Robustness.CreateOnceTests",
        "Features.Targets.TargetEditingTests",
        "Features.Translation.MachineTranslationTests",
        "Features.Networks.FederationTests",
        "Features.Audit.AuditLogTests",
        "Features.Practices.PracticeExchangeTests",
        "Operations.ClusterTests",
        "Features.Moderation.ModerationTests",
        "Features.Accounts.AccountTrustTests",
        "Features.Privacy.PrivacyTests",
        "Security.AuthorisationMatrixTests",
        "Faults.PostgresRestartTests",
        "Shell.SharedRateLimitTests",
        "Shell.LanguagesPageTests",
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(Rank).ThenBy(c => c.DisplayName, StringComparer.Ordinal);

    private static int Rank(ITestCollection collection)
    {
        for (var i = 0; i < Longest.Length; i++)
            if (collection.DisplayName.EndsWith("LearningNetwork.Tests." + Longest[i], StringComparison.Ordinal)) return i;
        return Longest.Length;
    }
}
