using LearningNetwork.Tests.Infrastructure;

namespace LearningNetwork.Tests.Shell;

public sealed class CommandLineTests
{
    [Fact]
    public async Task Help_lists_every_verb()
    {
        var (exit, output, _) = await AppProcess.RunAsync("--help");
        Assert.Equal(0, exit);
        foreach (var verb in new[] { "migrate", "create-admin", "backup FILE", "restore FILE", "--Storage:Root" }) Assert.Contains(verb, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_verb_and_missing_argument_are_usage_errors()
    {
        Assert.Equal(2, (await AppProcess.RunAsync("frobnicate")).ExitCode);
        Assert.Equal(2, (await AppProcess.RunAsync("create-admin")).ExitCode);
    }

    [Fact]
    public async Task Migrate_then_create_admin_on_a_fresh_storage_root()
    {
        var root = Directory.CreateTempSubdirectory("ln-cli-").FullName;
        var (exit, output, error) = await AppProcess.RunAsync("migrate", $"--Storage:Root={root}");
        Assert.True(exit == 0, error);
        Assert.Contains("up to date", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(root, "learning-network.db")));

        (exit, _, error) = await AppProcess.RunAsync("create-admin", "not-an-address", $"--Storage:Root={root}");
        Assert.Equal(2, exit);
        Assert.Contains("not an e-mail address", error, StringComparison.Ordinal);

        (exit, output, error) = await AppProcess.RunAsync("create-admin", "coordinator@example.org", $"--Storage:Root={root}");
        Assert.True(exit == 0, error);
        Assert.Contains("Network administrator coordinator@example.org created", output, StringComparison.Ordinal);

        (exit, output, _) = await AppProcess.RunAsync("create-admin", "coordinator@example.org", $"--Storage:Root={root}");
        Assert.Equal(0, exit);
        Assert.Contains("already had an account", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_verb_that_cannot_reach_its_database_fails_with_a_clear_message()
    {
        var (exit, _, error) = await AppProcess.RunAsync("migrate", "--Database:Provider=Postgres",
            "--ConnectionStrings:Postgres=Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=2");
        Assert.Equal(1, exit);
        Assert.Contains("cannot be reached", error, StringComparison.Ordinal);
    }
}
