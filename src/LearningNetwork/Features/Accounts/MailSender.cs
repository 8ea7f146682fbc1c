using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace LearningNetwork.Features.Accounts;

/// <summary>
/// <c>Email:*</c>: where the network's messages go. With <c>Email:SmtpHost</c> set, they are sent over SMTP;
/// without it (the embedded default), each message is written as an .eml file to <c>Storage:Root/mail</c>, so
/// that a developer can open it and nothing is silently lost.
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 25;
    /// <summary>None, StartTls, SslOnConnect or Auto.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "Learning Network <no-reply@learning-network.invalid>";
}

/// <summary>Sends the network's e-mail. A failure to send is the caller's to report: it is never swallowed.</summary>
public sealed class MailSender(IOptions<EmailOptions> options, IOptions<Infrastructure.StorageOptions> storage, ILogger<MailSender> log)
{
    public Task SendAsync(string to, string subject, string textBody, CancellationToken ct) => SendAsync(to, subject, textBody, null, ct);

    /// <summary>Sends with extra header fields (such as <c>List-Unsubscribe</c>), written as given.</summary>
    public Task SendAsync(string to, string subject, string textBody, IReadOnlyDictionary<string, string>? headers, CancellationToken ct) =>
        SendAsync(to, subject, textBody, null, headers, ct);

    /// <summary>Sends plain text, or with <paramref name="htmlBody"/> a multipart/alternative message (text first, then HTML:
    /// a mail program shows the last part it can), with extra header fields written as given.</summary>
    public async Task SendAsync(string to, string subject, string textBody, string? htmlBody, IReadOnlyDictionary<string, string>? headers, CancellationToken ct)
    {
        var o = options.Value;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(o.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = htmlBody is null ? new TextPart("plain") { Text = textBody } : new BodyBuilder { TextBody = textBody, HtmlBody = htmlBody }.ToMessageBody();
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) message.Headers.Add(name, value);

        if (string.IsNullOrWhiteSpace(o.SmtpHost))
        {
            var folder = storage.Value.PathTo("mail");
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}.eml");
            await message.WriteToAsync(file, ct);
            log.LogInformation("No SMTP server configured: e-mail to {To} written to {File}", to, file);
            return;
        }

        using var client = new SmtpClient();
        await client.ConnectAsync(o.SmtpHost, o.SmtpPort, o.Security, ct);
        if (!string.IsNullOrEmpty(o.Username)) await client.AuthenticateAsync(o.Username, o.Password ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}
