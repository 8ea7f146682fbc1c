namespace LearningNetwork.Infrastructure;

/// <summary>
/// <c>Storage:Root</c>: the one folder of all local state (SQLite database, search index, uploaded files).
/// Relative paths are taken from the working directory; folders are created when first needed.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public string Root { get; set; } = "data";

    /// <summary>The root as an absolute path.</summary>
    public string FullRoot => Path.GetFullPath(Root);

    public string PathTo(string relative) => Path.Combine(FullRoot, relative);
}

public static class StorageSetup
{
    public static void AddStorage(this WebApplicationBuilder builder) =>
        builder.Services.AddOptions<StorageOptions>()
            .Bind(builder.Configuration.GetSection(StorageOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Root), "Storage:Root must name a folder.")
            .ValidateOnStart();
}
