using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace LearningNetwork.Data;

/// <summary>
/// For <c>dotnet ef migrations add</c>: pass <c>-- --Database:Provider=Postgres</c> to generate the PostgreSQL
/// migrations; no database is contacted.
/// </summary>
internal sealed class DesignTimeDbFactory : IDesignTimeDbContextFactory<LearningNetworkDb>
{
    public LearningNetworkDb CreateDbContext(string[] args)
    {
        var provider = args.Any(a => a.Contains("Provider=Postgres", StringComparison.OrdinalIgnoreCase))
            ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        var builder = new DbContextOptionsBuilder<LearningNetworkDb>();
        DataSetup.Configure(builder, provider, provider == DatabaseProvider.Sqlite
            ? "Data Source=design-time.db" : "Host=localhost;Database=design_time");
        return new LearningNetworkDb(builder.Options);
    }
}
