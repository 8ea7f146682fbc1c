using LearningNetwork.Data;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Operations;

/// <summary>
/// The migrations of each provider describe the model as the code has it. A start migrates only when a migration is
/// pending, so EF's own check for a forgotten migration (a model change without its migration, which a running node would
/// find only as a failing query) is made here, once per provider, instead of at every start.
/// </summary>
public sealed class MigrationsTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_migrations_hold_every_change_of_the_model_and_a_migrated_database_has_none_pending(string provider)
    {
        using var app = new TestApp(provider);
        _ = app.Server;
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        Assert.False(db.Database.HasPendingModelChanges(),
            $"the model has changes no {provider} migration holds: add one (docs/architecture.md, Data)");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }
}
