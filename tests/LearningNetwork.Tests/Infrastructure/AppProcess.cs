using System.Diagnostics;

namespace LearningNetwork.Tests.Infrastructure;

/// <summary>Runs the built app (src/LearningNetwork/bin/...) as its own process, as an operator would.</summary>
public static class AppProcess
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The web project's own output folder, built in the same configuration as these tests.</summary>
    public static string AppFolder
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/{Configuration}/net10.0
            return Path.Combine(RepositoryRoot, "src", "LearningNetwork", "bin", configuration, "net10.0");
        }
    }

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppFolder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppFolder, "LearningNetwork.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LearningNetwork.slnx"))) return dir.FullName;
        throw new InvalidOperationException("LearningNetwork.slnx not found above " + AppContext.BaseDirectory);
    }
}
