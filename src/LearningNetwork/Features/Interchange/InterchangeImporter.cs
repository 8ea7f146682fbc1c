using System.Globalization;
using System.Text.Json;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Interchange;

/// <summary>One problem of an import, named by the node (its <c>@id</c>, or its place in the file) and the field.</summary>
public sealed record ImportProblem(string Node, string Field, string Message);

/// <summary>What an import did, or why it did nothing.</summary>
public sealed class ImportReport
{
    public List<ImportProblem> Problems { get; } = [];
    /// <summary>Nodes skipped, not fatal: of types this network does not hold (Person, ImageObject...), that a harvest may not
    /// write (<see cref="ImportScope"/>), and values dropped (an address that is not http or https).</summary>
    public List<string> Skipped { get; } = [];
    /// <summary>Nodes the importer (a partner's API key) may not write: the whole import changes nothing, like a problem,
    /// but the caller is refused (403), not told its file is malformed.</summary>
    public List<ImportProblem> Refused { get; } = [];
    public Dictionary<string, int> Created { get; } = [];
    public Dictionary<string, int> Updated { get; } = [];
    public Dictionary<string, int> Unchanged { get; } = [];
    /// <summary>A harvest's items that the network's feed no longer holds.</summary>
    public Dictionary<string, int> Removed { get; } = [];
    public bool Ok => Problems.Count == 0 && Refused.Count == 0;
    /// <summary>The practices written, @id to row: the caller finds what it wrote without matching the @id again.</summary>
    public Dictionary<string, int> Practices { get; } = new(StringComparer.Ordinal);

    internal void Count(Dictionary<string, int> counter, string type) => counter[type] = counter.GetValueOrDefault(type) + 1;

    public override string ToString()
    {
        static string Line(Dictionary<string, int> d) => d.Count == 0 ? "none" : string.Join(", ", d.OrderBy(x => x.Key).Select(x => $"{x.Value} {x.Key}"));
        if (!Ok)
            return $"Nothing was imported: {Problems.Count + Refused.Count} problem(s).\n" + string.Join("\n", Problems.Concat(Refused).Select(p => $"  {p.Node} {p.Field}: {p.Message}"));
        return $"Imported. Created: {Line(Created)}. Updated: {Line(Updated)}. Unchanged: {Line(Unchanged)}." + (Removed.Count == 0 ? "" : $" Removed: {Line(Removed)}.")
               + (Skipped.Count == 0 ? "" : $"\nSkipped {Skipped.Count}: " + string.Join(", ", Skipped.Take(20)));
    }
}

/// <summary>
/// Reads the interchange format (docs/interchange.md; what <see cref="InterchangeExporter"/> writes, and at least the
/// shapes of PRODUCT.md). All or nothing: every node is read and checked first, every problem is reported with its node
/// and field, and only a file without problems is written, in one transaction. Idempotent: an item's <c>@id</c> is
/// kept as its external identifier, so importing the same file again creates nothing and updates what changed.
/// </summary>
public sealed partial class InterchangeImporter(LearningNetworkDb db, InterchangeIds ids, TimeProvider clock)
{
    public const long MaxBytes = 50L * 1024 * 1024;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private sealed record PartnerNode(string Id, string Name, string? NativeName, PartnerType Type, string Country, string? Nuts, string? Lau,
        double? Latitude, double? Longitude, string? Website, string? Description, long? Population, double? AreaKm2, List<string> Languages,
        List<string> Bioregions, List<int> Themes, bool Demo, DateTime? Created, List<string> MakesOffer, List<string> Seeks, string? Subdivision = null);

    private sealed record TextNode(string Language, TextOrigin Origin, bool Reviewed, string Title, string Summary, string? Description,
        Dictionary<string, string> Fields, string? Keywords);

    private sealed record BlockNode(List<(string Language, string Title, string? Description, string? Enabling, string? Lessons)> Texts);

    private sealed record PracticeNode(string Id, string Author, List<string> Contributors, string Language, string Country, string? Nuts, string? Lau,
        double? Latitude, double? Longitude, string? Place, PracticeStatus Status, PracticeStage Stage, GovernanceLevel Governance, string? Scale,
        double? Budget, double? Staff, int? Months, int? Lifetime, DateOnly? ReviewBy, DateOnly? Start, DateOnly? End, DateTime? Created, DateTime? Published,
        List<TextNode> Texts, List<BlockNode> Blocks, List<PracticeResult> Results, List<(string Scheme, string Code)> Tags, bool Demo);

    private sealed record TransferNode(string Id, string Agent, string Source, string? Adopted, DateOnly On, string WhatChanged, string? Result, List<int> BlockPositions);

    /// <summary>A network admin's import by hand: may create and update anything (<see cref="ImportScope.ByHand"/>).</summary>
    public Task<ImportReport> ImportAsync(Stream input, CancellationToken ct) => ImportAsync(input, ImportScope.ByHand, false, ct);

    /// <summary>For the write API: new practices take this stage (submitted, for a moderator), and an update leaves a
    /// practice that is not public yet in its stage.</summary>
    public PracticeStage? StageOfNewPractices { get; set; }

    /// <summary>
    /// Imports a file; with <paramref name="origin"/> (a harvest), new items are marked as that network's, and items
    /// of that network that the file no longer holds are removed: the feed is the network's whole public content.
    /// </summary>
    public async Task<ImportReport> ImportAsync(Stream input, RegisteredNetwork? origin, CancellationToken ct) => await ImportAsync(input, origin, true, ct);

    /// <summary>Imports a file, as a harvest of <paramref name="origin"/> when one is given.</summary>
    /// <param name="input">The JSON-LD document.</param>
    /// <param name="origin">The registered network harvested, or null for an import by hand.</param>
    /// <param name="prune">With an origin: remove the network's items the file no longer holds (a whole export); false for a
    /// partial feed such as Atom's latest changes.</param>
    /// <param name="ct">Cancellation.</param>
    public Task<ImportReport> ImportAsync(Stream input, RegisteredNetwork? origin, bool prune, CancellationToken ct) =>
        ImportAsync(input, origin is null ? ImportScope.ByHand : ImportScope.HarvestOf(origin), prune, ct);

