using System.Collections.Concurrent;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Events;

/// <summary>One seeded app per provider for the event tests of a class (started on first use, disposed with the class);
/// each test makes events and people of its own, so tests do not see each other's registrations.</summary>
public sealed class EventTestApps : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<TestApp>> _apps = new();

    public TestApp For(string provider) => _apps.GetOrAdd(provider, p => new Lazy<TestApp>(() =>
    {
        var settings = Mailbox.Settings();
        settings["Events:Interval"] = "00:00:00"; // the tests run the reminders themselves
        var app = new TestApp(p, settings);
        _ = app.Server;
        return app;
    })).Value;

    public void Dispose()
    {
        foreach (var app in _apps.Values.Where(a => a.IsValueCreated)) app.Value.Dispose();
    }

    /// <summary>A new event of a demo partner, with the given places and deadlines relative to now.</summary>
    public static async Task<Event> NewEventAsync(TestApp app, string partnerSlug = "helsinki", int? capacity = null, TimeSpan? startsIn = null,
        TimeSpan? cancelUntilBeforeStart = null, TimeSpan? registerUntilBeforeStart = null)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var partner = db.Partners.Single(p => p.Slug == partnerSlug);
        var now = DateTime.UtcNow;
        var starts = now + (startsIn ?? TimeSpan.FromDays(10));
        var slug = "test-event-" + Guid.NewGuid().ToString("N")[..10];
        var e = new Event
        {
            Slug = slug, PartnerId = partner.Id, Kind = EventKind.Workshop, Language = "en", Title = "Meadow restoration workshop " + slug[^4..],
            Summary = "A day on restoring species-rich meadows.", Description = "We restore meadows together and learn from each other.",
            StartsAt = starts, EndsAt = starts.AddHours(6), TimeZone = "Europe/Helsinki", CountryCode = partner.CountryCode,
            Address = "Pohjoisesplanadi 11–13, Helsinki", Capacity = capacity, CreatedAt = now, UpdatedAt = now,
            CancellationDeadline = cancelUntilBeforeStart is { } c ? starts - c : null,
            RegistrationDeadline = registerUntilBeforeStart is { } r ? starts - r : null,
            Tags = [new EventTag { Scheme = EventTagSchemes.Target, Code = "kmgbf:2" }, new EventTag { Scheme = EventTagSchemes.Language, Code = "en" }],
        };
        db.Events.Add(e);
        await db.SaveChangesAsync();
        return e;
    }

    /// <summary>A confirmed account made directly (no sign-in), for service-level tests; returns its id and address.</summary>
    public static async Task<(string Id, string Email)> PersonAsync(TestApp app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var email = $"attendee-{Guid.NewGuid():N}@example.org";
        var user = new UserAccount { UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(), EmailConfirmed = true, SecurityStamp = Guid.NewGuid().ToString() };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return (user.Id, email);
    }
}
