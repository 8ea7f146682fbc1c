namespace LearningNetwork.Features.Translation;

/// <summary><c>MachineTranslation:*</c>.</summary>
public sealed class MachineTranslationOptions
{
    public const string Section = "MachineTranslation";

    /// <summary><c>apertium</c> (the default: Debian's packages on this machine), <c>libretranslate</c> or <c>none</c>.</summary>
    public string Engine { get; set; } = "apertium";
    public ApertiumOptions Apertium { get; set; } = new();
    public LibreTranslateOptions LibreTranslate { get; set; } = new();
    /// <summary>How often a node looks for queued requests; 0 turns the worker off on this node.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>How long one call of the engine (one field, one step) may take.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>The longest source text translated in one call; longer texts are cut into paragraphs up to this size.</summary>
    public int MaxCharactersPerCall { get; set; } = 20000;
    /// <summary>Translation requests one client address may make per hour on this node (readers need not be signed in).</summary>
    public int RequestsPerHour { get; set; } = 30;
    /// <summary>Requests waiting at most; beyond, a request is refused with "try later" (429).</summary>
    public int MaxQueued { get; set; } = 1000;
    /// <summary>Attempts before a request is marked failed.</summary>
    public int MaxAttempts { get; set; } = 3;
}

public sealed class ApertiumOptions
{
    /// <summary>The <c>apertium</c> program (a name looked up on PATH, or a full path).</summary>
    public string Path { get; set; } = "apertium";
    /// <summary>Languages a missing direct mode may pivot through, in order of preference (ISO 639-1).</summary>
    public string Pivots { get; set; } = "es,en";
}

public sealed class LibreTranslateOptions
{
    /// <summary>The service's base address, such as <c>https://translate.example.org/</c>.</summary>
    public string? Url { get; set; }
    public string? ApiKey { get; set; }
    /// <summary>How long the list of languages (<c>GET /languages</c>) is kept before it is asked again.</summary>
    public TimeSpan LanguagesCacheTime { get; set; } = TimeSpan.FromHours(1);
}
