namespace LearningNetwork.Features.Accounts;

/// <summary>
/// Where a person goes back to after signing in, registering or confirming their address (an invitation, a page they
/// opened signed out). Only a path of this site is kept: it starts with one '/' (not "//" or "/\", which browsers read as
/// another host), has no control characters and is of a sane length; anything else is dropped, so no link leads away.
/// </summary>
public static class ReturnPath
{
    public static string? Safe(string? url) =>
        url is { Length: > 0 and <= 2000 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl) && !url.Contains('\\', StringComparison.Ordinal)
            ? url : null;

    /// <summary>"?returnUrl=..." for a safe path, else "".</summary>
    public static string Query(string? url) => Safe(url) is { } safe ? "?returnUrl=" + Uri.EscapeDataString(safe) : "";
}
