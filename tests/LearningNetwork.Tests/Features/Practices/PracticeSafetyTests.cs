using System.IO.Compression;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using SkiaSharp;

namespace LearningNetwork.Tests.Features.Practices;

/// <summary>What partners write and upload never reaches a page as markup or as a disguised file.</summary>
public sealed class PracticeSafetyTests
{
    public static TheoryData<string> XssPayloads => new()
    {
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![x](javascript:alert(1))",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<svg onload=alert(1)>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<details open ontoggle=alert(1)>",
        "<<script>script>alert(1)<</script>/script>",
        "[x](vbscript:msgbox(1))",
        "<style>body{display:none}</style>",
        "<form action=https://evil.example><input name=p></form>",
        "[a](https://ok.example \"title\" onmouseover=alert(1))",
        "`<script>` is code, <b onclick=alert(1)>bold</b>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
    };

    [Theory]
    [MemberData(nameof(XssPayloads))]
    public void Markdown_never_renders_script_event_handlers_or_dangerous_links(string payload)
    {
        var html = PracticeMarkdown.Render("Intro\n\n" + payload + "\n\n**end**").ToString()!;
        var lower = html.ToLowerInvariant();
        foreach (var forbidden in new[] { "<script", "<img", "<iframe", "<svg", "<style", "<form", "<input", "<details", "<math" })
            Assert.DoesNotContain(forbidden, lower, StringComparison.Ordinal);
        // Inside real tags only: escaped markup shown as text ("&lt;a href=...") is harmless.
        Assert.DoesNotMatch(@"<[a-z][^>]*\s(href|src)\s*=\s*[""']?\s*(javascript|vbscript|data):", lower);
        Assert.DoesNotMatch(@"<[^>]+\son[a-z]+\s*=", lower);
        Assert.Contains("<strong>end</strong>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_keeps_what_partners_need()
    {
        var html = PracticeMarkdown.Render("# Heading\n\n- one\n- two\n\n[site](https://example.org) and **bold**").ToString()!;
        Assert.Contains("<h3", html, StringComparison.Ordinal);
        Assert.Contains("<li>one</li>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.org\"", html, StringComparison.Ordinal);
        Assert.Contains("rel=\"nofollow noopener noreferrer\"", html, StringComparison.Ordinal);
    }

    internal static byte[] Png(int width = 40, int height = 30)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(new SKColor(30, 120, 60));
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Png, 100).ToArray();
    }

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(content);
            }
        return buffer.ToArray();
    }

    [Fact]
    public void Uploads_are_judged_by_their_content()
    {
        var photo = PracticeFiles.Inspect(Png(3000, 1500));
        Assert.Null(photo.Refusal);
        Assert.Equal(AttachmentKind.Photo, photo.Kind);
        Assert.Equal("image/jpeg", photo.ContentType); // re-encoded, without metadata
        Assert.Equal(2560, photo.Width);
        Assert.Equal(1280, photo.Height);
        Assert.NotNull(photo.Thumbnail);
        using (var thumb = SKBitmap.Decode(photo.Thumbnail)) Assert.Equal(640, thumb.Width);

        var fake = Png().Take(16).Concat(new byte[4000]).ToArray(); // starts like a PNG, is not one
        Assert.Equal("Attachment.BrokenImage", PracticeFiles.Inspect(fake).Refusal);
        Assert.Equal("Attachment.UnknownType", PracticeFiles.Inspect("<html><script>alert(1)</script></html>"u8.ToArray()).Refusal);
        Assert.Equal("Attachment.UnknownType", PracticeFiles.Inspect("MZ\u0090\0\u0003"u8.ToArray()).Refusal);
        Assert.Equal("Attachment.UnknownType", PracticeFiles.Inspect(Zip(("evil.exe", "MZ"))).Refusal);
        Assert.Equal("Attachment.Empty", PracticeFiles.Inspect([]).Refusal);
        Assert.Equal("Attachment.TooBig", PracticeFiles.Inspect(new byte[PracticeFiles.MaxBytes + 1]).Refusal);

        Assert.Equal("application/pdf", PracticeFiles.Inspect("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n"u8.ToArray()).ContentType);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            PracticeFiles.Inspect(Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>"))).ContentType);
        Assert.Equal("application/vnd.oasis.opendocument.text", PracticeFiles.Inspect(Zip(("mimetype", "application/vnd.oasis.opendocument.text"))).ContentType);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>.png", "image/jpeg", "script.jpg")]
    [InlineData("../../etc/passwd", "application/pdf", "passwd.pdf")]
    [InlineData("C:\\Users\\me\\report.final.exe", "application/pdf", "report.final.pdf")]
    [InlineData("\u0000\u001b.hidden", "application/pdf", "hidden.pdf")]
    [InlineData("", "image/jpeg", "file.jpg")]
    public void File_names_lose_paths_markup_and_lying_extensions(string uploaded, string type, string expected) =>
        Assert.Equal(expected, PracticeFiles.CleanName(uploaded, type));
}
