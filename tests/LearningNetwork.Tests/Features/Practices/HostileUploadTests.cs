using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using SkiaSharp;

namespace LearningNetwork.Tests.Features.Practices;

/// <summary>Measured alone: the process's memory is what these tests look at, so nothing else may run beside them.</summary>
[CollectionDefinition(nameof(MemoryMeasured), DisableParallelization = true)]
public sealed class MemoryMeasured;

/// <summary>
/// A photo upload costs a bounded amount of memory whatever its header declares: a file of a few hundred bytes that claims
/// millions of pixels is refused before it is decoded, and a real large photo is decoded scaled down, not at full size.
/// </summary>
[Collection(nameof(MemoryMeasured))]
public sealed class HostileUploadTests
{
    private const long Budget = 64L * 1024 * 1024;

    [Fact]
    public void A_png_header_declaring_49_megapixels_is_refused_without_decoding_it()
    {
        var crafted = PngHeader(7000, 7000);
        Assert.True(crafted.Length < 1000);
        var (result, managed, native) = Measure(() => PracticeFiles.Inspect(crafted));
        Assert.Equal("Attachment.TooManyPixels", result.Refusal);
        Assert.InRange(managed, 0, Budget);
        Assert.InRange(native, 0, Budget);
    }

    [Fact]
    public void A_jpeg_whose_header_claims_24_megapixels_but_holds_none_costs_no_more_than_the_budget()
    {
        var crafted = WithJpegSize(Jpeg(64, 48), 6000, 4000);
        Assert.True(crafted.Length < 2000);
        var (result, managed, native) = Measure(() => PracticeFiles.Inspect(crafted));
        // The JPEG decoder makes up the rows the file lacks, so the codec reports no error: what matters is that the
        // promised pixels were decoded scaled down, not at full size.
        Assert.True(result.Refusal is null ? (result.Width, result.Height) == (2560, 1707) : result.Refusal == "Attachment.BrokenImage", result.Refusal);
        Assert.InRange(managed, 0, Budget);
        Assert.InRange(native, 0, Budget);
    }

    [Fact]
    public void A_real_24_megapixel_photo_is_decoded_scaled_down_within_the_budget()
    {
        var photo = Jpeg(6000, 4000);
        var (result, managed, native) = Measure(() => PracticeFiles.Inspect(photo));
        Assert.Null(result.Refusal);
        Assert.Equal(AttachmentKind.Photo, result.Kind);
        Assert.Equal(2560, result.Width);
        Assert.Equal(1707, result.Height);
        using (var saved = SKBitmap.Decode(result.Bytes)) Assert.Equal((2560, 1707), (saved.Width, saved.Height));
        Assert.InRange(managed, 0, Budget);
        Assert.InRange(native, 0, Budget);
    }

    [Fact]
    public void A_tall_photo_is_kept_within_2560_pixels_on_its_longer_side()
    {
        var result = PracticeFiles.Inspect(Jpeg(1000, 6000));
        Assert.Null(result.Refusal);
        Assert.Equal((427, 2560), (result.Width, result.Height));
        using var thumb = SKBitmap.Decode(result.Thumbnail);
        Assert.Equal(640, thumb.Height);
    }

    [Fact]
    public void A_png_larger_than_can_be_decoded_scaled_is_refused_and_one_within_the_budget_is_taken()
    {
        Assert.Equal("Attachment.TooManyPixels", PracticeFiles.Inspect(PngHeader(5000, 4000)).Refusal);
        var fits = PracticeFiles.Inspect(PracticeSafetyTests.Png(3000, 2000));
        Assert.Null(fits.Refusal);
        Assert.Equal((2560, 1707), (fits.Width, fits.Height));
    }

    [Fact]
    public async Task Uploads_beyond_the_nodes_inspection_slots_wait_briefly_then_are_refused_as_busy()
    {
        var held = Enumerable.Range(0, PracticeFiles.ConcurrentInspections).Select(_ => new HeldStream()).ToList();
        var holding = held.Select(s => PracticeFiles.InspectAsync(s, CancellationToken.None)).ToList();
        await Task.WhenAll(held.Select(s => s.Reading.Task)); // every slot is taken by an upload being read
        var busy = await PracticeFiles.InspectAsync(new MemoryStream(PracticeSafetyTests.Png()), CancellationToken.None, TimeSpan.FromMilliseconds(200));
        Assert.Equal("Attachment.Busy", busy.Refusal);
        foreach (var s in held) s.Release.SetResult();
        Assert.All(await Task.WhenAll(holding), r => Assert.Equal("Attachment.Empty", r.Refusal));
        var after = await PracticeFiles.InspectAsync(new MemoryStream(PracticeSafetyTests.Png()), CancellationToken.None, TimeSpan.FromMilliseconds(200));
        Assert.Null(after.Refusal);
    }

    /// <summary>A stream that says when it is first read and ends (empty) only when released.</summary>
    private sealed class HeldStream : MemoryStream
    {
        public TaskCompletionSource Reading { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Reading.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            return 0;
        }
    }

    /// <summary>
    /// Runs the inspection and returns what it allocated on the managed heap and how far the process's resident memory
    /// rose above where it stood (Linux: the peak is reset through /proc/self/clear_refs; elsewhere 0). Skia's pixels are
    /// native memory, which only the second figure sees.
    /// </summary>
    private static (InspectedUpload Result, long Managed, long Native) Measure(Func<InspectedUpload> inspect)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var linux = OperatingSystem.IsLinux();
        long before = 0;
        if (linux)
        {
            File.WriteAllText("/proc/self/clear_refs", "5"); // the peak resident size starts again from the current one
            before = Status("VmRSS");
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var result = inspect();
        var managed = GC.GetAllocatedBytesForCurrentThread() - allocated;
        // The kernel batches resident-size counters per thread (up to 64 pages each), so the peak can read a few pages below the
        // size read just before: a small negative difference is noise, read as nothing.
        var native = linux ? Math.Max(0, Status("VmHWM") - before) : 0;
        return (result, managed, native);
    }

    private static long Status(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    internal static byte[] Jpeg(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(new SKColor(90, 140, 60));
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Jpeg, 80).ToArray();
    }

    /// <summary>A real JPEG's start-of-frame rewritten to claim other dimensions: the entropy-coded data stays tiny.</summary>
    private static byte[] WithJpegSize(byte[] jpeg, int width, int height)
    {
        var bytes = (byte[])jpeg.Clone();
        for (var i = 2; i < bytes.Length - 9; i++)
            if (bytes[i] == 0xFF && bytes[i + 1] is 0xC0 or 0xC1 or 0xC2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(i + 5), (ushort)height);
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(i + 7), (ushort)width);
                return bytes;
            }
        throw new InvalidOperationException("no start-of-frame marker");
    }

    /// <summary>A PNG whose header declares the dimensions, with one short compressed row: a few hundred bytes in all.</summary>
    private static byte[] PngHeader(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 6; // RGBA
        Chunk(png, "IHDR", header);
        using var data = new MemoryStream();
        using (var zlib = new ZLibStream(data, CompressionLevel.SmallestSize, leaveOpen: true)) zlib.Write(new byte[1 + width * 4]);
        Chunk(png, "IDAT", data.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
