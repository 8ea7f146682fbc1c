using LearningNetwork.Data;
using LearningNetwork.Features.About;
using LearningNetwork.Features.Accounts;
using LearningNetwork.Features.ApiKeys;
using LearningNetwork.Features.Commitments;
using LearningNetwork.Features.Glossary;
using LearningNetwork.Features.Interchange;
using LearningNetwork.Features.Map;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Membership;
using LearningNetwork.Features.Moderation;
using LearningNetwork.Features.Networks;
using LearningNetwork.Features.OpenData;
using LearningNetwork.Features.Partners;
using LearningNetwork.Features.Practices;
using LearningNetwork.Features.Privacy;
using LearningNetwork.Features.Search;
using LearningNetwork.Features.Targets;
using LearningNetwork.Features.Translation;
using LearningNetwork.Features.Webhooks;
using LearningNetwork.Infrastructure;
using LearningNetwork.Infrastructure.CommandLine;
using LearningNetwork.Infrastructure.DemoNetwork;
using LearningNetwork.Infrastructure.Localization;
using LearningNetwork.Infrastructure.Outbound;
using LearningNetwork.Infrastructure.Web;
using LearningNetwork.ReferenceData;

// One executable: the web server, or an admin verb (migrate, create-admin, export, import, --help) with the same configuration.
var command = AdminCommand.Parse(args);
if (command.Exit is { } exitNow) return exitNow;

var builder = WebApplication.CreateBuilder(command.ConfigurationArgs);
builder.AddStorage();
builder.AddSite();
builder.AddData();
builder.AddReferenceData();
builder.AddDemoNetwork();
builder.AddInterfaceLanguages();
builder.AddWebShell();
builder.AddApiPolicies();
builder.AddAccounts();
builder.AddApiKeys();
builder.Services.AddPartners();
builder.Services.AddScoped<MembershipService>();
builder.AddPractices();
builder.AddInterchange();
builder.AddOutbound();
builder.AddNetworks();
builder.AddWebhooks();
builder.AddSearch();
builder.AddTargets();
builder.AddGlossary();
builder.AddMarketplace();
builder.AddCommitments();
builder.Services.AddScoped<OpenDataSets>();
builder.AddPrivacy();
builder.AddModeration();
builder.AddMachineTranslation();
builder.AddAbout();

var app = builder.Build();
if (command.Verb is not null) return await command.RunAsync(app);

app.UseWebShell();
app.UseApiPolicies();
app.UseAccounts();
app.UseJsonApiProtection();
app.MapWebShell();
app.MapPartnersApi();
app.MapMapApi();
app.MapPractices();
app.MapPracticesWriteApi();
app.MapInterchange();
app.MapOpenData();
app.MapPracticeFeed();
app.MapSearchApi();
app.MapTargetsApi();
app.MapMarketplaceApi();
app.MapCommitmentsApi();
app.MapTranslationsApi();

return await app.RunServerAsync();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
