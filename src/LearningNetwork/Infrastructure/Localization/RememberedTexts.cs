using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Infrastructure.Localization;

/// <summary>
/// The interface texts, remembered per language and key in front of the resource files' localizer. A page asks for a few
/// hundred texts; each ask of <see cref="System.Resources.ResourceManager"/> takes a process-wide lock, and profiling the
/// practice page under load found a fifth of its time waiting there (bench/perf-findings.md, "The uncached practice page"). The resource
/// files are compiled into the app and never change while it runs, so a text once found is the same for the app's life;
/// the memory is bounded by the keys times the languages (a few MB).
/// </summary>
public sealed class RememberedTextsFactory(ResourceManagerStringLocalizerFactory resources) : IStringLocalizerFactory
{
    private readonly ConcurrentDictionary<Type, IStringLocalizer> _byType = new();
    private readonly ConcurrentDictionary<(string BaseName, string Location), IStringLocalizer> _byName = new();

    public IStringLocalizer Create(Type resourceSource) =>
        _byType.GetOrAdd(resourceSource, type => new RememberedTexts(resources.Create(type)));

    public IStringLocalizer Create(string baseName, string location) =>
        _byName.GetOrAdd((baseName, location), key => new RememberedTexts(resources.Create(key.BaseName, key.Location)));
}

/// <summary>One resource file's texts, remembered by the current UI culture and key (<see cref="RememberedTextsFactory"/>).</summary>
internal sealed class RememberedTexts(IStringLocalizer resources) : IStringLocalizer
{
    private readonly ConcurrentDictionary<(string Culture, string Name), LocalizedString> _texts = new();

    public LocalizedString this[string name] =>
        _texts.GetOrAdd((CultureInfo.CurrentUICulture.Name, name), static (key, source) => source[key.Name], resources);

    /// <summary>Formats as the resource files' localizer does: the text, else the key, with the current culture.</summary>
    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var text = this[name];
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, text.Value, arguments), text.ResourceNotFound, text.SearchedLocation);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => resources.GetAllStrings(includeParentCultures);
}
