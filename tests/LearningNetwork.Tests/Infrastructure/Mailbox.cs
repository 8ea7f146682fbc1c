using MimeKit;

namespace LearningNetwork.Tests.Infrastructure;

/// <summary>
/// The messages the app sent: received by the SMTP server ./test.sh starts (a maildir), or, when the tests run
/// without it outside CI, the .eml files the app writes to Storage:Root/mail when no SMTP server is configured.
/// </summary>
public static class Mailbox
{
    public static string? SmtpPort => Environment.GetEnvironmentVariable("LN_TEST_SMTP_PORT");
    private static string? Maildir => Environment.GetEnvironmentVariable("LN_TEST_MAILDIR");

    public static IDictionary<string, string?> Settings()
    {
        if (SmtpPort is null)
        {
            if (Environment.GetEnvironmentVariable("CI") is not null) throw new InvalidOperationException("In CI the SMTP server must run: use ./test.sh.");
            return new Dictionary<string, string?>();
        }
        return new Dictionary<string, string?> { ["Email:SmtpHost"] = "127.0.0.1", ["Email:SmtpPort"] = SmtpPort, ["Email:Security"] = "None" };
    }

    /// <summary>Waits for the latest message to an address.</summary>
    public static async Task<MimeMessage> LatestToAsync(TestApp app, string address, int atLeast = 1)
    {
        var folder = Maildir is not null && SmtpPort is not null ? Path.Combine(Maildir, "new") : Path.Combine(app.StorageRoot, "mail");
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (Directory.Exists(folder))
            {
                var messages = Directory.EnumerateFiles(folder)
                    .OrderBy(File.GetLastWriteTimeUtc).ThenBy(f => f, StringComparer.Ordinal)
                    .Select(f => MimeMessage.Load(f))
                    .Where(m => m.To.Mailboxes.Any(x => string.Equals(x.Address, address, StringComparison.OrdinalIgnoreCase)))
                    .ToList();
                if (messages.Count >= atLeast) return messages[^1];
            }
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"No message to {address} arrived in {folder}.");
    }

    /// <summary>The first link of the site in a message.</summary>
    public static string LinkIn(MimeMessage message) =>
        System.Text.RegularExpressions.Regex.Match(message.TextBody ?? "", @"https?://\S+").Value;
}