    /// <summary>Imports a file as <paramref name="scope"/>: every node that names a row held here, and every partner an item
    /// is attributed to, passes the scope's ownership check before anything is written (InterchangeImporter.Scope.cs).</summary>
    /// <param name="input">The JSON-LD document.</param>
    /// <param name="scope">Who is importing.</param>
    /// <param name="prune">For a harvest: remove the network's items the file no longer holds.</param>
    /// <param name="ct">Cancellation.</param>
    public async Task<ImportReport> ImportAsync(Stream input, ImportScope scope, bool prune, CancellationToken ct)
    {
        var origin = scope.Origin;
        var report = new ImportReport();
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(input, new JsonDocumentOptions { MaxDepth = 64, CommentHandling = JsonCommentHandling.Skip }, ct);
        }
        catch (JsonException e)
        {
            report.Problems.Add(new ImportProblem("(file)", "", $"not valid JSON: {e.Message}"));
            return report;
        }
        using (document)
        {
            var nodes = Nodes(document.RootElement, report);
            if (!report.Ok) return report;
            var reference = await ReferenceAsync(ct);
            var partners = new List<PartnerNode>();
            var practices = new List<PracticeNode>();
            var transfers = new List<TransferNode>();
            var exchanges = new List<ExchangeNode>();
            var events = new List<EventNode>();
            var commitments = new List<CommitmentNode>();
            var news = new List<NewsNode>();
            // Offers and requests may also come embedded in their organisation's makesOffer and seeks: read after the file's own nodes.
            var embedded = new List<(JsonElement Node, string Where)>();
            for (var i = 0; i < nodes.Count + embedded.Count; i++)
            {
                var node = i < nodes.Count ? nodes[i] : embedded[i - nodes.Count].Node;
                var name = node.TryGetProperty("@id", out var idValue) && idValue.ValueKind == JsonValueKind.String ? idValue.GetString()!
                    : i < nodes.Count ? $"(node {i + 1})" : embedded[i - nodes.Count].Where;
                var check = new NodeReader(node, name, report);
                var types = check.Types();
                var additional = check.OptionalString("additionalType");
                if (types.Contains("Organization") || types.Contains("GovernmentOrganization"))
                {
                    if (ReadPartner(check, types, reference) is { } p) partners.Add(p);
                    if (i < nodes.Count) embedded.AddRange(Embedded(node, name));
                }
                else if (types.Contains("Offer") || types.Contains("Demand"))
                {
                    if (ReadExchange(check, types.Contains("Offer"), reference) is { } x) exchanges.Add(x);
                }
                else if (types.Contains("Event"))
                {
                    if (ReadEvent(check, reference) is { } ev) events.Add(ev);
                }
                else if (types.Contains(InterchangeFormat.NewsType))
                {
                    if (ReadNews(check, reference) is { } item) news.Add(item);
                }
                else if (types.Contains("CreativeWork") && additional == InterchangeFormat.PracticeType)
                {
                    if (ReadPractice(check, reference) is { } p) practices.Add(p);
                }
                else if (types.Contains("Action") && additional == InterchangeFormat.TransferType)
                {
                    if (ReadTransfer(check) is { } t) transfers.Add(t);
                }
                else if (types.Contains("Action") && additional == InterchangeFormat.CommitmentType)
                {
                    if (ReadCommitment(check, reference) is { } c) commitments.Add(c);
                }
                else report.Skipped.Add($"{name} ({string.Join("/", types.DefaultIfEmpty("no @type"))})");
            }
            Duplicates(report, partners.Select(p => p.Id).Concat(practices.Select(p => p.Id)).Concat(exchanges.Select(x => x.Id)).Concat(events.Select(x => x.Id))
                .Concat(commitments.Select(c => c.Id)).Concat(news.Select(x => x.Id)));
            await CheckLinksAsync(partners, practices, transfers, report, ct);
            foreach (var c in commitments)
                if (!await PartnerKnownAsync(c.Agent, partners.Select(p => p.Id).ToHashSet(StringComparer.Ordinal), ct))
                    report.Problems.Add(new ImportProblem(c.Id, "agent", $"{c.Agent} is neither in the file nor known here"));
            foreach (var n in news)
                if (n.Publisher is { } publisher && !await PartnerKnownAsync(publisher, partners.Select(p => p.Id).ToHashSet(StringComparer.Ordinal), ct))
                    report.Problems.Add(new ImportProblem(n.Id, "publisher", $"{publisher} is neither in the file nor known here"));
            await ResolveExchangesAsync(exchanges, partners, report, ct);
            if (!report.Ok) return report;

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7201005)", ct);
            var held = await GuardAsync(scope, partners, practices, transfers, exchanges, commitments, report, ct);
            var heldEvents = await GuardEventsAsync(scope, events, partners.Select(p => p.Id).ToHashSet(StringComparer.Ordinal), report, ct);
            var heldNews = await GuardNewsAsync(scope, news, partners.Select(p => p.Id).ToHashSet(StringComparer.Ordinal), report, ct);
            if (!report.Ok) return report; // refused: the transaction is rolled back, nothing was written
            var partnerIds = await UpsertPartnersAsync(partners, held.Partners, origin, report, ct);
            var practiceIds = new Dictionary<string, int>(held.Practices, StringComparer.Ordinal);
            await CompleteMapAsync(partnerIds, practices.SelectMany(n => n.Contributors.Append(n.Author)).Concat(transfers.Select(t => t.Agent)), ct);
            await UpsertPracticesAsync(practices, partnerIds, practiceIds, origin, report, ct);
            await UpsertTransfersAsync(transfers, partnerIds, practiceIds, report, ct);
            var (offerIds, requestIds) = await UpsertExchangesAsync(exchanges, partnerIds, held, origin, report, ct);
            await UpsertEventsAsync(events, heldEvents, partnerIds, origin, report, ct);
            var commitmentIds = await UpsertCommitmentsAsync(commitments, partnerIds, held.Commitments, report, ct);
            var newsIds = await UpsertNewsAsync(news, heldNews, partnerIds, report, ct);
            if (origin is not null && prune)
            {
                await PruneCommitmentsAsync(origin, commitmentIds, report, ct);
                await PruneNewsAsync(origin, newsIds, report, ct);
                await PruneExchangesAsync(origin, offerIds, requestIds, report, ct);
                await PruneAsync(origin, partnerIds.Values.ToHashSet(), practiceIds.Values.ToHashSet(), report, ct);
            }
            foreach (var n in practices) report.Practices[n.Id] = practiceIds[n.Id];
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return report;
        }
    }

    /// <summary>The item nodes of the file: a @graph, an array of nodes, or a single node.</summary>
    private static List<JsonElement> Nodes(JsonElement root, ImportReport report)
    {
        if (root.ValueKind == JsonValueKind.Array) return Objects(root, report);
        if (root.ValueKind != JsonValueKind.Object)
        {
            report.Problems.Add(new ImportProblem("(file)", "", "a JSON-LD document is an object with @graph, an array of nodes or one node"));
            return [];
        }
        if (root.TryGetProperty("@graph", out var graph))
        {
            if (graph.ValueKind == JsonValueKind.Array) return Objects(graph, report);
            report.Problems.Add(new ImportProblem("(file)", "@graph", "must be an array of nodes"));
            return [];
        }
        return [root];
    }

    private static List<JsonElement> Objects(JsonElement array, ImportReport report)
    {
        var list = new List<JsonElement>();
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            i++;
            if (item.ValueKind == JsonValueKind.Object) list.Add(item);
            else report.Problems.Add(new ImportProblem($"(node {i})", "", "a node must be a JSON object"));
        }
        return list;
    }

    /// <summary>Every reference must name a node of the file or an item this network already holds: broken links are problems.</summary>
    private async Task CheckLinksAsync(List<PartnerNode> partners, List<PracticeNode> practices, List<TransferNode> transfers, ImportReport report, CancellationToken ct)
    {
        var partnerIds = partners.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var practiceIds = practices.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        async Task<bool> KnownAsync(string kind, string id, HashSet<string> inFile)
        {
            return inFile.Contains(id) || await FindAsync(kind, id, ct) is not null;
        }
        foreach (var n in practices)
        {
            if (!await KnownAsync("partners", n.Author, partnerIds)) report.Problems.Add(new ImportProblem(n.Id, "author", $"{n.Author} is neither in the file nor known here"));
            foreach (var c in n.Contributors)
                if (!await KnownAsync("partners", c, partnerIds)) report.Problems.Add(new ImportProblem(n.Id, "contributor", $"{c} is neither in the file nor known here"));
        }
        foreach (var t in transfers)
        {
            if (!await KnownAsync("partners", t.Agent, partnerIds)) report.Problems.Add(new ImportProblem(t.Id, "agent", $"{t.Agent} is neither in the file nor known here"));
            foreach (var (field, reference) in new[] { ("object", t.Source), ("result", t.Adopted) })
                if (reference is not null && !await KnownAsync("practices", reference, practiceIds))
                    report.Problems.Add(new ImportProblem(t.Id, field, $"{reference} is neither in the file nor known here"));
        }
    }

    private static void Duplicates(ImportReport report, IEnumerable<string> ids)
    {
        foreach (var id in ids.GroupBy(x => x, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
            report.Problems.Add(new ImportProblem(id, "@id", "appears on more than one node"));
    }

    private sealed record Reference(Dictionary<string, string> Countries, Dictionary<string, string> Nuts, HashSet<int> Concepts,
        HashSet<string> Targets, HashSet<string> Habitats, HashSet<string> Services, HashSet<string> Bioregions)
    {
        /// <summary>ISO 3166-2 code to its ISO country.</summary>
        public Dictionary<string, string> Subdivisions { get; init; } = [];
    }

    private async Task<Reference> ReferenceAsync(CancellationToken ct) => new(
        await db.Countries.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.EurostatCode, ct),
        await db.NutsRegions.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.CountryCode, ct),
        (await db.GemetConcepts.AsNoTracking().Select(c => c.Id).ToListAsync(ct)).ToHashSet(),
        (await db.PolicyTargets.AsNoTracking().Select(t => t.FrameworkCode + ":" + t.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal),
        (await db.EunisHabitats.AsNoTracking().Select(h => h.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal),
        (await db.CicesCategories.AsNoTracking().Select(c => c.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal),
        (await db.BiogeographicalRegions.AsNoTracking().Select(r => r.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal))
    {
        Subdivisions = await db.Subdivisions.AsNoTracking().ToDictionaryAsync(s => s.Code, s => s.CountryCode, StringComparer.Ordinal, ct),
    };

    private static PartnerNode? ReadPartner(NodeReader n, List<string> types, Reference r)
    {
        var id = n.Id();
        var name = n.RequiredString("name", 300);
        var additional = n.OptionalString("additionalType");
        var type = additional is null
            ? types.Contains("GovernmentOrganization") ? PartnerType.Region : PartnerType.Association
            : Partners.PartnerQueryParser.ParseType(additional);
        if (type is null) n.Problem("additionalType", "must be region, municipality, association, network, expert-body, ngo, research, business or land-manager");
        var country = n.Path("address", "addressCountry") is { ValueKind: JsonValueKind.String } c ? c.GetString() : null;
        if (country is null || !r.Countries.ContainsKey(country)) n.Problem("address.addressCountry", "must be an ISO 3166-1 alpha-2 code of a European country");
        var identifiers = n.PropertyValues("identifier");
        var nuts = identifiers.GetValueOrDefault("NUTS")?.FirstOrDefault();
        if (nuts is not null && (!r.Nuts.TryGetValue(nuts, out var nutsCountry) || (country is not null && r.Countries.TryGetValue(country, out var eu) && nutsCountry != eu)))
            n.Problem("identifier NUTS", $"{nuts} is not a NUTS 2024 region of {country}");
        var subdivision = identifiers.GetValueOrDefault(InterchangeFormat.Subdivision)?.FirstOrDefault();
        if (subdivision is not null && (!r.Subdivisions.TryGetValue(subdivision, out var subdivisionCountry) || (country is not null && subdivisionCountry != country)))
            n.Problem("identifier " + InterchangeFormat.Subdivision, $"{subdivision} is not an ISO 3166-2 subdivision of {country}");
        var extra = n.PropertyValues("additionalProperty");
        var bioregions = extra.GetValueOrDefault(InterchangeFormat.Bioregion) ?? [];
        foreach (var b in bioregions.Where(b => !r.Bioregions.Contains(b))) n.Problem("additionalProperty biogeographicalRegion", $"{b} is not a Natura 2000 biogeographical region");
        var languages = n.Strings("knowsLanguage");
        foreach (var l in languages.Where(l => !PracticeQueryParser.IsLanguageCode(l))) n.Problem("knowsLanguage", $"{l} is not an ISO 639-1 code");
        var themes = n.TermCodes("knowsAbout").Where(t => t.StartsWith("GEMET-", StringComparison.Ordinal))
            .Select(t => int.TryParse(t[6..], NumberStyles.None, Inv, out var v) ? v : -1).ToList();
        if (themes.Any(t => !r.Concepts.Contains(t))) n.Problem("knowsAbout", "names a GEMET concept that does not exist");
        var (lat, lon) = n.Geo("location");
        var makesOffer = n.Refs("makesOffer");
        var seeks = n.Refs("seeks");
        if (!n.Ok || id is null || type is null) return null;
        return new PartnerNode(id, name!, n.OptionalString("alternateName", 300), type.Value, country!, nuts, identifiers.GetValueOrDefault("LAU")?.FirstOrDefault(),
            lat, lon, n.OptionalHttpUrl("url", 500), n.OptionalString("description", 4000), (long?)n.Number(extra, "population"), n.Number(extra, "areaKm2"),
            languages.Distinct().ToList(), bioregions.Distinct().ToList(), themes.Distinct().ToList(), NodeReader.Flag(extra, InterchangeFormat.Demo), n.Date("dateCreated"),
            makesOffer.Distinct().ToList(), seeks.Distinct().ToList(), subdivision);
    }

    private static PracticeNode? ReadPractice(NodeReader n, Reference r)
    {
        var id = n.Id();
        var title = n.RequiredString("name", 250);
        var summary = n.RequiredString("description", 600);
        // Untagged text: the language is guessed from the text itself when it says clearly.
        var language = n.OptionalString("inLanguage", 8) ?? Search.LanguageGuesser.Guess($"{title}. {summary} {n.OptionalString("text", 20000)}");
        if (language is null) n.Problem("inLanguage", "is missing, and the text does not show its language clearly: give an ISO 639-1 code such as de");
        else if (!PracticeQueryParser.IsLanguageCode(language)) n.Problem("inLanguage", "must be an ISO 639-1 code such as de");
        var author = n.Ref("author");
        if (author is null) n.Problem("author", "must name the owning organisation as {\"@id\": ...}");
        var country = n.Path("spatialCoverage", "address", "addressCountry") is { ValueKind: JsonValueKind.String } c ? c.GetString() : null;
        if (country is not null && !r.Countries.ContainsKey(country)) n.Problem("spatialCoverage.address.addressCountry", $"{country} is not an ISO 3166-1 alpha-2 code of a European country");
        var placeIds = n.PropertyValues("spatialCoverage", "identifier");
        var nuts = placeIds.GetValueOrDefault("NUTS")?.FirstOrDefault();
        if (nuts is not null && !r.Nuts.ContainsKey(nuts)) n.Problem("spatialCoverage.identifier NUTS", $"{nuts} is not a NUTS 2024 region");
        var extra = n.PropertyValues("additionalProperty");
        string? One(string key) => extra.GetValueOrDefault(key)?.FirstOrDefault();
        T Code<T>(string key, T fallback) where T : struct, Enum
        {
            var value = One(key);
            if (value is null) return fallback;
            if (PracticesApi.ParseCode<T>(value) is { } v) return v;
            n.Problem("additionalProperty " + key, $"{value} is not one of {string.Join(", ", Enum.GetValues<T>().Select(x => PracticesApi.Code(x)))}");
            return fallback;
        }
        var status = n.OptionalString("creativeWorkStatus") is { } s ? PracticesApi.ParseCode<PracticeStatus>(s) : PracticeStatus.Ongoing;
        if (status is null) n.Problem("creativeWorkStatus", "must be ongoing, completed or discontinued");
        var stage = Code(InterchangeFormat.Stage, PracticeStage.Published);
        if (stage is not (PracticeStage.Published or PracticeStage.Archived)) n.Problem("additionalProperty stage", "only published or archived practices are exchanged");
        var governance = Code(InterchangeFormat.GovernanceLevel, GovernanceLevel.Local);

        var tags = new List<(string, string)>();
        foreach (var term in n.TermCodes("about"))
        {
            if (term.StartsWith("GEMET-", StringComparison.Ordinal) && int.TryParse(term[6..], NumberStyles.None, Inv, out var concept) && r.Concepts.Contains(concept))
                tags.Add((PracticeTagSchemes.Theme, concept.ToString(Inv)));
            else if (term.StartsWith("EUNIS-", StringComparison.Ordinal) && r.Habitats.Contains(term[6..])) tags.Add((PracticeTagSchemes.Habitat, term[6..]));
            else if (term.StartsWith("CICES-", StringComparison.Ordinal) && r.Services.Contains(term[6..])) tags.Add((PracticeTagSchemes.Service, term[6..]));
            else if (term.StartsWith("SDG-", StringComparison.Ordinal) && int.TryParse(term[4..], NumberStyles.None, Inv, out var sdg) && sdg is >= 1 and <= 17)
                tags.Add((PracticeTagSchemes.Sdg, sdg.ToString(Inv)));
            else if (TargetCode(term) is { } target && r.Targets.Contains(target)) tags.Add((PracticeTagSchemes.Target, target));
            // Other vocabularies: other networks classify more than we do; the term is not kept, the practice is.
        }
        foreach (var f in extra.GetValueOrDefault(InterchangeFormat.Funding) ?? [])
            if (FundingSources.All.Contains(f)) tags.Add((PracticeTagSchemes.Funding, f));
        foreach (var b in extra.GetValueOrDefault(InterchangeFormat.Bioregion) ?? [])
            if (r.Bioregions.Contains(b)) tags.Add((PracticeTagSchemes.Bioregion, b));

        var texts = new List<TextNode>();
        if (language is not null && title is not null && summary is not null)
            texts.Add(new TextNode(language, TextOrigin.Human, true, title, summary, n.OptionalString("text", 20000), n.TextFields(extra), Keywords(n.Strings("keywords"))));
        foreach (var (translation, index) in n.Objects("workTranslation").Select((t, i) => (t, i)))
        {
            var tr = new NodeReader(translation, $"{n.Name} workTranslation[{index}]", n.Report);
            var lang = tr.RequiredString("inLanguage", 8);
            var trTitle = tr.RequiredString("name", 250);
            var trSummary = tr.RequiredString("description", 600);
            var origin = tr.OptionalString("creativeWorkStatus") ?? "human";
            if (lang is not null && trTitle is not null && trSummary is not null && PracticeQueryParser.IsLanguageCode(lang) && lang != language)
                texts.Add(new TextNode(lang, origin.StartsWith("machine", StringComparison.Ordinal) ? TextOrigin.Machine : TextOrigin.Human,
                    origin.EndsWith("-reviewed", StringComparison.Ordinal), trTitle, trSummary, tr.OptionalString("text", 20000),
                    tr.TextFields(tr.PropertyValues("additionalProperty")), Keywords(tr.Strings("keywords"))));
        }

        var blocks = new List<BlockNode>();
        foreach (var (part, index) in n.Objects("hasPart").Select((p, i) => (p, i)))
        {
            var b = new NodeReader(part, $"{n.Name} hasPart[{index}]", n.Report);
            var bTitle = b.RequiredString("name", 250);
            var bExtra = b.PropertyValues("additionalProperty");
            var list = new List<(string, string, string?, string?, string?)>();
            if (bTitle is not null)
                list.Add((b.OptionalString("inLanguage") ?? language ?? "en", bTitle, b.OptionalString("description", 8000),
                    bExtra.GetValueOrDefault(InterchangeFormat.EnablingFactors)?.FirstOrDefault(), bExtra.GetValueOrDefault(InterchangeFormat.LessonsLearned)?.FirstOrDefault()));
            foreach (var t in b.Objects("workTranslation"))
            {
                var tr = new NodeReader(t, b.Name + " workTranslation", n.Report);
                var tExtra = tr.PropertyValues("additionalProperty");
                if (tr.RequiredString("inLanguage", 8) is { } l && tr.RequiredString("name", 250) is { } tt)
                    list.Add((l, tt, tr.OptionalString("description", 8000), tExtra.GetValueOrDefault(InterchangeFormat.EnablingFactors)?.FirstOrDefault(),
                        tExtra.GetValueOrDefault(InterchangeFormat.LessonsLearned)?.FirstOrDefault()));
            }
            if (list.Count > 0) blocks.Add(new BlockNode(list));
        }

        var results = new List<PracticeResult>();
        foreach (var (result, index) in n.Objects("additionalProperty").Where(o => o.TryGetProperty("propertyID", out var pid) && pid.ValueKind == JsonValueKind.String && pid.ValueEquals(InterchangeFormat.Result)).Select((o, i) => (o, i)))
        {
            var rr = new NodeReader(result, $"{n.Name} result[{index}]", n.Report);
            var label = rr.RequiredString("name", 250);
            var unit = rr.RequiredString("unitText", 40);
            var value = rr.RequiredNumber("value");
            var indicator = rr.OptionalString("measurementTechnique");
            if (label is not null && unit is not null && value is not null)
                results.Add(new PracticeResult
                {
                    Position = index, Label = label, Unit = unit, Value = value.Value, Baseline = rr.OptionalNumber("minValue"),
                    Year = rr.OptionalString("observationDate") is { } y && int.TryParse(y[..Math.Min(4, y.Length)], NumberStyles.None, Inv, out var year) ? year : null,
                    Indicator = indicator is not null && ResultIndicators.All.Contains(indicator) ? indicator : null,
                });
        }

        var (lat, lon) = n.Geo("spatialCoverage");
        var (start, end) = Period(n.OptionalString("temporalCoverage"));
        DateOnly? reviewBy = One(InterchangeFormat.ReviewBy) is { } rb && DateOnly.TryParseExact(rb, "yyyy-MM-dd", Inv, DateTimeStyles.None, out var rbd) ? rbd : null;
        if (!n.Ok || id is null || author is null || language is null) return null;
        return new PracticeNode(id, author, n.Refs("contributor"), language, country ?? "", nuts, placeIds.GetValueOrDefault("LAU")?.FirstOrDefault(),
            lat, lon, n.Path("spatialCoverage", "name") is { ValueKind: JsonValueKind.String } place ? Clip(place.GetString(), 200) : null,
            status ?? PracticeStatus.Ongoing, stage, governance, Clip(One(InterchangeFormat.Scale), 200), n.Number(extra, InterchangeFormat.BudgetEur),
            n.Number(extra, InterchangeFormat.StaffFte), (int?)n.Number(extra, InterchangeFormat.MonthsToImplement), (int?)n.Number(extra, InterchangeFormat.ExpectedLifetimeYears),
            reviewBy, start, end, n.Date("dateCreated"), n.Date("datePublished"), texts, blocks, results, tags.Distinct().ToList(), NodeReader.Flag(extra, InterchangeFormat.Demo));
    }

    private static TransferNode? ReadTransfer(NodeReader n)
    {
        var id = n.Id();
        var agent = n.Ref("agent");
        if (agent is null) n.Problem("agent", "must name the adopting organisation as {\"@id\": ...}");
        var source = n.Ref("object");
        if (source is null) n.Problem("object", "must name the practice transferred as {\"@id\": ...}");
        var on = n.Date("startTime");
        if (on is null) n.Problem("startTime", "must be a date (yyyy-MM-dd)");
        var changed = n.RequiredString("description", 4000);
        var positions = n.Refs("instrument").Select(r => r.LastIndexOf("#block-", StringComparison.Ordinal) is var i and >= 0
            && int.TryParse(r[(i + 7)..], NumberStyles.None, Inv, out var p) ? p - 1 : -1).ToList();
        if (positions.Contains(-1)) n.Problem("instrument", "names a building block that is not {practice @id}#block-N");
        if (!n.Ok || id is null) return null;
        return new TransferNode(id, agent!, source!, n.Ref("result"), DateOnly.FromDateTime(on!.Value), changed!, n.OptionalString("resultComment", 4000), positions);
    }

    /// <summary>KMGBF-12 → kmgbf:12, NRR-8 → nrr:8, EUBDS-P3 → eubds:p3, HD-ART-6 → habitats:art-6, BD-ANNEX-I → birds:annex-i.</summary>
    internal static string? TargetCode(string term)
    {
        var dash = term.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0) return null;
        var framework = term[..dash] switch { "KMGBF" => "kmgbf", "NRR" => "nrr", "EUBDS" => "eubds", "HD" => "habitats", "BD" => "birds", _ => null };
        return framework is null ? null : $"{framework}:{term[(dash + 1)..].ToLowerInvariant()}";
    }

    private static (DateOnly?, DateOnly?) Period(string? text)
    {
        if (text is null) return (null, null);
        var parts = text.Split('/');
        static DateOnly? D(string s) => DateOnly.TryParseExact(s, "yyyy-MM-dd", Inv, DateTimeStyles.None, out var d) ? d : null;
        return (D(parts[0]), parts.Length > 1 ? D(parts[1]) : null);
    }

    private static string? Keywords(List<string> keywords) => PracticeKeywords.Join(keywords.Select(k => Clip(k, 60)!));

    private static string? Clip(string? value, int max) => value is null ? null : value.Length <= max ? value : value[..max];

    /// <summary>Creates or updates the file's partners; <paramref name="held"/> holds the rows they name (<see cref="GuardAsync"/>).</summary>
    private async Task<Dictionary<string, int>> UpsertPartnersAsync(List<PartnerNode> nodes, Dictionary<string, int> held, RegisteredNetwork? origin,
        ImportReport report, CancellationToken ct)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;
        var wanted = held.Values.ToList();
        var existing = await db.Partners.Include(p => p.Languages).Include(p => p.BiogeographicalRegions).Include(p => p.Themes).AsSplitQuery()
            .Where(p => wanted.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var slugs = (await db.Partners.Select(p => p.Slug).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var entities = new Dictionary<string, Partner>(StringComparer.Ordinal);
        foreach (var n in nodes)
        {
            var partner = held.TryGetValue(n.Id, out var heldId) ? existing[heldId] : null;
            var created = partner is null;
            if (partner is null)
            {
                partner = new Partner
                {
                    Slug = UniqueSlug(SlugFrom(n.Id, n.Name), slugs), Name = n.Name, CountryCode = n.Country, ExternalId = n.Id, CreatedAt = n.Created ?? now,
                    OriginNetworkId = origin?.Id,
                };
                db.Partners.Add(partner);
            }
            var before = Fingerprint(partner);
            partner.Name = n.Name;
            partner.NativeName = n.NativeName;
            partner.Type = n.Type;
            partner.CountryCode = n.Country;
            partner.NutsCode = n.Nuts;
            partner.LauCode = n.Lau;
            partner.SubdivisionCode = n.Subdivision;
            partner.Latitude = n.Latitude;
            partner.Longitude = n.Longitude;
            partner.Website = n.Website;
            partner.Description = n.Description;
            partner.Population = n.Population;
            partner.AreaKm2 = n.AreaKm2;
            partner.IsDemo = n.Demo;
            Sync(partner.Languages, n.Languages, l => l.LanguageCode, l => new PartnerLanguage { LanguageCode = l });
            Sync(partner.BiogeographicalRegions, n.Bioregions, r => r.RegionCode, r => new PartnerBiogeographicalRegion { RegionCode = r });
            Sync(partner.Themes, n.Themes, t => t.ConceptId, t => new PartnerTheme { ConceptId = t });
            entities[n.Id] = partner;
            if (created) report.Count(report.Created, "partners");
            else if (before != Fingerprint(partner))
            {
                partner.Version = Guid.NewGuid();
                report.Count(report.Updated, "partners");
            }
            else report.Count(report.Unchanged, "partners");
        }
        await db.SaveChangesAsync(ct);
        foreach (var (id, partner) in entities) map[id] = partner.Id;
        return map;
    }

    /// <summary>Every @id of the file, and every @id the database already knows, to the row it names.</summary>
    private async Task<Dictionary<string, int>> CompleteMapAsync(Dictionary<string, int> map, IEnumerable<string> wanted, CancellationToken ct)
    {
        foreach (var id in wanted)
        {
            if (!map.ContainsKey(id) && await FindAsync("partners", id, ct) is { } row) map[id] = row.Id;
        }
        return map;
    }

    private static string Fingerprint(Partner p) => JsonSerializer.Serialize(new object?[]
    {
        p.Name, p.NativeName, p.Type, p.CountryCode, p.NutsCode, p.SubdivisionCode, p.LauCode, p.Latitude, p.Longitude, p.Website, p.Description, p.Population, p.AreaKm2, p.IsDemo,
        p.Languages.Select(l => l.LanguageCode).Order(), p.BiogeographicalRegions.Select(r => r.RegionCode).Order(), p.Themes.Select(t => t.ConceptId).Order(),
    });

    private static void Sync<TItem, TKey>(List<TItem> items, List<TKey> wanted, Func<TItem, TKey> key, Func<TKey, TItem> make) where TKey : notnull
    {
        items.RemoveAll(i => !wanted.Contains(key(i)));
        foreach (var w in wanted.Where(w => !items.Any(i => EqualityComparer<TKey>.Default.Equals(key(i), w)))) items.Add(make(w));
    }

    /// <summary>Creates or updates the file's practices; <paramref name="map"/> holds the rows they name (<see cref="GuardAsync"/>), and gets the new ones.</summary>
    private async Task UpsertPracticesAsync(List<PracticeNode> nodes, Dictionary<string, int> partners, Dictionary<string, int> map, RegisteredNetwork? origin,
        ImportReport report, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var slugs = (await db.Practices.Select(p => p.Slug).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        slugs.UnionWith(["new", "review"]); // the practice pages' own routes
        var entities = new Dictionary<string, Practice>(StringComparer.Ordinal);
        var countries = await db.Partners.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.CountryCode, ct);
        foreach (var n in nodes)
        {
            Practice? practice = null;
            if (map.TryGetValue(n.Id, out var existingId))
                practice = await db.Practices.Include(p => p.Texts).Include(p => p.Tags).Include(p => p.Blocks).ThenInclude(b => b.Texts)
                    .Include(p => p.Results).Include(p => p.Contributors).AsSplitQuery().FirstAsync(p => p.Id == existingId, ct);
            var created = practice is null;
            var partnerId = partners[n.Author];
            if (practice is null)
            {
                var original = n.Texts.First(t => t.Language == n.Language);
                practice = new Practice
                {
                    Slug = UniqueSlug(SlugFrom(n.Id, original.Title), slugs), PartnerId = partnerId, OriginalLanguage = n.Language,
                    CountryCode = n.Country, ExternalId = n.Id, CreatedAt = n.Created ?? now, OriginNetworkId = origin?.Id,
                };
                db.Practices.Add(practice);
            }
            var before = created ? null : JsonSerializer.Serialize(PracticeHistory.Flatten(practice));
            practice.PartnerId = partnerId;
            practice.OriginalLanguage = n.Language;
            practice.CountryCode = n.Country.Length == 2 ? n.Country : countries.GetValueOrDefault(partnerId, "");
            practice.NutsCode = n.Nuts;
            practice.LauCode = n.Lau;
            practice.Latitude = n.Latitude;
            practice.Longitude = n.Longitude;
            practice.PlaceName = n.Place;
            practice.Status = n.Status;
            if (StageOfNewPractices is { } stageOfNew)
            {
                if (created) practice.Stage = stageOfNew;
                else if (practice.Stage is PracticeStage.Published or PracticeStage.Archived) practice.Stage = n.Stage;
            }
            else practice.Stage = n.Stage;
            practice.GovernanceLevel = n.Governance;
            practice.Scale = n.Scale;
            practice.BudgetEur = n.Budget;
            practice.StaffFte = n.Staff;
            practice.MonthsToImplement = n.Months;
            practice.ExpectedLifetimeYears = n.Lifetime;
            practice.ReviewBy = n.ReviewBy;
            practice.StartDate = n.Start;
            practice.EndDate = n.End;
            practice.IsDemo = n.Demo;
            if (practice.Stage is PracticeStage.Published or PracticeStage.Archived)
            {
                practice.PublishedAt ??= n.Published ?? now;
                practice.LastReviewedAt ??= practice.PublishedAt;
            }

            practice.Texts.RemoveAll(t => n.Texts.All(x => x.Language != t.Language));
            foreach (var x in n.Texts)
            {
                var t = practice.Texts.FirstOrDefault(t => t.Language == x.Language);
                if (t is null)
                {
                    t = new PracticeText { Language = x.Language, Title = x.Title, Summary = x.Summary };
                    practice.Texts.Add(t);
                }
                t.Origin = x.Origin;
                t.Reviewed = x.Reviewed;
                t.Title = x.Title;
                t.Summary = x.Summary;
                t.Description = x.Description;
                foreach (var (key, _, set) in InterchangeFormat.TextFields) set(t, x.Fields.GetValueOrDefault(key));
                t.Keywords = x.Keywords;
                t.UpdatedAt = now;
            }
            practice.Tags.RemoveAll(t => !n.Tags.Contains((t.Scheme, t.Code)));
            practice.Tags.AddRange(n.Tags.Where(x => !practice.Tags.Any(t => t.Scheme == x.Scheme && t.Code == x.Code))
                .Select(x => new PracticeTag { Scheme = x.Scheme, Code = x.Code }));
            var contributorIds = n.Contributors.Select(c => partners[c]).Where(c => c != partnerId).Distinct().ToList();
            practice.Contributors.RemoveAll(c => !contributorIds.Contains(c.PartnerId));
            practice.Contributors.AddRange(contributorIds.Where(c => practice.Contributors.All(x => x.PartnerId != c)).Select(c => new PracticeContributor { PartnerId = c }));
            var blocks = practice.Blocks.OrderBy(b => b.Position).ToList();
            for (var i = 0; i < n.Blocks.Count; i++)
            {
                var block = i < blocks.Count ? blocks[i] : null;
                if (block is null)
                {
                    block = new BuildingBlock();
                    practice.Blocks.Add(block);
                }
                block.Position = i;
                block.Texts.RemoveAll(t => n.Blocks[i].Texts.All(x => x.Language != t.Language));
                foreach (var x in n.Blocks[i].Texts)
                {
                    var bt = block.Texts.FirstOrDefault(t => t.Language == x.Language);
                    if (bt is null)
                    {
                        bt = new BuildingBlockText { Language = x.Language, Title = x.Title };
                        block.Texts.Add(bt);
                    }
                    bt.Title = x.Title;
                    bt.Description = x.Description;
                    bt.EnablingFactors = x.Enabling;
                    bt.LessonsLearned = x.Lessons;
                }
            }
            foreach (var gone in blocks.Skip(n.Blocks.Count)) practice.Blocks.Remove(gone);
            var results = JsonSerializer.Serialize(practice.Results.OrderBy(r => r.Position).Select(r => new { r.Label, r.Value, r.Unit, r.Baseline, r.Year, r.Indicator }));
            if (results != JsonSerializer.Serialize(n.Results.Select(r => new { r.Label, r.Value, r.Unit, r.Baseline, r.Year, r.Indicator })))
            {
                practice.Results.Clear();
                practice.Results.AddRange(n.Results);
            }

            entities[n.Id] = practice;
            var after = JsonSerializer.Serialize(PracticeHistory.Flatten(practice));
            if (created)
            {
                PracticeHistory.Record(db, practice, "imported", null, now, n.Id, 1);
                report.Count(report.Created, "practices");
            }
            else if (before != after)
            {
                practice.UpdatedAt = now;
                practice.Version = Guid.NewGuid();
                PracticeHistory.Record(db, practice, "imported", null, now, n.Id, await PracticeHistory.NextNumberAsync(db, practice.Id, ct));
                report.Count(report.Updated, "practices");
            }
            else report.Count(report.Unchanged, "practices");
        }
        await db.SaveChangesAsync(ct);
        foreach (var (id, practice) in entities) map[id] = practice.Id;
    }

    private async Task UpsertTransfersAsync(List<TransferNode> nodes, Dictionary<string, int> partners, Dictionary<string, int> practices, ImportReport report, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var n in nodes)
        {
            // CheckLinksAsync made sure both are in the file or held here.
            var source = practices.TryGetValue(n.Source, out var s) ? s : (await FindAsync("practices", n.Source, ct))!.Id;
            int? adopted = n.Adopted is null ? null : practices.TryGetValue(n.Adopted, out var a) ? a : (await FindAsync("practices", n.Adopted, ct))?.Id;
            var agent = partners[n.Agent];
            var blockIds = n.BlockPositions.Count == 0 ? []
                : await db.BuildingBlocks.Where(b => b.PracticeId == source && n.BlockPositions.Contains(b.Position)).Select(b => b.Id).ToListAsync(ct);
            // Transfers carry no identity of their own here: the same partner taking up the same practice on the same day is the same transfer.
            var transfer = await db.PracticeTransfers.Include(t => t.Blocks)
                .FirstOrDefaultAsync(t => t.SourcePracticeId == source && t.AdoptingPartnerId == agent && t.TransferredOn == n.On, ct);
            var created = transfer is null;
            if (transfer is null)
            {
                transfer = new PracticeTransfer { SourcePracticeId = source, AdoptingPartnerId = agent, TransferredOn = n.On, WhatChanged = n.WhatChanged, CreatedAt = now };
                db.PracticeTransfers.Add(transfer);
            }
            var before = $"{transfer.AdoptedPracticeId}|{transfer.WhatChanged}|{transfer.Result}|{transfer.Scope}|{string.Join(',', transfer.Blocks.Select(b => b.BuildingBlockId).Order())}";
            transfer.AdoptedPracticeId = adopted;
            transfer.WhatChanged = n.WhatChanged;
            transfer.Result = n.Result;
            transfer.Scope = blockIds.Count > 0 ? TransferScope.Blocks : TransferScope.Whole;
            transfer.Blocks.RemoveAll(b => !blockIds.Contains(b.BuildingBlockId));
            transfer.Blocks.AddRange(blockIds.Where(b => transfer.Blocks.All(x => x.BuildingBlockId != b)).Select(b => new PracticeTransferBlock { BuildingBlockId = b }));
            var after = $"{transfer.AdoptedPracticeId}|{transfer.WhatChanged}|{transfer.Result}|{transfer.Scope}|{string.Join(',', transfer.Blocks.Select(b => b.BuildingBlockId).Order())}";
            report.Count(created ? report.Created : before != after ? report.Updated : report.Unchanged, "transfers");
        }
    }

    /// <summary>
    /// A whole feed: the network's practices it no longer holds go, and its partners too unless something here still names
    /// them. Only rows of that origin: <see cref="GuardAsync"/> let the harvest write no other, and it removes no other.
    /// </summary>
    private async Task PruneAsync(RegisteredNetwork origin, HashSet<int> partnerIds, HashSet<int> practiceIds, ImportReport report, CancellationToken ct)
    {
        var gonePractices = await db.Practices.Where(p => p.OriginNetworkId == origin.Id && !practiceIds.Contains(p.Id)).ToListAsync(ct);
        foreach (var p in gonePractices)
        {
            db.Practices.Remove(p);
            report.Count(report.Removed, "practices");
        }
        await db.SaveChangesAsync(ct);
        // A partner that left the feed goes too, unless something here still names it (a practice, a member, a transfer, an offer,
        // a request, a conversation, an event it organises, a commitment, news it published).
        var gonePartners = await db.Partners.Where(p => p.OriginNetworkId == origin.Id && !partnerIds.Contains(p.Id)
            && !db.Practices.Any(x => x.PartnerId == p.Id) && !db.PartnerMembers.Any(m => m.PartnerId == p.Id)
            && !db.PracticeTransfers.Any(t => t.AdoptingPartnerId == p.Id)
            && !db.Offers.Any(o => o.PartnerId == p.Id) && !db.Commitments.Any(c => c.PartnerId == p.Id) && !db.Requests.Any(r => r.PartnerId == p.Id || r.MatchedPartnerId == p.Id)
            && !db.Conversations.Any(c => c.OwnerPartnerId == p.Id || c.OtherPartnerId == p.Id)
            && !db.Events.Any(e => e.PartnerId == p.Id) && !db.NewsItems.Any(n => n.PartnerId == p.Id)).ToListAsync(ct);
        foreach (var p in gonePartners)
        {
            db.Partners.Remove(p);
            report.Count(report.Removed, "partners");
        }
    }

    /// <summary>A slug from the last segment of the @id when it is one already, else from the name.</summary>
    private static string SlugFrom(string id, string name)
    {
        var last = id.Split('/', ':', '#').LastOrDefault(x => x.Length > 0) ?? "";
        return last.Length is >= 3 and <= 100 && last.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') ? last : Slugs.From(name);
    }

    private static string UniqueSlug(string slug, HashSet<string> taken)
    {
        var candidate = slug;
        for (var n = 2; !taken.Add(candidate); n++) candidate = $"{slug}-{n}";
        return candidate;
    }
}
