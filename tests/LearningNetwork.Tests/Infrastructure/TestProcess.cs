using System.Runtime.CompilerServices;

namespace LearningNetwork.Tests.Infrastructure;

/// <summary>Settings of the whole test process, applied before any test runs.</summary>
internal static class TestProcess
{
    /// <summary>
    /// Every in-process app (hundreds over a run) watches its content root, configuration files and wwwroot; with inotify
    /// each watcher holds one of the user's 128 inotify instances (Linux default), and the run fails with "the configured
    /// user limit (128) on the number of inotify instances has been reached". Polling watchers hold none.
    /// </summary>
    [ModuleInitializer]
    internal static void UsePollingFileWatchers() => Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
}
